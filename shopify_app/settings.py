"""Shop settings: defaults, validation, and the staff roles they include.

GET returns the whole SETTINGS document; PUT accepts what GET returned.
Read-only keys (the server-configured provider) are ignored when unchanged and
refused when changed; unknown keys are refused.
"""
from __future__ import annotations

import json
import logging
from typing import Any

from flask import current_app
from sqlalchemy import select

from shopify_app.ai import (
    FIELD_SPECS,
    TONES,
    GenerationSettings,
    InvalidOutputError,
    ProductFacts,
    TemplateError,
    check_settings,
    render_preview,
)
from shopify_app.errors import ValidationError
from shopify_app.extensions import db
from shopify_app.models import Shop, ShopSettings, StaffMember
from shopify_app.models.staff import ROLES

log = logging.getLogger(__name__)
FIELDS = ("description", "seo_title", "seo_description", "alt_text")
ANALYSIS_TARGETS = ("tags", "metafields", "both")
READ_ONLY = ("provider", "tones", "fields")
PREVIEW_KEYS = ("field", "template", "language", "tone", "lengths")
# Purging after less than a week would take results a merchant may still be looking at.
RETENTION_MIN_DAYS, RETENTION_MAX_DAYS = 7, 3650
GENERATION_KEYS = ("language", "tone", "brand_voice", "custom_instructions", "lengths",
                   "templates")
SAMPLE_PRODUCT = ProductFacts.from_mapping({
    "title": "Merino Crew Sweater", "vendor": "Northwind", "product_type": "Sweaters",
    "tags": ["wool", "winter"], "options": {"Size": ["S", "M", "L"], "Color": ["Navy", "Oat"]},
    "variants": [{"title": "S / Navy", "sku": "NW-MER-S-NV", "price": "89.00"}],
    "price_range": {"min": "89.00", "max": "89.00", "currency": "USD"},
    "shop_name": "Northwind", "image_url": "https://example.com/sweater.jpg",
})


def defaults() -> dict[str, Any]:
    return {
        "strategy": "review",
        "auto_generate": {field: False for field in FIELDS},
        "regenerate_on_update": False,
        "reanalyze_on_image_change": False,
        "language": "en",
        "tone": "friendly",
        "brand_voice": "",
        "custom_instructions": "",
        "lengths": {spec.field.value: spec.default_target for spec in FIELD_SPECS.values()},
        "templates": {field: "" for field in FIELDS},
        "analysis_target": "tags",
        "image_analysis_limit": 4,
        "default_role": "write",
        # Retention is the merchant's choice: nothing is purged until they pick a number of days.
        "retention_days": 0,
        "retention_include_unpublished": False,
    }


def _stored(shop: Shop) -> ShopSettings | None:
    return db.session.get(ShopSettings, shop.id)


def stored_settings(shop: Shop) -> dict[str, Any]:
    """The shop's own settings over the defaults (no roles, no read-only keys).

    A stored value that fails today's rules (written by an older version, or by hand)
    falls back to its default instead of breaking every page and job of the shop.
    """
    merged = defaults()
    row = _stored(shop)
    if row is None:
        return merged
    try:
        stored = json.loads(row.data_json or "{}")
    except ValueError:
        stored = None
    if not isinstance(stored, dict):
        log.warning("settings of shop %s are unreadable; using the defaults", shop.id)
        return merged
    for key, value in stored.items():
        if key not in merged:
            continue
        if isinstance(merged[key], dict) and isinstance(value, dict):
            # Entry by entry: one bad template does not cost the merchant the others.
            kept = {sub: item for sub, item in value.items() if not _key_problems(key, {sub: item})}
            merged[key] = {**merged[key], **kept}
            readable = len(kept) == len(value)
        else:
            readable = not _key_problems(key, value)
            if readable:
                merged[key] = value
        if not readable:
            log.warning("ignoring an unreadable stored setting %s of shop %s", key, shop.id)
    return merged


def read_only() -> dict[str, Any]:
    cfg = current_app.config
    return {"provider": {"name": cfg["AI_PROVIDER"], "model": cfg.get("AI_MODEL"),
                         "vision": cfg.get("VISION_PROVIDER")},
            "tones": list(TONES), "fields": list(FIELDS)}


def roles(shop: Shop) -> dict[str, str]:
    staff = db.session.scalars(select(StaffMember).where(StaffMember.shop_id == shop.id)
                               .order_by(StaffMember.id))
    return {member.shopify_user_id: member.role for member in staff}


def get_settings(shop: Shop) -> dict[str, Any]:
    return {**stored_settings(shop), "roles": roles(shop), **read_only()}


def generation_settings(shop: Shop, options: dict[str, Any] | None = None) -> GenerationSettings:
    return GenerationSettings.from_mapping(stored_settings(shop), options)


def strategy_for(shop: Shop) -> str:
    return str(stored_settings(shop)["strategy"])


