"""QueryRoot fields: shop, products, variants, collections, nodes, bulk operations."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError, GraphQLResolveInfo

from . import filters
from .connections import paginate
from .field_support import Resolver, Table, by_id, count, ctx_of, registrar, search

RESOLVERS: Table = {}
on = registrar(RESOLVERS)


@on("QueryRoot", "shop")
def _shop(source: Any, info: GraphQLResolveInfo, args: dict) -> Any:
    return ctx_of(info).shop.node()


def _matching_products(info: GraphQLResolveInfo, args: dict) -> list[Any]:
    return search(info, list(ctx_of(info).shop.products.values()), args.get("query"),
                  filters.product_fields(), filters.product_default, filters.METAFIELD_PREFIX)


def _matching_variants(info: GraphQLResolveInfo, args: dict) -> list[Any]:
    shop = ctx_of(info).shop
    return search(info, list(shop.variants.values()), args.get("query"),
                  filters.variant_fields(shop), filters.variant_default(shop))


def _matching_collections(info: GraphQLResolveInfo, args: dict) -> list[Any]:
    return search(info, list(ctx_of(info).shop.collections.values()), args.get("query"),
                  filters.collection_fields(), filters.collection_default)


def _page(info: GraphQLResolveInfo, args: dict, items: list[Any],
          sorts: dict[str, Any]) -> Any:
    sort = sorts.get(args.get("sortKey") or "ID", sorts["ID"])
    return paginate(items, args, sort_value=sort, bulk=ctx_of(info).bulk)


@on("QueryRoot", "products")
def _products(source: Any, info: GraphQLResolveInfo, args: dict) -> Any:
    return _page(info, args, _matching_products(info, args), filters.PRODUCT_SORT)


@on("QueryRoot", "productsCount")
def _products_count(source: Any, info: GraphQLResolveInfo, args: dict) -> Any:
    return count(len(_matching_products(info, args)), args.get("limit"))


@on("QueryRoot", "productVariants")
def _variants(source: Any, info: GraphQLResolveInfo, args: dict) -> Any:
    return _page(info, args, _matching_variants(info, args), filters.VARIANT_SORT)


@on("QueryRoot", "productVariantsCount")
def _variants_count(source: Any, info: GraphQLResolveInfo, args: dict) -> Any:
    return count(len(_matching_variants(info, args)), args.get("limit"))


@on("QueryRoot", "collections")
def _collections(source: Any, info: GraphQLResolveInfo, args: dict) -> Any:
    return _page(info, args, _matching_collections(info, args), filters.COLLECTION_SORT)


@on("QueryRoot", "collectionsCount")
def _collections_count(source: Any, info: GraphQLResolveInfo, args: dict) -> Any:
    return count(len(_matching_collections(info, args)), args.get("limit"))


@on("QueryRoot", "bulkOperations")
def _bulk_operations(source: Any, info: GraphQLResolveInfo, args: dict) -> Any:
    ctx = ctx_of(info)
    items = search(
        info,
        list(ctx.shop.bulk_operations.values()),
        args.get("query"),
        filters.bulk_operation_fields(),
        None,
    )
    sort = filters.BULK_SORT.get(
        args.get("sortKey") or "CREATED_AT", filters.BULK_SORT["CREATED_AT"]
    )
    return paginate(items, args, sort_value=sort, descending=True, bulk=ctx.bulk)


@on("QueryRoot", "currentBulkOperation")
def _current_bulk(source: Any, info: GraphQLResolveInfo, args: dict) -> Any:
    kind = args.get("type") or "QUERY"
    ops = [op for op in ctx_of(info).shop.bulk_operations.values() if op["type"] == kind]
    return ops[-1] if ops else None


def _single(*kinds: str) -> Resolver:
    return lambda source, info, args: by_id(ctx_of(info), args["id"], *kinds)


for _field, _kinds in {
    "product": ("Product",),
    "productVariant": ("ProductVariant",),
    "collection": ("Collection",),
    "bulkOperation": ("BulkOperation",),
    "metafield": ("Metafield",),
    "node": (),
}.items():
    on("QueryRoot", _field)(_single(*_kinds))


@on("QueryRoot", "nodes")
def _nodes(source: Any, info: GraphQLResolveInfo, args: dict) -> Any:
    ids = args["ids"]
    if len(ids) > 250:
        raise GraphQLError("The maximum number of ids is 250.", extensions={"code": "BAD_REQUEST"})
    return [by_id(ctx_of(info), value) for value in ids]


@on("QueryRoot", "productByIdentifier")
def _product_by_identifier(source: Any, info: GraphQLResolveInfo, args: dict) -> Any:
    identifier = args["identifier"]
    if identifier.get("id"):
        return by_id(ctx_of(info), identifier["id"], "Product")
    handle = identifier.get("handle")
    return next((p for p in ctx_of(info).shop.products.values() if p["handle"] == handle), None)
