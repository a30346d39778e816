"""The shape each webhook topic's payload must have before a handler sees it.

A signed delivery whose body is not what Shopify sends for its topic (not JSON, not
an object, a customer that is a string, a redact for another shop) can never succeed:
it is recorded as failed with the reason instead of being retried.
"""
from __future__ import annotations

import json
from typing import Any

from jsonschema import Draft202012Validator

_ID = {"type": ["integer", "string", "null"]}
_TEXT = {"type": ["string", "null"]}
_OBJECTS = {"type": ["array", "null"], "items": {"type": "object"}}
_CUSTOMER_TOPIC = {
    "type": "object",
    "properties": {
        "shop_domain": _TEXT,
        "customer": {"type": ["object", "null"],
                     "properties": {"id": _ID, "email": _TEXT, "phone": _TEXT}},
        "orders_to_redact": {"type": ["array", "null"]},
        "orders_requested": {"type": ["array", "null"]},
    },
}
_PRODUCT = {
    "type": "object",
    "properties": {
        "id": _ID, "admin_graphql_api_id": _TEXT, "title": _TEXT, "vendor": _TEXT,
        "product_type": _TEXT,
        "tags": {"anyOf": [{"type": ["string", "null"]},
                           {"type": "array", "items": {"type": "string"}}]},
        "images": _OBJECTS, "options": _OBJECTS, "variants": _OBJECTS,
    },
}
SCHEMAS: dict[str, dict[str, Any]] = {
    "products/create": _PRODUCT,
    "products/update": _PRODUCT,
    "app/uninstalled": {"type": "object", "properties": {"myshopify_domain": _TEXT}},
    "shop/redact": {"type": "object", "properties": {"shop_domain": _TEXT, "shop_id": _ID}},
    "customers/data_request": _CUSTOMER_TOPIC,
    "customers/redact": _CUSTOMER_TOPIC,
}
VALIDATORS = {topic: Draft202012Validator(schema) for topic, schema in SCHEMAS.items()}
# Which payload field, when present, must name the shop of the X-Shopify-Shop-Domain header.
SHOP_FIELDS = {"shop/redact": "shop_domain", "customers/data_request": "shop_domain",
               "customers/redact": "shop_domain", "app/uninstalled": "myshopify_domain"}


class MalformedPayload(ValueError):
    """The payload cannot be handled as it is; retrying will not change that."""


def _where(path: Any) -> str:
    return "/" + "/".join(str(part) for part in path) if path else "the payload"


def parse(topic: str, body: str | None, shop_domain: str) -> dict[str, Any]:
    """The payload as a dict, checked against its topic's schema."""
    try:
        payload = json.loads(body or "")
    except RecursionError as exc:
        raise MalformedPayload("the body is JSON nested too deeply") from exc
    except ValueError as exc:
        raise MalformedPayload("the body is not valid JSON") from exc
    if not isinstance(payload, dict):
        raise MalformedPayload(f"the body is a JSON {type(payload).__name__}, not an object")
    validator = VALIDATORS.get(topic)
    if validator is not None:
        error = next(iter(sorted(validator.iter_errors(payload), key=lambda e: list(e.path))),
                     None)
        if error is not None:
            raise MalformedPayload(f"{_where(error.absolute_path)}: {error.message}"[:500])
    named = payload.get(SHOP_FIELDS.get(topic, ""))
    if isinstance(named, str) and named and named.strip().lower() != shop_domain:
        raise MalformedPayload(f"the payload is for {named[:255]}, the delivery for "
                               f"{shop_domain}")
    return payload
