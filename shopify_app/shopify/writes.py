"""Writes to products: description and SEO, tags; alt text and metafields are
in their own modules and re-exported here.

No write is ever repeated blindly. When the client reports that a mutation's
outcome is unknown, the target is read back first: already ours → success;
still the old value → write again (a bounded number of times); anything else
→ a conflict, left for the merchant.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .alt_text import AltTextChange, set_alt_texts
from .client import AdminClient
from .errors import OutcomeUnknownError
from .metafields import MetafieldChange, set_metafields
from .outcomes import (
    CONFLICT,
    NOT_FOUND,
    OUTCOME_UNKNOWN,
    Verdict,
    WriteOutcome,
    judge,
    user_errors,
)
from .products import Product, ProductFields
from .reads import get_products

__all__ = ["AltTextChange", "MetafieldChange", "ProductTextChange", "WriteOutcome",
           "add_tags", "remove_tags", "set_alt_texts", "set_metafields",
           "update_product_text", "write_with_recheck"]

TEXT_FIELD = "product_text"
TAGS_FIELD = "tags"
_TEXT_ONLY = ProductFields(text=True)
_TAGS_ONLY = ProductFields(text=False)


@dataclass(frozen=True)
class ProductTextChange:
    """New description/SEO values for one product; ``None`` leaves a field as is.

    ``previous`` holds the values read before (same keys as :meth:`desired`)
    so an unknown outcome can be told apart from someone else's edit.
    """

    product_id: str
    description_html: str | None = None
    seo_title: str | None = None
    seo_description: str | None = None
    previous: Mapping[str, str | None] | None = None

    def desired(self) -> dict[str, str]:
        values = {"description_html": self.description_html, "seo_title": self.seo_title,
                  "seo_description": self.seo_description}
        return {k: v for k, v in values.items() if v is not None}

    def product_input(self) -> dict[str, Any]:
        product: dict[str, Any] = {"id": self.product_id}
        if self.description_html is not None:
            product["descriptionHtml"] = self.description_html
        seo = {k: v for k, v in (("title", self.seo_title),
                                 ("description", self.seo_description)) if v is not None}
        if seo:
            product["seo"] = seo
        return product


def _text_values(product: Mapping[str, Any] | Product | None) -> dict[str, Any]:
    if product is None:
        return {}
    if isinstance(product, Product):
        return {"description_html": product.description_html,
                "seo_title": product.seo_title, "seo_description": product.seo_description}
    seo = product.get("seo") or {}
    return {"description_html": product.get("descriptionHtml"),
            "seo_title": seo.get("title"), "seo_description": seo.get("description")}


def write_with_recheck(write: Callable[[], WriteOutcome],
                       reread: Callable[[], Mapping[str, Any] | None],
                       desired: Mapping[str, Any], previous: Mapping[str, Any] | None, *,
                       target_id: str, field_name: str, max_rewrites: int = 1) -> WriteOutcome:
    """Run ``write``; if its outcome is unknown, ``reread`` the target and decide.

    ``reread`` returns the current values (keys as in ``desired``) or None when
    the target is gone.
    """
    rewrites = 0
    while True:
        try:
            return write()
        except OutcomeUnknownError as exc:
            current = reread()
            if current is None:
                return WriteOutcome.failed(target_id, field_name, NOT_FOUND,
                                           "This item no longer exists in Shopify")
            verdict = judge(current, desired, previous)
            if verdict is Verdict.APPLIED:
                return WriteOutcome.success(target_id, field_name, dict(current))
            if verdict is Verdict.CONFLICT:
                return WriteOutcome.failed(target_id, field_name, CONFLICT,
                                           "Changed in Shopify by someone else meanwhile",
                                           value=dict(current))
            if rewrites >= max_rewrites:
                return WriteOutcome.failed(target_id, field_name, OUTCOME_UNKNOWN,
                                           f"Shopify did not confirm the change: {exc}")
            rewrites += 1


def update_product_text(client: AdminClient, change: ProductTextChange) -> WriteOutcome:
    """Set a product's description and/or SEO title and description."""
    desired = change.desired()

    def write() -> WriteOutcome:
        data = client.execute("ProductUpdateText", {"product": change.product_input()})
        payload = data.get("productUpdate") or {}
        errors = user_errors(payload)
        if errors:
            return WriteOutcome.rejected(change.product_id, TEXT_FIELD, errors)
        return WriteOutcome.success(change.product_id, TEXT_FIELD,
                                    _text_values(payload.get("product")))

    def reread() -> dict[str, Any] | None:
        product = get_products(client, [change.product_id], _TEXT_ONLY)[change.product_id]
        return _text_values(product) if product else None

    return write_with_recheck(write, reread, desired, change.previous,
                              target_id=change.product_id, field_name=TEXT_FIELD)


def _tags_write(client: AdminClient, operation: str, product_id: str,
                tags: list[str]) -> WriteOutcome:
    data = client.execute(operation, {"id": product_id, "tags": tags})
    payload = data.get("tagsAdd" if operation == "TagsAdd" else "tagsRemove") or {}
    errors = user_errors(payload)
    if errors:
        return WriteOutcome.rejected(product_id, TAGS_FIELD, errors)
    node = payload.get("node") or {}
    return WriteOutcome.success(product_id, TAGS_FIELD, list(node.get("tags") or ()))


def _change_tags(client: AdminClient, operation: str, product_id: str,
                 tags: Iterable[str]) -> WriteOutcome:
    wanted = [t.strip() for t in tags if t and t.strip()]
    if not wanted:
        return WriteOutcome.success(product_id, TAGS_FIELD, None)
    adding = operation == "TagsAdd"

    def reread() -> dict[str, Any] | None:
        product = get_products(client, [product_id], _TAGS_ONLY)[product_id]
        if product is None:
            return None
        present = {t.casefold() for t in product.tags}
        # "done" is True once every tag is present (add) or absent (remove).
        done = all((t.casefold() in present) == adding for t in wanted)
        return {"done": done, "tags": list(product.tags)}

    outcome = write_with_recheck(lambda: _tags_write(client, operation, product_id, wanted),
                                 reread, {"done": True}, None,
                                 target_id=product_id, field_name=TAGS_FIELD)
    if outcome.ok and isinstance(outcome.value, dict):  # confirmed by re-reading
        return WriteOutcome.success(product_id, TAGS_FIELD, outcome.value["tags"])
    return outcome


def add_tags(client: AdminClient, product_id: str, tags: Iterable[str]) -> WriteOutcome:
    """Add ``tags`` to a product (tags it already has are kept once)."""
    return _change_tags(client, "TagsAdd", product_id, tags)


def remove_tags(client: AdminClient, product_id: str, tags: Iterable[str]) -> WriteOutcome:
    """Remove ``tags`` from a product (tags it lacks are ignored)."""
    return _change_tags(client, "TagsRemove", product_id, tags)
