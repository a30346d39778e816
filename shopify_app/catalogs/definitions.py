"""Catalog definitions: validation, create / read / update / delete, and the preview check."""
from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from shopify_app.errors import ApiError, ValidationError
from shopify_app.extensions import db
from shopify_app.jobs.ids import new_id
from shopify_app.models import CatalogDefinition, Job, Shop

from .money import known_currency, known_locale
from .render import COLUMNS, context, present_rows, render_html
from .sandbox import TemplateRefused

LAYOUTS = ("grid", "list", "line_sheet", "custom")
PRICE_SOURCES = ("row", "store")
GROUPINGS = ("none", "product_type", "vendor")
PAGE_SIZES = ("A4", "Letter")
IMAGE_SIZES = (100, 1200)
TOP_KEYS = {"name", "description", "active", "layout", "custom_template", "columns",
            "price_source", "currency", "number_format", "image_size", "grouping", "branding",
            "page_size"}
BRANDING_KEYS = {"accent_color", "header_text", "footer_text", "cover_page"}
DEFAULTS: dict[str, Any] = {
    "description": "", "active": True, "layout": "grid", "custom_template": None,
    "columns": ["image", "title", "sku", "options", "quantity", "unit_price", "line_total"],
    "price_source": "row", "currency": "USD", "number_format": "en_US", "image_size": 400,
    "grouping": "none", "page_size": "A4",
    "branding": {"accent_color": "#1f4e79", "header_text": "", "footer_text": "",
                 "cover_page": False},
}
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_PER_SHOP = 200


def _text(problems: list[tuple[str, str]], field: str, value: Any, limit: int, *,
          required: bool = False) -> None:
    if not isinstance(value, str) or len(value) > limit or (required and not value.strip()):
        need = "is required and must be" if required else "must be"
        problems.append((field, f"{field} {need} text of at most {limit} characters"))


def check(body: dict[str, Any]) -> dict[str, Any]:
    """A complete definition (defaults filled in), or ValidationError naming each field."""
    problems: list[tuple[str, str]] = []
    unknown = sorted(set(body) - TOP_KEYS)
    problems += [(key, f"{key} is not a field of a catalog definition") for key in unknown]
    merged = {**DEFAULTS, **{k: v for k, v in body.items() if k in TOP_KEYS}}
    branding = body.get("branding", DEFAULTS["branding"])
    if not isinstance(branding, dict):
        problems.append(("branding", "branding must be an object"))
        branding = {}
    problems += [(f"branding.{k}", f"branding.{k} is not a branding field")
                 for k in sorted(set(branding) - BRANDING_KEYS)]
    branding = {**DEFAULTS["branding"], **{k: v for k, v in branding.items()
                                           if k in BRANDING_KEYS}}
    merged["branding"] = branding
    _text(problems, "name", merged.get("name"), 120, required=True)
    _text(problems, "description", merged["description"], 2000)
    if not isinstance(merged["active"], bool):
        problems.append(("active", "active must be true or false"))
    if merged["layout"] not in LAYOUTS:
        problems.append(("layout", f"layout must be one of: {', '.join(LAYOUTS)}"))
    columns = merged["columns"]
    if not isinstance(columns, list) or not columns or any(c not in COLUMNS for c in columns):
        problems.append(("columns", f"columns must be a non-empty list of: {', '.join(COLUMNS)}"))
    elif len(set(columns)) != len(columns):
        problems.append(("columns", "columns must not repeat a column"))
    if merged["price_source"] not in PRICE_SOURCES:
        problems.append(("price_source", "price_source must be row (the price on each row, "
                                         "else the store's) or store (the variant's price)"))
    if not known_currency(merged["currency"]):
        problems.append(("currency", "currency must be a three-letter ISO 4217 code such as "
                                     "USD or EUR"))
    if not known_locale(merged["number_format"]):
        problems.append(("number_format", "number_format must be a locale such as en_US, "
                                          "de_DE or fr_FR"))
    size = merged["image_size"]
    if not isinstance(size, int) or isinstance(size, bool) \
            or not IMAGE_SIZES[0] <= size <= IMAGE_SIZES[1]:
        problems.append(("image_size", f"image_size must be {IMAGE_SIZES[0]} to "
                                       f"{IMAGE_SIZES[1]} pixels"))
    if merged["grouping"] not in GROUPINGS:
        problems.append(("grouping", f"grouping must be one of: {', '.join(GROUPINGS)}"))
    if merged["page_size"] not in PAGE_SIZES:
        problems.append(("page_size", "page_size must be A4 or Letter"))
    if not isinstance(branding["accent_color"], str) or not _COLOUR.match(
            branding["accent_color"]):
        problems.append(("branding.accent_color", "branding.accent_color must be a colour "
                                                  "such as #1f4e79"))
    _text(problems, "branding.header_text", branding["header_text"], 1000)
    _text(problems, "branding.footer_text", branding["footer_text"], 300)
    if not isinstance(branding["cover_page"], bool):
        problems.append(("branding.cover_page", "branding.cover_page must be true or false"))
    template = merged.get("custom_template")
    if merged["layout"] == "custom" and not template:
        problems.append(("custom_template", "custom_template is required for the custom "
                                            "layout"))
    elif template is not None and not isinstance(template, str):
        problems.append(("custom_template", "custom_template must be text"))
    if problems:
        raise ValidationError(problems)
    if merged["layout"] != "custom":
        merged["custom_template"] = None
    else:
        try:
            preview(merged)
        except TemplateRefused as exc:
            raise ValidationError([("custom_template", exc.detail)]) from exc
    merged["name"] = merged["name"].strip()
    merged["branding"]["accent_color"] = branding["accent_color"].lower()
    return merged


