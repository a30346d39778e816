"""Finding the store's product, variant or image each row names (id, handle, SKU,
options, image position or URL), or the reason it can't be found.

`load_index` reads only the products the file names: by id, handle and SKU in
batched queries for ordinary files, or one pass over the whole catalog (a bulk
query on large stores) when the file names many products; and of each product only
the parts the file's values need (no images without an image value, no variants
without a price), kept as compact entries.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from shopify_app.shopify import (
    ProductFields,
    get_products,
    iter_products,
    iter_scope,
    read_variant_prices,
    variants_by_sku,
)
from shopify_app.shopify.search import or_batches
from shopify_app.spreadsheets import ImageRef, ProductRef, VariantRef

from .entries import compact

READ_FIELDS = ProductFields(text=True, media=True, variants=True, media_first=50,
                            variants_first=100)
# Fields read only for these values (title, status, tags… come with every product).
TEXT_VALUES = ("description_html", "seo_title", "seo_description")
# Above this many named products one pass over the catalog beats lookups by key.
FULL_READ_AFTER = 250
DEFAULT_OPTION = "default title"


@dataclass(frozen=True, slots=True)
class Target:
    product: Any
    variant: Any = None
    image: Any = None


@dataclass
class Wanted:
    """The keys a file names, gathered before reading the store."""

    ids: set[str] = field(default_factory=set)
    handles: set[str] = field(default_factory=set)
    skus: set[str] = field(default_factory=set)
    variant_ids: set[str] = field(default_factory=set)
    image_ids: set[str] = field(default_factory=set)
    loose_images: bool = False  # an image named by id alone: only a full read finds it
    values: set[str] = field(default_factory=set)  # the fields the file sets
    variants: bool = False  # some value is a variant's
    images: bool = False  # some value is an image's

    def add(self, ref: Any, value: str | None = None) -> None:
        if value is not None:
            self.values.add(value)
        self.variants |= isinstance(ref, VariantRef)
        self.images |= isinstance(ref, ImageRef)
        if isinstance(ref, ProductRef):
            if ref.id:
                self.ids.add(ref.id)
            elif ref.handle:
                self.handles.add(ref.handle)
            return
        if isinstance(ref, VariantRef):
            if ref.id:
                self.variant_ids.add(ref.id)
            elif ref.sku:
                self.skus.add(ref.sku)
            elif ref.product is not None:
                self.add(ref.product)
            return
        if isinstance(ref, ImageRef):
            if ref.product is not None:
                self.add(ref.product)
            if ref.id:
                self.image_ids.add(ref.id)
                self.loose_images |= ref.product is None

    @property
    def fields(self) -> ProductFields:
        """The parts of each product to read: only what the file's values need."""
        return replace(READ_FIELDS, text=bool(self.values.intersection(TEXT_VALUES)),
                       media=self.images, variants=self.variants)

    @property
    def size(self) -> int:
        return (len(self.ids) + len(self.handles) + len(self.skus) + len(self.variant_ids)
                + len(self.image_ids))

    def names(self, product: Any) -> bool:
        """Whether a product read from the catalog is one the file names."""
        return (product.id in self.ids or product.handle.lower() in self.handles
                or any(v.id in self.variant_ids or (v.sku and v.sku in self.skus)
                       for v in product.variants or ())
                or any(m.id in self.image_ids for m in product.media or ()))


