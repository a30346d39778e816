"""The create body of a catalog job, checked field by field (422 names the field and row)."""
from __future__ import annotations

from typing import Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from flask import current_app

from shopify_app.catalogs.definitions import get_definition, list_definitions
from shopify_app.catalogs.rows import RowProblem, clean_row
from shopify_app.errors import ApiError, ValidationError
from shopify_app.jobs.kinds.base import NewJob
from shopify_app.models import Shop

BODY_KEYS = {"kind", "mode", "strategy", "title", "definition_id", "customer", "customer_name",
             "customer_email", "customer_phone", "reference", "items", "options"}
OPTION_KEYS = {"merge_duplicates"}
MAX_ROW_PROBLEMS = 20


def _customer(body: dict[str, Any], problems: list[tuple[str, str]]) -> dict[str, Any]:
    """Name, email and phone from ``customer: {...}`` or the flat ``customer_*`` fields."""
    nested = body.get("customer")
    if nested is not None and not isinstance(nested, dict):
        problems.append(("customer", "customer must be an object with name, email and phone"))
        nested = {}
    nested = nested or {}
    unknown = sorted(set(nested) - {"name", "email", "phone"})
    problems += [(f"customer.{k}", f"customer.{k} is not a customer field") for k in unknown]
    name = nested.get("name", body.get("customer_name"))
    email = nested.get("email", body.get("customer_email"))
    phone = nested.get("phone", body.get("customer_phone"))
    if not isinstance(name, str) or not name.strip():
        problems.append(("customer_name", "customer_name is required"))
    elif len(name) > 255:
        problems.append(("customer_name", "customer_name must be at most 255 characters"))
    if not isinstance(email, str) or not email.strip():
        problems.append(("customer_email", "customer_email is required"))
        email = None
    else:
        try:
            email = validate_email(email.strip(), check_deliverability=False).normalized
        except EmailNotValidError:
            problems.append(("customer_email", "customer_email is not a valid email address"))
            email = None
        else:
            if len(email) > 255:
                problems.append(("customer_email", "customer_email is too long"))
    if phone in (None, ""):
        phone = None
    elif not isinstance(phone, str) or not phone.strip().startswith("+"):
        problems.append(("customer_phone", "customer_phone must be in international format "
                                           "with the country code, such as +14155550123"))
        phone = None
    else:
        try:
            parsed = phonenumbers.parse(phone.strip(), None)
        except phonenumbers.NumberParseException:
            parsed = None
        if parsed is None or not phonenumbers.is_possible_number(parsed):
            problems.append(("customer_phone", "customer_phone is not a possible phone number; "
                                               "use international format such as +14155550123"))
            phone = None
        else:
            phone = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return {"name": name.strip() if isinstance(name, str) else name, "email": email,
            "phone": phone}


def _items(raw: Any, problems: list[tuple[str, str]]) -> list[dict[str, Any]]:
    limit = int(current_app.config.get("SHELF_CATALOG_MAX_ROWS") or 5000)
    if not isinstance(raw, list) or not raw:
        problems.append(("items", "items must list at least one row with a sku"))
        return []
    if len(raw) > limit:
        problems.append(("items", f"items can have at most {limit:,} rows; split the order "
                                  "into several catalogs"))
        return []
    rows, row_problems = [], 0
    for index, entry in enumerate(raw, start=1):
        try:
            rows.append(clean_row(entry, index))
        except RowProblem as problem:
            row_problems += 1
            if row_problems <= MAX_ROW_PROBLEMS:
                problems.append((problem.field, problem.detail))
    if row_problems > MAX_ROW_PROBLEMS:
        problems.append(("items", f"{row_problems - MAX_ROW_PROBLEMS} more rows have problems"))
    return rows


def merge_duplicates(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per SKU, quantities added, the first row's description and price kept."""
    merged: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row["sku"] in merged:
            merged[row["sku"]]["quantity"] += row["quantity"]
        else:
            merged[row["sku"]] = dict(row)
    return list(merged.values())


def validate_body(body: dict[str, Any], shop: Shop) -> NewJob:
    problems: list[tuple[str, str]] = []
    unknown = sorted(set(body) - BODY_KEYS)
    problems += [(key, f"{key} is not a field of a catalog job") for key in unknown]
    definition_id = body.get("definition_id")
    definition = None
    if not isinstance(definition_id, str) or not definition_id:
        active = list_definitions(shop, active=True)
        problems.append(("definition_id", "definition_id is required" if active else
                         "definition_id is required, and the shop has no active catalog "
                         "definition yet: create one under Definitions first"))
    else:
        try:
            definition = get_definition(shop, definition_id)
        except ApiError:
            problems.append(("definition_id", f"definition_id {definition_id} is not a catalog "
                                              "definition of this shop"))
        else:
            if not definition.active:
                problems.append(("definition_id", f"the definition {definition.name!r} is not "
                                                  "active; activate it or choose another"))
    customer = _customer(body, problems)
    reference = body.get("reference")
    if reference in (None, ""):
        reference = None
    elif not isinstance(reference, str) or len(reference) > 255:
        problems.append(("reference", "reference must be text of at most 255 characters"))
    options = body.get("options") or {}
    if not isinstance(options, dict):
        problems.append(("options", "options must be an object"))
        options = {}
    problems += [(f"options.{k}", f"options.{k} is not an option of a catalog job")
                 for k in sorted(set(options) - OPTION_KEYS)]
    merge = options.get("merge_duplicates", False)
    if not isinstance(merge, bool):
        problems.append(("options.merge_duplicates", "merge_duplicates must be true or false"))
    rows = _items(body.get("items"), problems)
    title = body.get("title")
    if title is not None and (not isinstance(title, str) or len(title) > 255):
        problems.append(("title", "title must be text of at most 255 characters"))
    if problems:
        raise ValidationError(problems)
    assert definition is not None
    if merge:
        rows = merge_duplicates(rows)
    snapshot = {"id": definition.id, "name": definition.name, "layout": definition.layout,
                "custom_template": definition.custom_template,
                "settings": definition.settings, "logo_key": definition.logo_key}
    reference_text = reference.strip() if reference else None
    default_title = f"Catalog for {customer['name']}" + (
        f" — {reference_text}" if reference_text else "")
    # Small facts the jobs list shows live in options (cheap to read); the rows and the
    # definition snapshot in params.
    return NewJob(title=(title or default_title)[:255], field="catalog",
                  options={"merge_duplicates": merge, "rows": len(rows),
                           "definition_name": definition.name,
                           "customer_phone": customer["phone"]},
                  params={"definition": snapshot, "items": rows},
                  customer_name=customer["name"], customer_email=customer["email"],
                  reference=reference_text, definition_id=definition.id,
                  provider=None, model=None)