SAMPLE_ROWS = [
    {"sku": "SAMPLE-1", "title": "Classic Navy Cotton Tee", "variant_title": "M",
     "options": "Size: M", "description": "Soft everyday tee", "quantity": 12,
     "row_price": "18.00", "store_price": "24.00", "vendor": "Northwind Supply",
     "barcode": "400000000001", "product_type": "T-Shirts", "image_key": None},
    {"sku": "SAMPLE-2", "title": "Rustic Stoneware Mug", "variant_title": "12 oz",
     "options": "Capacity: 12 oz", "description": "", "quantity": 24, "row_price": None,
     "store_price": "16.50", "vendor": "Oak & Ember", "barcode": "", "product_type": "Mugs",
     "image_key": None},
]


def preview(definition: dict[str, Any]) -> str:
    """Render the definition on sample rows; TemplateRefused when its template misbehaves."""
    settings = settings_of(definition)
    shaped = {"name": definition["name"], "layout": definition["layout"], "settings": settings}
    rows = present_rows(SAMPLE_ROWS, settings, lambda row: None)
    ctx = context(rows, shaped, {"customer": {"name": "Sample Customer",
                                               "email": "buyer@example.com", "phone": None},
                                  "reference": "PO-1001"},
                  logo=None, generated=datetime.now(UTC))
    return render_html(ctx, definition.get("custom_template"))


SETTINGS_KEYS = ("columns", "price_source", "currency", "number_format", "image_size",
                 "grouping", "branding", "page_size")


def settings_of(definition: dict[str, Any]) -> dict[str, Any]:
    return {key: definition[key] for key in SETTINGS_KEYS}


# --- storage of definitions --------------------------------------------------------------

def get_definition(shop: Shop, definition_id: str) -> CatalogDefinition:
    """The shop's definition or 404 (another shop's id looks like a missing one)."""
    found = (db.session.get(CatalogDefinition, definition_id)
             if isinstance(definition_id, str) and len(definition_id) <= 26 else None)
    if found is None or found.shop_id != shop.id:
        raise ApiError(404, f"Catalog definition {definition_id} was not found")
    return found


def as_body(definition: CatalogDefinition) -> dict[str, Any]:
    """The stored definition in the shape check() takes."""
    return {"name": definition.name, "description": definition.description,
            "active": definition.active, "layout": definition.layout,
            "custom_template": definition.custom_template, **definition.settings}


def list_definitions(shop: Shop, active: bool | None = None) -> list[CatalogDefinition]:
    query = select(CatalogDefinition).where(CatalogDefinition.shop_id == shop.id)
    if active is not None:
        query = query.where(CatalogDefinition.active.is_(active))
    return list(db.session.scalars(query.order_by(CatalogDefinition.name,
                                                  CatalogDefinition.id)))


def create_definition(shop: Shop, body: dict[str, Any], actor: str | None) -> CatalogDefinition:
    clean = check(body)
    count = db.session.scalar(select(func.count()).select_from(CatalogDefinition).where(
        CatalogDefinition.shop_id == shop.id)) or 0
    if count >= MAX_PER_SHOP:
        raise ApiError(409, f"A shop can keep at most {MAX_PER_SHOP} catalog definitions; "
                            "delete unused ones first")
    definition = CatalogDefinition(id=new_id(), shop_id=shop.id, created_by=actor)
    _apply(definition, clean)
    db.session.add(definition)
    db.session.commit()
    return definition


def update_definition(definition: CatalogDefinition, body: dict[str, Any]) -> CatalogDefinition:
    """Change the given fields; the result is checked whole (a partial body is fine)."""
    current = as_body(definition)
    if isinstance(body.get("branding"), dict):
        body = {**body, "branding": {**current["branding"], **body["branding"]}}
    clean = check({**current, **body})
    _apply(definition, clean)
    db.session.commit()
    return definition


def _apply(definition: CatalogDefinition, clean: dict[str, Any]) -> None:
    definition.name = clean["name"]
    definition.description = clean["description"]
    definition.active = clean["active"]
    definition.layout = clean["layout"]
    definition.custom_template = clean["custom_template"]
    definition.settings_json = json.dumps(settings_of(clean), separators=(",", ":"))


def used_by_jobs(definition: CatalogDefinition) -> int:
    return db.session.scalar(select(func.count()).select_from(Job).where(
        Job.shop_id == definition.shop_id, Job.definition_id == definition.id)) or 0


def delete_definition(definition: CatalogDefinition) -> None:
    uses = used_by_jobs(definition)
    if uses:
        raise ApiError(409, f"This definition is used by {uses} job{'s' if uses != 1 else ''}; "
                            "deactivate it instead (set active to false)")
    from shopify_app.storage import definition_prefix, storage

    storage().delete_prefix(definition_prefix(definition.shop_id, definition.id))
    db.session.delete(definition)
    db.session.commit()


def definition_json(definition: CatalogDefinition) -> dict[str, Any]:
    from shopify_app.jobs.serialize import iso

    logo = None
    if definition.logo_key:
        from shopify_app.storage import url_for_key

        logo = url_for_key(definition.logo_key, inline=True)["url"]
    return {"id": definition.id, **as_body(definition), "logo_url": logo,
            "created_by": definition.created_by, "created_at": iso(definition.created_at),
            "updated_at": iso(definition.updated_at)}
