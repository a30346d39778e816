"""Shopify ``userErrors`` and the merchant-readable messages made from them."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldError:
    """One Shopify ``userErrors`` entry."""

    field: tuple[str, ...]
    message: str
    code: str | None = None
    element_index: int | None = None

    @classmethod
    def from_payload(cls, raw: Mapping[str, Any]) -> FieldError:
        index = raw.get("elementIndex")
        return cls(field=tuple(str(part) for part in raw.get("field") or ()),
                   message=str(raw.get("message") or "").strip(),
                   code=raw.get("code"),
                   element_index=index if isinstance(index, int) else None)

    @property
    def input_index(self) -> int | None:
        """Which element of a list input the error is about (``elementIndex``,
        or the first numeric part of ``field`` such as ``["files", "0", "alt"]``)."""
        if self.element_index is not None:
            return self.element_index
        for part in self.field:
            if part.isdigit():
                return int(part)
        return None

    def as_dict(self) -> dict[str, Any]:
        return {"field": list(self.field), "message": self.message, "code": self.code}


# Messages for codes whose Shopify wording is too technical for a merchant.
_CODE_MESSAGES = {
    "ALT_VALUE_LIMIT_EXCEEDED": "Alt text is too long (maximum is 512 characters)",
    "FILE_DOES_NOT_EXIST": "This image no longer exists in Shopify",
    "NON_READY_STATE": "Shopify is still processing this image; try again in a minute",
    "FILE_LOCKED": "This image is locked in Shopify and can't be edited right now",
    "MEDIA_CANNOT_BE_MODIFIED": "This image can't be edited",
    "PRODUCT_SUSPENDED": "This product is suspended in Shopify",
    "INVALID_COMPARE_DIGEST": "The value was changed in Shopify after it was read",
    "STALE_OBJECT": "The value was changed in Shopify after it was read",
    "APP_NOT_AUTHORIZED": "The app isn't allowed to change this field",
    "PRODUCT_VARIANT_DOES_NOT_EXIST": "This variant no longer exists in Shopify",
    "PRODUCT_DOES_NOT_EXIST": "This product no longer exists in Shopify",
    "MUST_BE_FOR_THIS_PRODUCT": "This variant belongs to another product",
    "NEGATIVE_PRICE_VALUE": "Prices can't be negative",
}

# The last meaningful part of a userErrors ``field`` path → a label.
_FIELD_LABELS = {
    ("seo", "title"): "SEO title",
    ("seo", "description"): "SEO description",
    ("descriptionHtml",): "Description",
    ("alt",): "Alt text",
    ("tags",): "Tags",
    ("title",): "Title",
    ("value",): "Value",
    ("key",): "Key",
    ("namespace",): "Namespace",
    ("type",): "Type",
    ("id",): "Item",
    ("ownerId",): "Item",
    ("price",): "Price",
    ("compareAtPrice",): "Compare-at price",
}


def field_label(field: tuple[str, ...]) -> str:
    """A human label for a userErrors ``field`` path (``("product", "seo", "title")``)."""
    named = tuple(part for part in field if not part.isdigit())
    for size in (2, 1):
        if len(named) >= size and named[-size:] in _FIELD_LABELS:
            return _FIELD_LABELS[named[-size:]]
    return named[-1] if named else "Value"


def merchant_message(error: FieldError) -> str:
    """Turn one userError into a sentence a merchant understands."""
    if error.code and error.code in _CODE_MESSAGES:
        return _CODE_MESSAGES[error.code]
    label = field_label(error.field)
    message = error.message
    if not message:
        return f"{label} was rejected by Shopify"
    if message[0].islower():
        # Shopify sometimes sends the predicate only ("is too long (maximum is 70 characters)").
        return f"{label} {message}"
    return message


def merchant_summary(errors: list[FieldError]) -> str:
    """All messages of one item, joined and without repeats."""
    seen: list[str] = []
    for error in errors:
        text = merchant_message(error)
        if text not in seen:
            seen.append(text)
    return "; ".join(seen) or "Shopify rejected the change"
