"""Reading products, variants, counts and the shop through the client."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from . import cost as costs
from .client import AdminClient
from .documents import load
from .errors import BadResponseError, MaxCostExceededError
from .products import (
    CollectionRef,
    Product,
    ProductFields,
    Variant,
    connection_nodes,
    media_from,
    product_from,
    variant_from,
)
from .search import all_of, or_batches, raw_term, term

MAX_PAGE = 250
# Shopify stops cursor pagination at 25,000 objects; restart well before it.
RESTART_AFTER = 20_000
TEXT_FIELDS = ProductFields()


@dataclass(frozen=True)
class ProductPage:
    """One page of products; ``last_id`` lets a caller resume with ``after_id``."""

    products: list[Product]
    has_next_page: bool
    last_id: int | None


@dataclass(frozen=True)
class ProductCount:
    """``exact`` is False when Shopify counted only up to a limit ("at least");
    ``upper_bound`` is True when products are also filtered after reading, so
    fewer may actually qualify."""

    count: int
    exact: bool
    upper_bound: bool = False


@dataclass(frozen=True)
class ShopInfo:
    name: str
    myshopify_domain: str
    currency_code: str


def iter_product_pages(client: AdminClient, *, query: str | None = None,
                       fields: ProductFields = TEXT_FIELDS, page_size: int = MAX_PAGE,
                       after_id: int | None = None) -> Iterator[ProductPage]:
    """Pages of products matching ``query`` in id order.

    The page size is the largest (≤ ``page_size``) whose estimated cost fits
    one request, and is halved if Shopify still finds it too costly. Walks past
    Shopify's 25,000-object pagination limit by restarting from the last id.
    """
    document = load("ProductsPage")
    base = fields.variables()
    size = min(page_size, costs.fit_page_size(document, base, largest=min(page_size, MAX_PAGE)))
    cursor: str | None = None
    seen_in_chain = 0
    last_id = after_id
    chain_query = all_of(query, raw_term("id", f">{last_id}") if last_id else None)
    while True:
        try:
            data = client.execute("ProductsPage", {**base, "first": size, "after": cursor,
                                                   "query": chain_query})
        except MaxCostExceededError:
            if size == 1:
                raise
            size = max(1, size // 2)
            continue
        connection = data.get("products") or {}
        products = [product_from(raw) for raw in connection_nodes(connection)]
        if fields.media:
            products = [complete_media(client, p, fields) for p in products]
        info = connection.get("pageInfo") or {}
        has_next = bool(info.get("hasNextPage"))
        if products:
            last_id = products[-1].numeric_id
        yield ProductPage(products=products, has_next_page=has_next, last_id=last_id)
        if not has_next or not products:
            return
        seen_in_chain += len(products)
        if seen_in_chain >= RESTART_AFTER:
            cursor, seen_in_chain = None, 0
            chain_query = all_of(query, raw_term("id", f">{last_id}"))
        else:
            cursor = info.get("endCursor")
            if not cursor:
                raise BadResponseError("products page without endCursor", operation="ProductsPage")


def iter_products(client: AdminClient, *, query: str | None = None,
                  fields: ProductFields = TEXT_FIELDS,
                  page_size: int = MAX_PAGE) -> Iterator[Product]:
    """Every product matching ``query``, page by page."""
    for page in iter_product_pages(client, query=query, fields=fields, page_size=page_size):
        yield from page.products


def complete_media(client: AdminClient, product: Product, fields: ProductFields) -> Product:
    """Fetch the rest of a product's images when the first page was full."""
    if product.media is None or len(product.media) < fields.media_first:
        return product
    images = []
    cursor: str | None = None
    while True:
        data = client.execute("ProductMediaPage", {"id": product.id, "first": MAX_PAGE,
                                                   "after": cursor})
        connection = (data.get("product") or {}).get("media") or {}
        images += [media_from(m) for m in connection_nodes(connection)
                   if m.get("id", "").startswith("gid://shopify/MediaImage/")]
        info = connection.get("pageInfo") or {}
        if not info.get("hasNextPage") or not info.get("endCursor"):
            return replace(product, media=tuple(images))
        cursor = info["endCursor"]


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def get_products(client: AdminClient, ids: Iterable[str],
                 fields: ProductFields = TEXT_FIELDS) -> dict[str, Product | None]:
    """Products by id (any number; sent in batches), ``None`` for ids Shopify
    no longer has."""
    wanted = list(dict.fromkeys(ids))
    document = load("ProductsByIds")
    base = fields.variables()
    # Size the batch by cost: each id costs one product selection.
    per_product = costs.uncapped_cost(document, {**base, "ids": ["x"]})
    batch = max(1, min(MAX_PAGE, costs.MAX_QUERY_COST // max(per_product, 1)))
    found: dict[str, Product | None] = dict.fromkeys(wanted)
    for chunk in _chunks(wanted, batch):
        data = client.execute("ProductsByIds", {**base, "ids": list(chunk)})
        for raw in data.get("nodes") or ():
            if raw and raw.get("id") in found:
                product = product_from(raw)
                found[product.id] = (complete_media(client, product, fields)
                                     if fields.media else product)
    return found


def iter_products_by_ids(client: AdminClient, ids: Iterable[str],
                         fields: ProductFields = TEXT_FIELDS) -> Iterator[Product]:
    """The products of ``ids`` that still exist, in the order given."""
    wanted = list(dict.fromkeys(ids))
    for chunk in _chunks(wanted, MAX_PAGE):
        for product in get_products(client, chunk, fields).values():
            if product is not None:
                yield product


def variants_by_sku(client: AdminClient, skus: Iterable[str], *,
                    image_size: int | None = None) -> dict[str, list[Variant]]:
    """Variants whose SKU equals one of ``skus`` exactly (several may share one).

    ``image_size`` asks for image addresses of pictures scaled to fit that many pixels.

    SKUs go out in ``sku:"A" OR sku:"B"`` batches of bounded length; Shopify's
    search is looser than equality, so matches are re-checked here.
    """
    result: dict[str, list[Variant]] = {}
    # Shopify charges the requested page size up front: ask for about as many variants
    # as the batch has SKUs (a few more for shared SKUs), within one query's budget.
    largest = costs.fit_page_size(load("ProductVariantsBySku"), {"query": ""},
                                  largest=MAX_PAGE)
    for batch, query in or_batches("sku", [s for s in skus if s]):
        wanted = set(batch)
        for sku in batch:
            result.setdefault(sku, [])
        cursor: str | None = None
        first = min(largest, len(batch) + 5)
        while True:
            data = client.execute("ProductVariantsBySku",
                                  {"first": first, "after": cursor, "query": query,
                                   "imageSize": image_size})
            connection = data.get("productVariants") or {}
            for raw in connection_nodes(connection):
                variant = variant_from(raw)
                if variant.sku in wanted:
                    result[variant.sku].append(variant)
            info = connection.get("pageInfo") or {}
            if not info.get("hasNextPage") or not info.get("endCursor"):
                break
            cursor, first = info["endCursor"], largest
    return result


def count_products(client: AdminClient, query: str | None = None, *,
                   limit: int | None = None) -> ProductCount:
    """How many products match ``query`` (``limit`` caps the counting; None
    counts them all)."""
    data = client.execute("ProductsCount", {"query": query, "limit": limit})
    raw = data.get("productsCount") or {}
    if not isinstance(raw.get("count"), int):
        raise BadResponseError("productsCount without a count", operation="ProductsCount")
    return ProductCount(count=raw["count"], exact=raw.get("precision", "EXACT") == "EXACT")


def get_shop(client: AdminClient) -> ShopInfo:
    """The shop's name, myshopify domain and currency."""
    shop = client.execute("ShopInfo").get("shop") or {}
    try:
        return ShopInfo(name=shop["name"], myshopify_domain=shop["myshopifyDomain"],
                        currency_code=shop["currencyCode"])
    except KeyError as exc:
        raise BadResponseError(f"shop without {exc}", operation="ShopInfo") from exc



def search_collections(client: AdminClient, text: str | None = None, *,
                       limit: int = 50) -> list[CollectionRef]:
    """Collections whose title matches ``text`` (all when empty), by title."""
    query = term("title", text.strip()) if text and text.strip() else None
    data = client.execute("CollectionsPage", {"first": min(limit, 250), "query": query})
    nodes = ((data.get("collections") or {}).get("nodes")) or []
    return [CollectionRef(id=n["id"], title=n.get("title") or "", handle=n.get("handle") or "")
            for n in nodes if n and n.get("id")]


def collection_title(client: AdminClient, collection_id: str) -> str | None:
    """The title of one collection, or None when the store has no such collection."""
    data = client.execute("CollectionTitle", {"id": collection_id})
    node = data.get("collection") or {}
    return node.get("title") or None


def search_products(client: AdminClient, text: str | None = None, *,
                    limit: int = 25) -> list[dict[str, Any]]:
    """Products whose title matches ``text``: id, title, status, image url."""
    query = term("title", text.strip()) if text and text.strip() else None
    data = client.execute("ProductSearch", {"first": min(limit, 250), "query": query})
    found = []
    for node in ((data.get("products") or {}).get("nodes")) or []:
        image = (((node.get("featuredMedia") or {}).get("preview") or {}).get("image") or {})
        found.append({"id": node["id"], "title": node.get("title") or "",
                      "status": node.get("status"), "image_url": image.get("url")})
    return found
