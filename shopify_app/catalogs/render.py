"""Rows + definition → the catalog's HTML (built-in layouts, or the merchant's own)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Any

from babel.dates import format_date
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from .money import money, number
from .sandbox import render_sandboxed

COLUMNS = ("image", "title", "sku", "options", "description", "quantity", "unit_price",
           "line_total", "vendor", "barcode")
COLUMN_LABELS = {"image": "Image", "title": "Product", "sku": "SKU", "options": "Options",
                 "description": "Description", "quantity": "Qty", "unit_price": "Unit price",
                 "line_total": "Line total", "vendor": "Vendor", "barcode": "Barcode"}
NUMERIC = {"quantity", "unit_price", "line_total"}
# Relative widths of the table columns in print, where the tables use the fixed layout:
# measuring every cell for an automatic layout took about a tenth of a long catalog's PDF time.
WIDTH_WEIGHTS = {"title": 3.0, "description": 3.0, "options": 1.6, "sku": 1.4, "vendor": 1.2,
                 "barcode": 1.3, "quantity": 0.6, "unit_price": 1.0, "line_total": 1.1}
PRINT_WIDTH_PX = 680  # an A4 or Letter page's text width, near enough
GROUP_KEYS = {"product_type": "product_type", "vendor": "vendor"}


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("shopify_app.catalogs", "templates"),
                       autoescape=select_autoescape(default=True), trim_blocks=True,
                       lstrip_blocks=True)


def _css_string(text: str) -> Markup:
    """Text safe inside a CSS string in a <style> element (every other char escaped)."""
    out = []
    for char in text.replace("\n", " ")[:300]:
        out.append(char if char.isalnum() or char in " .,:-" else f"\\{ord(char):x} ")
    return Markup("".join(out))


def present_rows(rows: list[dict[str, Any]], settings: dict[str, Any],
                 image_src: Callable[[dict[str, Any]], str | None]) -> list[dict[str, Any]]:
    """Resolved rows with their prices formatted in the definition's currency."""
    currency, locale = settings["currency"], settings["number_format"]
    shown = []
    for row in rows:
        price = row.get("row_price") if settings["price_source"] == "row" else None
        if price is None:
            price = row.get("store_price")
        unit = Decimal(price) if price not in (None, "") else None
        total = unit * row["quantity"] if unit is not None else None
        shown.append({**row, "image": image_src(row), "quantity": number(row["quantity"], locale),
                      "quantity_value": row["quantity"],
                      "unit_price": money(unit, currency, locale),
                      "line_total": money(total, currency, locale),
                      "unit_price_amount": "" if unit is None else str(unit),
                      "line_total_amount": "" if total is None else str(total),
                      "total_value": total, "currency": currency})
    return shown


def _groups(rows: list[dict[str, Any]], grouping: str, settings: dict[str, Any]
            ) -> list[dict[str, Any]]:
    if grouping not in GROUP_KEYS:
        return [{"name": None, "rows": rows, "starts": True, "ends": True}]
    found: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        found.setdefault(row.get(GROUP_KEYS[grouping]) or "Other", []).append(row)
    return [{"name": name, "rows": members,
             "total": money(sum((r["total_value"] or Decimal(0) for r in members), Decimal(0)),
                            settings["currency"], settings["number_format"]),
             "quantity": number(sum(r["quantity_value"] for r in members),
                                settings["number_format"]),
             "starts": True, "ends": True}
            for name, members in sorted(found.items(), key=lambda item: item[0].lower())]


def _print_widths(keys: list[str], layout: str, image_size: int) -> dict[str, float]:
    """Percent of the table's width per column: the image column as wide as its picture
    (48 px in the line sheet), the rest shared by weight."""
    image_px = 48 if layout == "line_sheet" else min(160, image_size)
    image = min(40.0, (image_px + 14) * 100 / PRINT_WIDTH_PX) if "image" in keys else 0.0
    weights = {key: WIDTH_WEIGHTS.get(key, 1.0) for key in keys if key != "image"}
    total = sum(weights.values()) or 1.0
    shares = {key: round((100 - image) * weight / total, 2) for key, weight in weights.items()}
    return {**shares, **({"image": round(image, 2)} if "image" in keys else {})}


