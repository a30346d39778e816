"""Shared pieces of the field resolvers: the registry, lookups, search and images."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLError, GraphQLResolveInfo

from .ids import gid, parse_gid
from .search_syntax import compile_query
from .state import ExecContext

Resolver = Callable[[Any, GraphQLResolveInfo, dict[str, Any]], Any]
Table = dict[tuple[str, str], Resolver]


def registrar(table: Table) -> Callable[[str, str], Callable[[Resolver], Resolver]]:
    """A decorator factory filling `table[(type name, field name)]`."""

    def on(type_name: str, field_name: str) -> Callable[[Resolver], Resolver]:
        def register(fn: Resolver) -> Resolver:
            table[(type_name, field_name)] = fn
            return fn

        return register

    return on


def ctx_of(info: GraphQLResolveInfo) -> ExecContext:
    return info.context


def by_id(ctx: ExecContext, value: str, *kinds: str) -> dict[str, Any] | None:
    parsed = parse_gid(value)
    if parsed is None:
        raise GraphQLError(
            f"Invalid global id '{value}'",
            extensions={"code": "argumentLiteralsIncompatible", "typeName": "CoercionError"},
        )
    if kinds and parsed[0] not in kinds:
        return None
    return ctx.shop.lookup(value)


def search(
    info: GraphQLResolveInfo,
    items: list[dict],
    query: str | None,
    fields: dict,
    default: Any,
    prefixed: dict | None = None,
) -> list[dict]:
    if not query:
        return items
    predicate, warnings = compile_query(query, fields, default, prefixed)
    if warnings:
        ctx_of(info).search.append(
            {"path": info.path.as_list(), "query": query, "warnings": warnings}
        )
    return items if predicate is None else [item for item in items if predicate(item)]


def count(n: int, limit: int | None = None) -> dict[str, Any]:
    if limit is not None and n > limit:
        return {"count": limit, "precision": "AT_LEAST"}
    return {"count": n, "precision": "EXACT"}


def image_of(ctx: ExecContext, media: dict[str, Any] | None) -> dict[str, Any] | None:
    if media is None:
        return None
    spec = media["_image"]
    url = ctx.state.url(media["_path"])
    return {
        "__typename": "Image",
        "_n": media["_n"],
        "id": gid("ImageSource", media["_n"]),
        "url": url,
        "src": url,
        "originalSrc": url,
        "transformedSrc": url,
        "width": spec["width"],
        "height": spec["height"],
        "altText": media.get("alt") or None,
    }