def update_settings(shop: Shop, body: dict[str, Any], actor: str) -> dict[str, Any]:
    """Validate and store a PUT body; 422 lists every problem by field."""
    problems = _problems(body)
    current = get_settings(shop)
    for key in READ_ONLY:
        if key in body and body[key] != current[key]:
            problems.append((key, f"{key} is set by the server and cannot be changed here"))
    new_roles = body.get("roles")
    if "roles" in body:
        problems += _role_problems(shop, new_roles)
    if problems:
        raise ValidationError(problems)
    merged = stored_settings(shop)
    for key, value in body.items():
        if key in READ_ONLY or key == "roles":
            continue
        merged[key] = {**merged[key], **value} if isinstance(value, dict) else value
    row = _stored(shop) or ShopSettings(shop_id=shop.id)
    row.data_json, row.updated_by = json.dumps(merged), actor
    db.session.add(row)
    shop.default_staff_role = merged["default_role"]
    if new_roles:
        for member in db.session.scalars(select(StaffMember).where(
                StaffMember.shop_id == shop.id, StaffMember.shopify_user_id.in_(list(new_roles)))):
            member.role = new_roles[member.shopify_user_id]
    db.session.commit()
    return get_settings(shop)


def _problems(body: dict[str, Any]) -> list[tuple[str, str]]:
    allowed = set(defaults()) | {"roles"} | set(READ_ONLY)
    problems = [(key, f"unknown setting {key}") for key in body if key not in allowed]
    for key, value in body.items():
        if key in READ_ONLY or key == "roles" or key not in allowed:
            continue
        problems += _key_problems(key, value)
    return problems + _template_problems(body)


def _key_problems(key: str, value: Any) -> list[tuple[str, str]]:
    """What is wrong with one setting's value (empty when it can be stored and read back)."""
    if value is None:
        return [(key, f"{key} cannot be null; leave it out to keep the current value")]
    if key == "strategy" and value not in ("review", "auto_publish"):
        return [(key, "strategy must be review or auto_publish")]
    if key == "auto_generate" and (not isinstance(value, dict) or any(
            k not in FIELDS or not isinstance(v, bool) for k, v in value.items())):
        return [(key, f"auto_generate maps {', '.join(FIELDS)} to true/false")]
    if key in ("regenerate_on_update", "reanalyze_on_image_change") \
            and not isinstance(value, bool):
        return [(key, f"{key} must be true or false")]
    if key == "analysis_target" and value not in ANALYSIS_TARGETS:
        return [(key, "analysis_target must be tags, metafields or both")]
    if key == "image_analysis_limit" and (not isinstance(value, int) or isinstance(value, bool)
                                          or not 1 <= value <= 20):
        return [(key, "Images analyzed per product: choose a number from 1 to 20")]
    if key == "retention_days" and (not isinstance(value, int) or isinstance(value, bool) or not (
            value == 0 or RETENTION_MIN_DAYS <= value <= RETENTION_MAX_DAYS)):
        return [(key, f"retention_days must be 0 (keep everything) or {RETENTION_MIN_DAYS} to "
                      f"{RETENTION_MAX_DAYS} days")]
    if key == "retention_include_unpublished" and not isinstance(value, bool):
        return [(key, "retention_include_unpublished must be true or false")]
    if key == "default_role" and value not in ROLES:
        return [(key, "default_role must be read, write or admin")]
    if key == "templates" and isinstance(value, dict):
        blank = [name for name, text in value.items() if text is None]
        if blank:
            return [(f"templates.{blank[0]}", "a template is text; send \"\" for the default")]
    if key in GENERATION_KEYS:
        return list(check_settings({key: value}).items())
    return []


def _template_problems(body: dict[str, Any]) -> list[tuple[str, str]]:
    templates = body.get("templates")
    if not isinstance(templates, dict):
        return []
    settings = GenerationSettings.from_mapping(
        {k: v for k, v in body.items() if k in ("language", "tone", "lengths")})
    problems = []
    for field, text in templates.items():
        if field in FIELDS and isinstance(text, str) and text.strip():
            try:
                render_preview(text, field, SAMPLE_PRODUCT, settings)
            except (TemplateError, InvalidOutputError) as exc:
                problems.append((f"templates.{field}", str(exc)))
    return problems


def _role_problems(shop: Shop, new_roles: Any) -> list[tuple[str, str]]:
    if not isinstance(new_roles, dict) or any(
            not isinstance(r, str) or r not in ROLES for r in new_roles.values()):
        return [("roles", "roles maps staff ids to read, write or admin")]
    known = roles(shop)
    unknown = [staff_id for staff_id in new_roles if staff_id not in known]
    if unknown:
        return [("roles", f"no staff member {unknown[0]} has used the app yet")]
    after = {**known, **new_roles}
    if "admin" not in after.values():
        return [("roles", "at least one staff member must stay admin")]
    return []


def check_generation(options: dict[str, Any]) -> dict[str, str]:
    """Problems with per-job generation options (same rules as the settings)."""
    return check_settings(options)


def preview_template(body: dict[str, Any]) -> str:
    """Render a template on the sample product for the settings page's live preview."""
    field, template = body.get("field"), body.get("template")
    problems = [(key, f"unknown field {key}") for key in body if key not in PREVIEW_KEYS]
    if not isinstance(field, str) or field not in FIELDS:
        problems.append(("field", f"field must be one of {', '.join(FIELDS)}"))
    if template is not None and not isinstance(template, str):
        problems.append(("template", "template must be text"))
    problems += list(check_settings(
        {k: v for k, v in body.items() if k in ("language", "tone", "lengths")}).items())
    if problems:
        raise ValidationError(problems)
    settings = GenerationSettings.from_mapping(
        {k: v for k, v in body.items() if k in ("language", "tone", "lengths")})
    try:
        return render_preview(template or "", field, SAMPLE_PRODUCT, settings)
    except (TemplateError, InvalidOutputError) as exc:
        raise ValidationError([("template", str(exc))]) from exc


