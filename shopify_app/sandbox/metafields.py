"""metafieldsSet / metafieldsDelete: typed values, compare-and-set, all or nothing."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from .ids import now_iso, parse_gid
from .state import APP_ID, ExecContext, ShopStore, metafield_digest

MAX_METAFIELDS_PER_CALL = 25
OWNER_KINDS = ("Product", "ProductVariant", "Collection", "Shop", "MediaImage")
_KEY = re.compile(r"^[A-Za-z0-9_-]{2,64}$")
_STALE = (
    "The resource has been updated since it was loaded. "
    "Try again with an updated `compareDigest` value."
)
_REFERENCE_KINDS = {
    "product_reference": "Product",
    "variant_reference": "ProductVariant",
    "collection_reference": "Collection",
    "file_reference": None,
    "page_reference": "Page",
    "metaobject_reference": "Metaobject",
}


def _is_int(text: str) -> bool:
    return re.fullmatch(r"-?\d+", text.strip()) is not None


def _is_decimal(text: str) -> bool:
    return re.fullmatch(r"-?\d+(\.\d+)?", text.strip()) is not None


def _check_scalar(type_: str, value: str) -> str | None:
    """None when `value` is a valid `type_` value, else the reason."""
    if type_ == "single_line_text_field":
        return "Value must be a single line text string." if "\n" in value else None
    if type_ in ("multi_line_text_field", "string"):
        return None
    if type_ == "number_integer":
        return None if _is_int(value) else "Value must be an integer."
    if type_ == "number_decimal":
        return None if _is_decimal(value) else "Value must be a decimal."
    if type_ == "boolean":
        return None if value in ("true", "false") else "Value must be true or false."
    if type_ == "color":
        return (
            None if re.fullmatch(r"#[0-9A-Fa-f]{6}", value) else "Value must be a hex color code."
        )
    if type_ == "url":
        return (
            None
            if re.match(r"^(https?|mailto|sms|tel)://?", value)
            else "Value must be a valid URL."
        )
    if type_ == "date":
        try:
            date.fromisoformat(value)
            return None
        except ValueError:
            return "Value must be in YYYY-MM-DD format."
    if type_ == "date_time":
        return (
            None
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}.*", value)
            else ("Value must be in YYYY-MM-DDTHH:MM:SS format.")
        )
    if type_ in _REFERENCE_KINDS:
        parsed = parse_gid(value)
        kind = _REFERENCE_KINDS[type_]
        if parsed is None or (kind is not None and parsed[0] != kind):
            return "Value must be a global ID."
        return None
    if type_ in (
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
            json.loads(value)
        except ValueError as exc:
            return f"Value is invalid JSON: {exc}."
        return None
    return "unsupported"


def validate_value(type_: str, value: str) -> str | None:
    if type_.startswith("list."):
        try:
            items = json.loads(value)
        except ValueError as exc:
            return f"Value is invalid JSON: {exc}."
        if not isinstance(items, list):
            return "Value must be an array."
        inner = type_[len("list.") :]
        for item in items:
            text = item if isinstance(item, str) else json.dumps(item)
            reason = _check_scalar(inner, text)
            if reason:
                return reason
        return None
    return _check_scalar(type_, value)


def _error(index: int, field: str | None, message: str, code: str) -> dict[str, Any]:
    path = ["metafields", str(index)] + ([field] if field else [])
    return {"field": path, "message": message, "code": code, "elementIndex": index}


def _validate(shop: ShopStore, index: int, entry: dict[str, Any]) -> dict[str, Any] | None:
    owner_id = entry.get("ownerId")
    parsed = parse_gid(owner_id)
    if (
        parsed is None
        or parsed[0] not in OWNER_KINDS
        or (parsed[0] != "Shop" and shop.lookup(owner_id) is None)
        or (parsed[0] == "Shop" and parsed[1] != shop.number)
    ):
        return _error(index, "ownerId", "Owner does not exist.", "INVALID")
    namespace = entry.get("namespace") or f"app--{APP_ID}"
    key = entry.get("key") or ""
    if not _KEY.match(key):
        return _error(
            index, "key", "Key must be 2-64 characters: letters, numbers, '-' or '_'.", "INVALID"
        )
    if len(namespace) < 3 or len(namespace) > 255:
        return _error(index, "namespace", "Namespace must be 3-255 characters.", "INVALID")
    existing = _find(shop, owner_id, namespace, key)
    type_ = entry.get("type") or (existing["type"] if existing else None)
    if not type_:
        return _error(index, "type", "Type can't be blank.", "BLANK")
    if existing and type_ != existing["type"]:
        return _error(
            index, "type", "Type must match the type of the existing metafield.", "INVALID_TYPE"
        )
    value = entry.get("value")
    if value is None or value == "":
        return _error(index, "value", "Value can't be blank.", "BLANK")
    reason = validate_value(type_, value)
    if reason == "unsupported":
        return _error(
            index, "type", f"Type '{type_}' is not a valid metafield type.", "INVALID_TYPE"
        )
    if reason:
        return _error(index, "value", reason, "INVALID_VALUE")
    if "compareDigest" in entry:
        digest = entry["compareDigest"]
        current = existing["compareDigest"] if existing else None
        if digest != current:
            return _error(index, None, _STALE, "STALE_OBJECT")
    return None


def _find(shop: ShopStore, owner_id: str, namespace: str, key: str) -> dict[str, Any] | None:
    for metafield in shop.owner_metafields(owner_id):
        if metafield["namespace"] == namespace and metafield["key"] == key:
            return metafield
    return None


def apply(
    shop: ShopStore, entries: list[dict[str, Any]], via: str, operation: str
) -> list[dict[str, Any]]:
    """Write already-validated entries; returns the metafield records."""
    out = []
    stamp = now_iso()
    for entry in entries:
        owner_id = entry["ownerId"]
        namespace = entry.get("namespace") or f"app--{APP_ID}"
        key, value = entry["key"], entry["value"]
        existing = _find(shop, owner_id, namespace, key)
        if existing is None:
            record = shop.new_metafield(owner_id, namespace, key, entry["type"], value, stamp)
            shop.set_owner_metafields(owner_id, [*shop.owner_metafields(owner_id), record])
            changed = True
        else:
            changed = existing["value"] != value
            existing.update(
                value=value,
                updatedAt=stamp,
                compareDigest=metafield_digest(namespace, key, existing["type"], value),
            )
            record = existing
        shop.record_write(
            operation, owner_id, {f"metafield:{namespace}.{key}": value}, via, changed
        )
        out.append(record)
    return out


def validate_all(shop: ShopStore, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    errors = []
    for index, entry in enumerate(entries):
        error = _validate(shop, index, entry)
        if error:
            errors.append(error)
    return errors


def metafields_set(ctx: ExecContext, args: dict[str, Any]) -> dict[str, Any]:
    entries = list(args.get("metafields") or [])
    if len(entries) > MAX_METAFIELDS_PER_CALL:
        return {
            "metafields": None,
            "userErrors": [
                {
                    "field": ["metafields"],
                    "message": "Exceeded the maximum metafields input limit of "
                    f"{MAX_METAFIELDS_PER_CALL}.",
                    "code": "LESS_THAN_OR_EQUAL_TO",
                    "elementIndex": None,
                }
            ],
        }
    shop = ctx.shop
    with shop.lock:
        errors = validate_all(shop, entries)
        if errors:
            return {"metafields": None, "userErrors": errors}
        return {"metafields": apply(shop, entries, ctx.via, "metafieldsSet"), "userErrors": []}


def metafields_delete(ctx: ExecContext, args: dict[str, Any]) -> dict[str, Any]:
    shop = ctx.shop
    deleted: list[dict[str, Any] | None] = []
    with shop.lock:
        for entry in args.get("metafields") or []:
            found = _find(shop, entry["ownerId"], entry["namespace"], entry["key"])
            if found is None:
                deleted.append(None)
                continue
            remaining = [m for m in shop.owner_metafields(entry["ownerId"]) if m is not found]
            shop.set_owner_metafields(entry["ownerId"], remaining)
            shop.metafields.pop(found["_n"], None)
            shop.record_write(
                "metafieldsDelete",
                entry["ownerId"],
                {f"metafield:{found['namespace']}.{found['key']}": None},
                ctx.via,
            )
            deleted.append(
                {"ownerId": entry["ownerId"], "namespace": found["namespace"], "key": found["key"]}
            )
    return {"deletedMetafields": deleted, "userErrors": []}


RESOLVERS = {"metafieldsSet": metafields_set, "metafieldsDelete": metafields_delete}
