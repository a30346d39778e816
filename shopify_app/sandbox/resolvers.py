"""Field resolution over the dict-shaped store.

Most fields are plain dict lookups; a list stored under a connection field is
paged on the fly; computed fields have resolvers in query_fields and type_fields; any
field the store does not hold resolves to null, or to an empty value of its
type when the schema says it cannot be null.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLResolveInfo,
    get_named_type,
    is_abstract_type,
    is_enum_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
)

from . import bulk, metafields, mutations, query_fields, type_fields, variants
from .connections import empty_connection, paginate
from .field_support import Resolver, Table, ctx_of
from .state import ExecContext

_MISSING = object()
_connection_names: dict[str, bool] = {}
_defaults: dict[int, Callable[[], Any]] = {}

_SCALAR_ZERO: dict[str, Any] = {
    "Boolean": False,
    "Int": 0,
    "Float": 0.0,
    "DateTime": "1970-01-01T00:00:00Z",
    "Decimal": "0.0",
    "Money": "0.0",
    "UnsignedInt64": "0",
    "BigInt": "0",
}


def _is_connection(return_type: Any) -> bool:
    named = get_named_type(return_type)
    known = _connection_names.get(named.name)
    if known is None:
        fields = getattr(named, "fields", None)
        known = _connection_names[named.name] = bool(
            named.name.endswith("Connection") and fields and "pageInfo" in fields
        )
    return known


def _default_factory(return_type: Any, info: GraphQLResolveInfo) -> Callable[[], Any]:
    if not is_non_null_type(return_type):
        return lambda: None
    inner = return_type.of_type
    if is_list_type(inner):
        return list
    if is_enum_type(inner):
        first = next(iter(inner.values))
        return lambda: first
    if is_abstract_type(inner):
        concrete = info.schema.get_possible_types(inner)[0].name
        return lambda: {"__typename": concrete}
    if is_object_type(inner):
        return empty_connection if _is_connection(inner) else dict
    zero = _SCALAR_ZERO.get(inner.name, "")
    return lambda: zero


def default_value(info: GraphQLResolveInfo) -> Any:
    factory = _defaults.get(id(info.return_type))
    if factory is None:
        factory = _defaults[id(info.return_type)] = _default_factory(info.return_type, info)
    return factory()


def resolve_field(source: Any, info: GraphQLResolveInfo, **args: Any) -> Any:
    special = _SPECIAL.get((info.parent_type.name, info.field_name))
    if special is not None:
        return special(source, info, args)
    if type(source) is dict:
        value = source.get(info.field_name, _MISSING)
        if value is not _MISSING:
            if type(value) is list and _is_connection(info.return_type):
                return paginate(value, args, bulk=ctx_of(info).bulk)
            return value
    return default_value(info)


def resolve_type(value: Any, info: GraphQLResolveInfo, abstract_type: Any) -> str | None:
    return value.get("__typename") if isinstance(value, dict) else None


def _mutation(fn: Callable[[ExecContext, dict[str, Any]], Any]) -> Resolver:
    return lambda source, info, args: fn(ctx_of(info), args)


def _all_resolvers() -> Table:
    table: Table = {**query_fields.RESOLVERS, **type_fields.RESOLVERS}
    for module in (mutations, metafields, bulk, variants):
        for name, fn in module.RESOLVERS.items():
            table[("Mutation", name)] = _mutation(fn)
    return table


_SPECIAL: Table = _all_resolvers()
