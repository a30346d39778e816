"""The catalog pages: definitions (list and editor) and the built catalogs."""
from __future__ import annotations

from flask import request
from werkzeug.wrappers import Response

from shopify_app.catalogs import catalogs, definitions
from shopify_app.catalogs.render import COLUMNS
from shopify_app.errors import ApiError, ValidationError
from shopify_app.web.page_format import MODES
from shopify_app.web.pages import Viewer, bp, page_view, render

PAGE_SIZE = "20"
COLUMN_LABELS = {"image": "Image", "title": "Title", "sku": "SKU", "options": "Options",
                 "description": "Description", "quantity": "Quantity",
                 "unit_price": "Unit price", "line_total": "Line total", "vendor": "Vendor",
                 "barcode": "Barcode"}
LAYOUT_LABELS = {"grid": "Grid", "list": "List", "line_sheet": "Line sheet",
                 "custom": "Custom template"}
GROUPING_LABELS = {"none": "No grouping", "product_type": "By product type",
                   "vendor": "By vendor"}
PRICE_LABELS = {"row": "The row's price (else the store's)", "store": "The store's variant price"}
NUMBER_FORMATS = {"en_US": "English (US) 1,234.50", "en_GB": "English (UK) 1,234.50",
                  "de_DE": "German 1.234,50", "fr_FR": "French 1 234,50",
                  "es_ES": "Spanish 1.234,50", "it_IT": "Italian 1.234,50",
                  "nl_NL": "Dutch 1.234,50", "ja_JP": "Japanese 1,234"}


def _form_context() -> dict[str, object]:
    return {"columns": [(key, COLUMN_LABELS.get(key, key)) for key in COLUMNS],
            "layouts": LAYOUT_LABELS, "groupings": GROUPING_LABELS, "price_sources": PRICE_LABELS,
            "number_formats": NUMBER_FORMATS, "page_sizes": definitions.PAGE_SIZES,
            "image_sizes": definitions.IMAGE_SIZES}


@bp.get("/definitions")
@page_view
def definitions_page(viewer: Viewer) -> Response:
    found = definitions.list_definitions(viewer.shop) if viewer.shop.id else []
    rows = [{**definitions.definition_json(d), "used_by": definitions.used_by_jobs(d)}
            for d in found]
    return render("definitions.html", viewer, page_title="Catalog definitions",
                  nav="definitions", definitions=rows, layouts=LAYOUT_LABELS)


@bp.get("/definitions/new")
@page_view
def new_definition(viewer: Viewer) -> Response:
    return render("definition_edit.html", viewer, page_title="New definition",
                  nav="definitions", definition=None,
                  d={**definitions.DEFAULTS, "name": "", "id": None, "logo_url": None},
                  **_form_context())


@bp.get("/definitions/<definition_id>")
@page_view
def edit_definition(viewer: Viewer, definition_id: str) -> Response:
    try:
        definition = definitions.get_definition(viewer.shop, definition_id)
    except ApiError:
        return render("not_found.html", viewer, status=404, page_title="Definition not found",
                      nav="definitions", detail=f"There is no catalog definition "
                                                f"{definition_id} in this store.")
    data = {**definitions.definition_json(definition),
            "used_by": definitions.used_by_jobs(definition)}
    return render("definition_edit.html", viewer, page_title=definition.name,
                  nav="definitions", definition=data, d=data, **_form_context())


CATALOG_FILTERS = ("q", "mode")


@bp.get("/catalogs")
@page_view
def catalogs_page(viewer: Viewer) -> Response:
    filters = {key: request.args[key] for key in CATALOG_FILTERS if request.args.get(key)}
    error, page = None, None
    if viewer.shop.id:
        try:
            page = catalogs.list_catalogs(viewer.shop, {**filters, "limit": PAGE_SIZE})
        except ValidationError as exc:
            error = exc.detail
            filters = {}
            page = catalogs.list_catalogs(viewer.shop, {"limit": PAGE_SIZE})
    modes = catalogs.job_modes(page.rows) if page else {}
    rows = [catalogs.catalog_json(c, mode=modes.get(c.job_id)) for c in page.rows] if page else []
    has_any = bool(rows) or (bool(filters) and catalogs.has_catalogs(viewer.shop))
    return render("catalogs.html", viewer, page_title="Catalogs", nav="catalogs",
                  catalogs=rows, total=page.total if page else 0, has_any=has_any,
                  filters=filters, error=error, modes=MODES,
                  next_cursor=page.next_cursor if page else None)
