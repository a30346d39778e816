"""A deterministic demo catalog: the same shop domain always gets the same products.

Roughly a third of the products have no description, about half of the
images have no alt text and some products are DRAFT or ARCHIVED, so the app
always has work to find. Records are dicts shaped like the GraphQL types;
keys starting with "_" are the sandbox's own bookkeeping.
"""

from __future__ import annotations

import hashlib
import random
import re
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from . import images
from .catalog_data import (
    ADJECTIVES,
    BULLETS,
    CATEGORIES,
    COLLECTIONS,
    COLORS,
    EXTRA_TAGS,
    SENTENCES,
    VENDORS,
)
from .ids import gid, iso

if TYPE_CHECKING:
    from .state import ShopStore

# Catalog dates are fixed so two runs produce byte-identical data.
CATALOG_EPOCH = datetime(2025, 6, 1, tzinfo=UTC)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def shop_seed(domain: str) -> int:
    return int(hashlib.sha256(domain.encode()).hexdigest()[:12], 16)


def _description(rng: random.Random, ctx: dict[str, str]) -> str:
    sentences = rng.sample(SENTENCES, k=rng.randint(2, 4))
    body = " ".join(s.format(**ctx) for s in sentences)
    if rng.random() < 0.5:
        return f"<p>{body}</p>"
    bullet = rng.choice(BULLETS)
    return f"<p>{body}</p>\n<ul><li>{ctx['material']}</li><li>{bullet}</li></ul>"


def build_product(
    shop: ShopStore, rng: random.Random, index: int, overrides: dict[str, Any] | None = None
) -> dict[str, Any]:
    """One product with its variants, media and metafields, ids taken from the shop."""
    product_type = rng.choice(sorted(CATEGORIES))
    category = CATEGORIES[product_type]
    nouns, materials = category.nouns, category.materials
    option_name, option_values = category.option, category.values
    noun, material = rng.choice(nouns), rng.choice(materials)
    color_name, color = rng.choice(COLORS)
    vendor = rng.choice(VENDORS)
    title = f"{rng.choice(ADJECTIVES)} {color_name} {material} {noun}"
    created = CATALOG_EPOCH - timedelta(days=rng.uniform(30, 540), seconds=rng.randint(0, 86399))
    updated = min(CATALOG_EPOCH, created + timedelta(days=rng.uniform(0, 120)))
    status = rng.choices(["ACTIVE", "DRAFT", "ARCHIVED"], weights=[80, 12, 8])[0]
    tags = sorted(
        {
            slugify(product_type),
            slugify(color_name),
            slugify(material),
            *rng.sample(EXTRA_TAGS, k=rng.randint(0, 3)),
        }
    )
    ctx = {
        "material": material,
        "material_lc": material.lower(),
        "noun_lc": noun.lower(),
        "color_lc": color_name.lower(),
        "vendor": vendor,
    }
    description = "" if rng.random() < 0.33 else _description(rng, ctx)
    number = shop.next_id("Product")
    handle = shop.unique_handle(slugify(title))
    product: dict[str, Any] = {
        "__typename": "Product",
        "_n": number,
        "_index": index,
        "_collections": [],
        "id": gid("Product", number),
        "legacyResourceId": str(number),
        "title": title,
        "handle": handle,
        "descriptionHtml": description,
        "productType": product_type,
        "vendor": vendor,
        "tags": tags,
        "status": status,
        "createdAt": iso(created),
        "updatedAt": iso(updated),
        "publishedAt": iso(created) if status == "ACTIVE" else None,
        "seo": {"title": None, "description": None},
        "templateSuffix": None,
        "isGiftCard": False,
        "tracksInventory": True,
        "onlineStoreUrl": f"https://{shop.domain}/products/{handle}"
        if status == "ACTIVE"
        else None,
    }
    if rng.random() < 0.2:
        product["seo"] = {
            "title": f"{title} | {vendor}",
            "description": f"Shop the {title.lower()}.",
        }
    variant_count = rng.choice([1, 1, 2, 3])
    base_price = rng.choice(category.prices)
    cents = rng.choice(["00", "99", "50"])
    values = option_values[:variant_count] if variant_count > 1 else ["Default Title"]
    product["options"] = [
        {
            "__typename": "ProductOption",
            "id": gid("ProductOption", shop.next_id("ProductOption")),
            "name": option_name if variant_count > 1 else "Title",
            "position": 1,
            "values": values,
        }
    ]
    media = [
        _media(shop, rng, number, title, color_name, color, i) for i in range(rng.randint(1, 4))
    ]
    product["media"] = media
    variants = []
    for position, value in enumerate(values, start=1):
        variants.append(
            _variant(
                shop,
                rng,
                product,
                position,
                value,
                base_price + 4 * (position - 1),
                cents,
                media,
                option_name if variant_count > 1 else "Title",
            )
        )
    product["variants"] = variants
    product["metafields"] = _metafields(shop, rng, product, material)
    if overrides:
        product.update(overrides)
    return product


