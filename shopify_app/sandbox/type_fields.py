"""Computed fields of Product, ProductVariant, MediaImage, Collection and Metafield."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from graphql import GraphQLResolveInfo

from . import filters
from .connections import paginate
from .field_support import Table, count, ctx_of, image_of, registrar, search
from .ids import gid, parse_gid

RESOLVERS: Table = {}
on = registrar(RESOLVERS)


@on("Product", "collections")
def _product_collections(source: dict, info: GraphQLResolveInfo, args: dict) -> Any:
    ctx = ctx_of(info)
    items = [ctx.shop.collections[c] for c in source["_collections"] if c in ctx.shop.collections]
    items = search(
        info, items, args.get("query"), filters.collection_fields(), filters.collection_default
    )
    sort = filters.COLLECTION_SORT.get(args.get("sortKey") or "ID", filters.COLLECTION_SORT["ID"])
    return paginate(items, args, sort_value=sort, bulk=ctx.bulk)


@on("Product", "priceRangeV2")
def _price_range(source: dict, info: GraphQLResolveInfo, args: dict) -> Any:
    prices = sorted((float(v["price"]), v["price"]) for v in source["variants"]) or [(0.0, "0.0")]
    currency = "USD"
    return {
        "minVariantPrice": {"amount": prices[0][1], "currencyCode": currency},
        "maxVariantPrice": {"amount": prices[-1][1], "currencyCode": currency},
    }


@on("Product", "featuredMedia")
def _featured_media(source: dict, info: GraphQLResolveInfo, args: dict) -> Any:
    return source["media"][0] if source["media"] else None


@on("Product", "featuredImage")
def _featured_image(source: dict, info: GraphQLResolveInfo, args: dict) -> Any:
    return image_of(ctx_of(info), source["media"][0] if source["media"] else None)


@on("Product", "images")
def _product_images(source: dict, info: GraphQLResolveInfo, args: dict) -> Any:
    ctx = ctx_of(info)
    return paginate([image_of(ctx, m) for m in source["media"]], args, bulk=ctx.bulk)


@on("Product", "totalInventory")
def _total_inventory(source: dict, info: GraphQLResolveInfo, args: dict) -> Any:
    return filters.total_inventory(source)


@on("Product", "variantsCount")
def _variants_count_of(source: dict, info: GraphQLResolveInfo, args: dict) -> Any:
    return count(len(source["variants"]))


@on("Product", "mediaCount")
def _media_count(source: dict, info: GraphQLResolveInfo, args: dict) -> Any:
    return count(len(source["media"]))


@on("Product", "hasOnlyDefaultVariant")
def _only_default(source: dict, info: GraphQLResolveInfo, args: dict) -> Any:
    return len(source["variants"]) == 1 and source["variants"][0]["title"] == "Default Title"


@on("Product", "hasOutOfStockVariants")
def _out_of_stock(source: dict, info: GraphQLResolveInfo, args: dict) -> Any:
    return any(int(v.get("inventoryQuantity") or 0) <= 0 for v in source["variants"])


@on("Product", "description")
def _description(source: dict, info: GraphQLResolveInfo, args: dict) -> Any:
    text = html.unescape(re.sub(r"<[^>]+>", " ", source["descriptionHtml"]))
    text = re.sub(r"\s+", " ", text).strip()
    limit = args.get("truncateAt")
    return text[: max(0, limit - 3)] + "..." if limit and len(text) > limit else text


@on("Product", "inCollection")
def _in_collection(source: dict, info: GraphQLResolveInfo, args: dict) -> Any:
    parsed = parse_gid(args["id"])
    return parsed is not None and parsed[1] in source["_collections"]


@on("Product", "options")
def _options(source: dict, info: GraphQLResolveInfo, args: dict) -> Any:
    first = args.get("first")
    return source["options"] if first is None else source["options"][:first]


# -- ProductVariant, media, images -------------------------------------------------------------
@on("ProductVariant", "product")
def _variant_product(source: dict, info: GraphQLResolveInfo, args: dict) -> Any:
    return ctx_of(info).shop.products.get(source["_product_id"])


@on("ProductVariant", "image")
def _variant_image(source: dict, info: GraphQLResolveInfo, args: dict) -> Any:
    ctx = ctx_of(info)
    return image_of(ctx, ctx.shop.media.get(source.get("_media_id") or 0))


@on("ProductVariant", "media")
def _variant_media(source: dict, info: GraphQLResolveInfo, args: dict) -> Any:
    ctx = ctx_of(info)
    media = ctx.shop.media.get(source.get("_media_id") or 0)
    return paginate([media] if media else [], args, bulk=ctx.bulk)


@on("ProductVariant", "displayName")
def _display_name(source: dict, info: GraphQLResolveInfo, args: dict) -> Any:
    product = ctx_of(info).shop.products.get(source["_product_id"]) or {"title": ""}
    return f"{product['title']} - {source['title']}"


@on("ProductVariant", "inventoryItem")
def _inventory_item(source: dict, info: GraphQLResolveInfo, args: dict) -> Any:
    return {
        "id": gid("InventoryItem", source["_n"]),
        "sku": source.get("sku"),
        "tracked": True,
        "requiresShipping": True,
        "legacyResourceId": str(source["_n"]),
    }


@on("Image", "url")
def _image_url(source: dict, info: GraphQLResolveInfo, args: dict) -> Any:
    """Like Shopify's CDN: ``url(transform: {maxWidth, maxHeight})`` names a scaled copy."""
    transform = args.get("transform")
    if not transform:
        return source["url"]
    sizes = [(name, transform.get(key)) for name, key in (("width", "maxWidth"),
                                                           ("height", "maxHeight"))]
    query = "&".join(f"{name}={int(value)}" for name, value in sizes
                     if isinstance(value, int) and value > 0)
    return f"{source['url']}?{query}" if query else source["url"]