def context(rows: list[dict[str, Any]], definition: dict[str, Any], job: dict[str, Any],
            *, logo: str | None, generated: datetime) -> dict[str, Any]:
    """Everything a layout may use (the custom layout sees the same, as ``catalog``)."""
    settings = definition["settings"]
    branding = settings["branding"]
    locale = settings["number_format"]
    grand = sum((r["total_value"] or Decimal(0) for r in rows), Decimal(0))
    widths = _print_widths(settings["columns"], definition["layout"], settings["image_size"])
    columns = [{"key": key, "label": COLUMN_LABELS[key], "numeric": key in NUMERIC,
                "width": widths[key]} for key in settings["columns"]]
    groups = _groups(rows, settings["grouping"], settings)
    for index, row in enumerate(r for group in groups for r in group["rows"]):
        row["row_index"] = index  # the row's place in the document (groups reorder rows)
    return {
        "title": f"{definition['name']} — {job['customer']['name']}",
        "definition_name": definition["name"], "layout": definition["layout"],
        "language": locale.split("_")[0], "page_size": settings["page_size"],
        "accent_color": branding["accent_color"], "logo": logo,
        "header_text": branding.get("header_text") or "",
        "footer_text": branding.get("footer_text") or "",
        "footer_css": _css_string(branding.get("footer_text") or definition["name"]),
        "cover_page": branding.get("cover_page", False),
        "customer": job["customer"], "reference": job.get("reference"),
        "generated_on": format_date(generated.date(), "long", locale=locale),
        "columns": columns, "column_keys": [c["key"] for c in columns],
        "list_image_px": min(160, settings["image_size"]),
        "rows": rows, "groups": groups,
        "row_count": len(rows),
        "total_quantity": number(sum(r["quantity_value"] for r in rows), locale),
        "total": money(grand, settings["currency"], locale), "currency": settings["currency"],
        "show_totals": "line_total" in settings["columns"],
        "custom_body": None,
        # A part of a long catalog's PDF (see pdf.py) leaves out what belongs to the whole.
        "opening": True, "closing": True, "page_numbers": True,
    }


def part_context(ctx: dict[str, Any], start: int, end: int) -> dict[str, Any]:
    """Rows ``start``..``end`` of the catalog only: the cover and header in the first part,
    the totals in the last; a group's heading where it starts, its subtotal where it ends.
    No page numbers: they are laid over the joined PDF."""
    groups = []
    for group in ctx["groups"]:
        indexes = [row["row_index"] for row in group["rows"]]
        rows = [row for row in group["rows"] if start <= row["row_index"] < end]
        if rows:
            groups.append({**group, "rows": rows, "starts": indexes[0] >= start,
                           "ends": indexes[-1] < end})
    return {**ctx, "rows": [r for r in ctx["rows"] if start <= r["row_index"] < end],
            "groups": groups, "opening": start == 0, "closing": end >= len(ctx["rows"]),
            "cover_page": ctx["cover_page"] and start == 0, "page_numbers": False}


def numbers_sheet(ctx: dict[str, Any], pages: int) -> str:
    """A document of ``pages`` empty pages carrying only the page numbers, laid over a
    PDF joined from parts (the cover page, when there is one, stays unnumbered)."""
    return _environment().get_template("page_numbers.html").render(c=ctx, pages=pages)


def _template_view(ctx: dict[str, Any]) -> dict[str, Any]:
    """What a custom template sees: plain data, no callables, no internals."""
    keep = ("title", "definition_name", "customer", "reference", "generated_on", "columns",
            "rows", "groups", "row_count", "total_quantity", "total", "currency", "logo",
            "accent_color", "header_text", "footer_text")
    view = {key: ctx[key] for key in keep}
    view["rows"] = [{k: v for k, v in row.items() if k not in ("total_value",)}
                    for row in ctx["rows"]]
    view["groups"] = [{**g, "rows": [{k: v for k, v in r.items() if k != "total_value"}
                                     for r in g["rows"]]} for g in ctx["groups"]]
    return view


def render_html(ctx: dict[str, Any], custom_template: str | None = None) -> str:
    """The whole HTML document. A custom template renders the body, sandboxed."""
    if custom_template is not None:
        view = _template_view(ctx)
        body = render_sandboxed(custom_template, {"catalog": view, **view})
        ctx = {**ctx, "custom_body": Markup(body)}
    return _environment().get_template("catalog.html").render(c=ctx)