def _variant(
    shop: ShopStore,
    rng: random.Random,
    product: dict[str, Any],
    position: int,
    value: str,
    price: int,
    cents: str,
    media: list[dict[str, Any]],
    option: str,
) -> dict[str, Any]:
    number = shop.next_id("ProductVariant")
    suffix = "" if value == "Default Title" else "-" + re.sub(r"[^A-Za-z0-9]", "", value).upper()
    sku = f"SHELF-{product['_index']:05d}{suffix}"
    price_text = f"{price}.{cents}"
    on_sale = "sale" in product["tags"]
    return {
        "__typename": "ProductVariant",
        "_n": number,
        "_product_id": product["_n"],
        "_media_id": media[min(position, len(media)) - 1]["_n"] if len(media) > 1 else None,
        "id": gid("ProductVariant", number),
        "legacyResourceId": str(number),
        "title": value,
        "sku": sku,
        "barcode": str(400000000000 + number % 100000000000) if rng.random() < 0.5 else None,
        "price": price_text,
        "compareAtPrice": f"{price + 10}.{cents}" if on_sale else None,
        "position": position,
        "inventoryQuantity": rng.randint(0, 120),
        "inventoryPolicy": "DENY",
        "taxable": True,
        "availableForSale": product["status"] == "ACTIVE",
        "selectedOptions": [{"name": option, "value": value}],
        "createdAt": product["createdAt"],
        "updatedAt": product["updatedAt"],
        "metafields": [],
    }


def _media(
    shop: ShopStore,
    rng: random.Random,
    product_n: int,
    title: str,
    color_name: str,
    color: tuple[int, int, int],
    position: int,
) -> dict[str, Any]:
    number = shop.next_id("MediaImage")
    if position > 0 and rng.random() < 0.5:
        color_name, color = rng.choice(COLORS)
    fmt = "png" if rng.random() < 0.4 else "jpeg"
    width, height = rng.choice(images.SIZES)
    accent_name, accent = rng.choice(COLORS) if rng.random() < 0.35 else (None, None)
    spec = {
        "width": width,
        "height": height,
        "format": fmt,
        "background": "transparent" if fmt == "png" and rng.random() < 0.5 else "white",
        "shape": rng.choice(images.SHAPES),
        "color_name": color_name,
        "color": list(color),
        "accent_name": accent_name if accent_name != color_name else None,
        "accent": list(accent) if accent and accent_name != color_name else None,
    }
    ext = "png" if fmt == "png" else "jpg"
    alt = "" if rng.random() < 0.5 else f"{title}, view {position + 1}"
    return {
        "__typename": "MediaImage",
        "_n": number,
        "_product_id": product_n,
        "_image": spec,
        "_path": f"/sandbox/files/images/{shop.domain}/{number}.{ext}",
        "id": gid("MediaImage", number),
        "alt": alt,
        "mediaContentType": "IMAGE",
        "status": "READY",
        "fileStatus": "READY",
        "mimeType": images.mime_type(spec),
        "createdAt": iso(CATALOG_EPOCH - timedelta(days=30)),
        "updatedAt": iso(CATALOG_EPOCH - timedelta(days=30)),
    }


def _metafields(
    shop: ShopStore, rng: random.Random, product: dict[str, Any], material: str
) -> list[dict[str, Any]]:
    out = []
    if rng.random() < 0.3:
        out.append(
            shop.new_metafield(
                product["id"],
                "custom",
                "material",
                "single_line_text_field",
                material,
                product["updatedAt"],
            )
        )
    if rng.random() < 0.15:
        out.append(
            shop.new_metafield(
                product["id"],
                "custom",
                "care_guide",
                "multi_line_text_field",
                "Wash cold.\nDry flat.",
                product["updatedAt"],
            )
        )
    return out


def seed(shop: ShopStore, count: int) -> None:
    """Fill `shop` with `count` products and the collections that group them."""
    rng = random.Random(shop_seed(shop.domain))
    for index in range(1, count + 1):
        shop.add_product(build_product(shop, rng, index))
    for title, rule in COLLECTIONS:
        number = shop.next_id("Collection")
        members = [p["_n"] for p in shop.products.values() if rule(p)]
        shop.add_collection(
            {
                "__typename": "Collection",
                "_n": number,
                "_product_ids": members,
                "id": gid("Collection", number),
                "legacyResourceId": str(number),
                "title": title,
                "handle": slugify(title),
                "descriptionHtml": f"<p>{title} from our shop.</p>",
                "sortOrder": "MANUAL",
                "updatedAt": iso(CATALOG_EPOCH),
                "publishedAt": iso(CATALOG_EPOCH),
                "seo": {"title": None, "description": None},
                "metafields": [],
            }
        )