@on("MediaImage", "image")
def _media_image(source: dict, info: GraphQLResolveInfo, args: dict) -> Any:
    return image_of(ctx_of(info), source)


@on("MediaImage", "preview")
def _media_preview(source: dict, info: GraphQLResolveInfo, args: dict) -> Any:
    return {"image": image_of(ctx_of(info), source), "status": "READY"}


# -- Collection, Metafield -----------------------------------------------------------------------
@on("Collection", "products")
def _collection_products(source: dict, info: GraphQLResolveInfo, args: dict) -> Any:
    ctx = ctx_of(info)
    items = [ctx.shop.products[p] for p in source["_product_ids"] if p in ctx.shop.products]
    sort = filters.COLLECTION_PRODUCT_SORT.get(args.get("sortKey") or "COLLECTION_DEFAULT")
    return paginate(items, args, sort_value=sort, bulk=ctx.bulk)


@on("Collection", "productsCount")
def _collection_count(source: dict, info: GraphQLResolveInfo, args: dict) -> Any:
    return count(sum(1 for p in source["_product_ids"] if p in ctx_of(info).shop.products))


@on("Collection", "hasProduct")
def _has_product(source: dict, info: GraphQLResolveInfo, args: dict) -> Any:
    parsed = parse_gid(args["id"])
    return parsed is not None and parsed[1] in source["_product_ids"]


@on("Metafield", "jsonValue")
def _json_value(source: dict, info: GraphQLResolveInfo, args: dict) -> Any:
    value, kind = source["value"], source["type"]
    if kind.startswith("list.") or kind in (
        "json",
        "rich_text_field",
        "money",
        "dimension",
        "volume",
        "weight",
        "rating",
        "link",
    ):
        try:
            return json.loads(value)
        except ValueError:
            return value
    if kind == "number_integer":
        return int(value)
    if kind == "number_decimal":
        return value
    if kind == "boolean":
        return value == "true"
    return value


@on("Metafield", "owner")
def _metafield_owner(source: dict, info: GraphQLResolveInfo, args: dict) -> Any:
    return ctx_of(info).shop.lookup(source["_owner"])


def _metafield(source: dict, info: GraphQLResolveInfo, args: dict) -> Any:
    namespace = args.get("namespace")
    for record in ctx_of(info).shop.owner_metafields(source["id"]):
        if record["key"] == args["key"] and (namespace is None or record["namespace"] == namespace):
            return record
    return None


def _metafields(source: dict, info: GraphQLResolveInfo, args: dict) -> Any:
    ctx = ctx_of(info)
    items = ctx.shop.owner_metafields(source["id"])
    if args.get("namespace"):
        items = [m for m in items if m["namespace"] == args["namespace"]]
    if args.get("keys"):
        wanted = set(args["keys"])
        items = [m for m in items if f"{m['namespace']}.{m['key']}" in wanted]
    return paginate(items, args, bulk=ctx.bulk)


for _owner in ("Product", "ProductVariant", "Collection", "Shop", "MediaImage"):
    on(_owner, "metafield")(_metafield)
    on(_owner, "metafields")(_metafields)