class Index:
    """The products a file names, by every key a row may use."""

    def __init__(self, products: Iterable[Any] = ()) -> None:
        self.by_id: dict[str, Any] = {}
        self.by_handle: dict[str, Any] = {}
        # One Target per variant and image, shared by every lookup that finds it.
        self.by_variant: dict[str, Target] = {}
        self.by_sku: dict[str, Target] = {}  # the first variant with each SKU
        self.sku_counts: dict[str, int] = {}  # only SKUs that several variants share
        self.by_image: dict[str, Target] = {}
        self._shared: dict[Any, Any] = {}  # see entries.compact
        for product in products:
            self.add(product)

    def add(self, product: Any) -> None:
        if product is None or product.id in self.by_id:
            return
        product = compact(product, self._shared)
        self.by_id[product.id] = product
        handle = product.handle.lower()
        # Handles are lowercase as a rule: keep one string, not a lowered copy.
        self.by_handle[product.handle if handle == product.handle else handle] = product
        for variant in product.variants or ():
            target = self.by_variant[variant.id] = Target(product, variant)
            if variant.sku:
                if variant.sku in self.by_sku:
                    self.sku_counts[variant.sku] = self.sku_counts.get(variant.sku, 1) + 1
                else:
                    self.by_sku[variant.sku] = target
        for image in product.media or ():
            self.by_image[image.id] = Target(product, image=image)

    def key_text(self, field_name: str, text: str) -> str:
        """The index's own copy of a key read from the file, when it holds one (see
        ImportSettings.key_text): the refs the file's rows leave behind then share it."""
        if field_name in ("id", "handle"):
            product = (self.by_id if field_name == "id" else self.by_handle).get(text)
            own = product and (product.id if field_name == "id" else product.handle)
        elif field_name in ("variant_id", "sku"):
            target = (self.by_variant if field_name == "variant_id" else self.by_sku).get(text)
            own = target and (target.variant.id if field_name == "variant_id"
                              else target.variant.sku)
        else:
            image = self.by_image.get(text) if field_name == "image_id" else None
            own = image and image.image.id
        return own if own == text else text

    def resolve(self, ref: Any) -> Target | str:
        """The object a reference names, or why it can't be used (a merchant's sentence)."""
        if isinstance(ref, ProductRef):
            return self._product(ref)
        if isinstance(ref, VariantRef):
            return self._variant(ref)
        return self._image(ref)

    def _product(self, ref: ProductRef) -> Target | str:
        if ref.id:
            found = self.by_id.get(ref.id)
            return Target(found) if found else f"No product with ID {ref.id} in the store."
        found = self.by_handle.get((ref.handle or "").lower())
        return Target(found) if found else f'No product with handle "{ref.handle}" in the store.'

    def _variant(self, ref: VariantRef) -> Target | str:
        if ref.id:
            hit = self.by_variant.get(ref.id)
            return hit if hit else f"No variant with ID {ref.id} in the store."
        if ref.sku:
            match = self.by_sku.get(ref.sku)
            if match is None:
                return f'No variant with SKU "{ref.sku}" in the store.'
            if ref.sku in self.sku_counts:
                return (f'{self.sku_counts[ref.sku]} variants share the SKU "{ref.sku}": add '
                        "the variant ID to say which one.")
            return match
        owner = self._product(ref.product) if ref.product else "This row names no product."
        if isinstance(owner, str):
            return owner
        variants = list(owner.product.variants or ())
        if ref.options:
            wanted = [o.casefold() for o in ref.options]
            for variant in variants:
                if [value.casefold() for _, value in variant.options] == wanted:
                    return Target(owner.product, variant)
            if wanted == [DEFAULT_OPTION] and len(variants) == 1:
                return Target(owner.product, variants[0])
            return (f'{ref.product.describe().capitalize()} has no variant '
                    f'"{" / ".join(ref.options)}".')
        if len(variants) == 1:
            return Target(owner.product, variants[0])
        return (f"{ref.product.describe().capitalize()} has {len(variants)} variants: add the "
                "SKU or variant ID to say which one.")

    def _image(self, ref: ImageRef) -> Target | str:
        if ref.id:
            hit = self.by_image.get(ref.id)
            return hit if hit else f"No image with ID {ref.id} in the store."
        owner = self._product(ref.product) if ref.product else "This row names no product."
        if isinstance(owner, str):
            return owner
        images = list(owner.product.media or ())
        if ref.position is not None:
            if ref.position <= len(images):
                return Target(owner.product, image=images[ref.position - 1])
            return (f"{ref.product.describe().capitalize()} has {len(images)} image"
                    f"{'s' if len(images) != 1 else ''}, not {ref.position}.")
        wanted = _plain_url(ref.url)
        for image in images:
            if _plain_url(image.url) == wanted:
                return Target(owner.product, image=image)
        return f"{ref.product.describe().capitalize()} has no image {ref.url}."


def _plain_url(url: str | None) -> str:
    parts = urlsplit((url or "").strip())
    return f"{parts.netloc}{parts.path}".lower()


def load_index(client: Any, wanted: Wanted) -> Index:
    """Read the products the file names from the store (within the client's rate limit)."""
    index = Index()
    fields = wanted.fields
    if wanted.size > FULL_READ_AFTER or wanted.loose_images:
        for product in iter_scope(client, {"type": "all"}, fields):
            if wanted.names(product):
                index.add(product)
        return index
    product_ids = set(wanted.ids)
    for batch, query in or_batches("handle", sorted(wanted.handles)):
        for product in iter_products(client, query=query, fields=fields):
            if product.handle.lower() in batch:
                index.add(product)
    for variants in variants_by_sku(client, sorted(wanted.skus)).values():
        product_ids.update(v.product_id for v in variants if v.product_id)
    for price in read_variant_prices(client, sorted(wanted.variant_ids)).values():
        if price is not None and price.product_id:
            product_ids.add(price.product_id)
    missing = sorted(product_ids - set(index.by_id))
    for product in get_products(client, missing, fields).values():
        index.add(product)
    return index
