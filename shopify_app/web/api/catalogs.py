"""/api/catalog-definitions (CRUD, logo), /api/catalogs (built catalogs), row parsing."""
from __future__ import annotations

from flask import g, jsonify, request
from werkzeug.wrappers import Response

from shopify_app.auth.current import require_role
from shopify_app.catalogs import catalogs, definitions
from shopify_app.catalogs.rows import MAX_PARSE_BYTES, parse_rows_text
from shopify_app.errors import ApiError, ValidationError
from shopify_app.web.api import bp, json_body


def _list(rows: list, total: int, next_cursor: str | None = None) -> Response:  # type: ignore[type-arg]
    return jsonify({"data": rows, "meta": {"results": {"total": total},
                                           "next_cursor": next_cursor}})


@bp.get("/catalog-definitions")
@require_role("read")
def list_definitions() -> Response:
    raw = request.args.get("active")
    if raw not in (None, "", "true", "false"):
        raise ValidationError([("active", "active must be true or false")])
    found = definitions.list_definitions(g.shop, None if not raw else raw == "true")
    return _list([definitions.definition_json(d) for d in found], len(found))


@bp.post("/catalog-definitions")
@require_role("write")
def create_definition() -> Response:
    definition = definitions.create_definition(g.shop, json_body(), g.staff.shopify_user_id)
    response = jsonify({"data": definitions.definition_json(definition)})
    response.status_code = 201
    response.headers["Location"] = f"/api/catalog-definitions/{definition.id}"
    return response


@bp.get("/catalog-definitions/<definition_id>")
@require_role("read")
def get_definition(definition_id: str) -> Response:
    definition = definitions.get_definition(g.shop, definition_id)
    return jsonify({"data": definitions.definition_json(definition)})


@bp.patch("/catalog-definitions/<definition_id>")
@require_role("write")
def update_definition(definition_id: str) -> Response:
    definition = definitions.update_definition(
        definitions.get_definition(g.shop, definition_id), json_body())
    return jsonify({"data": definitions.definition_json(definition)})


@bp.delete("/catalog-definitions/<definition_id>")
@require_role("admin")
def delete_definition(definition_id: str) -> Response:
    definitions.delete_definition(definitions.get_definition(g.shop, definition_id))
    return Response(status=204)


@bp.post("/catalog-definitions/preview")
@require_role("read")
def preview_definition() -> Response:
    """The HTML a definition (saved or not) gives on sample rows, as the editor shows it."""
    clean = definitions.check(json_body())
    return jsonify({"data": {"html": definitions.preview(clean)}})


@bp.put("/catalog-definitions/<definition_id>/logo")
@require_role("write")
def put_logo(definition_id: str) -> Response:
    definition = definitions.get_definition(g.shop, definition_id)
    upload = request.files.get("logo") or request.files.get("file")
    data = upload.read(catalogs.MAX_LOGO_BYTES + 1) if upload else request.get_data(cache=False)
    definition = catalogs.store_logo(definition, data)
    return jsonify({"data": definitions.definition_json(definition)})


@bp.delete("/catalog-definitions/<definition_id>/logo")
@require_role("write")
def delete_logo(definition_id: str) -> Response:
    definition = catalogs.remove_logo(definitions.get_definition(g.shop, definition_id))
    return jsonify({"data": definitions.definition_json(definition)})


@bp.post("/catalog-rows/parse")
@require_role("write")
def parse_rows() -> Response:
    """Rows from pasted spreadsheet cells ({"text": ...}) or an uploaded CSV file."""
    upload = request.files.get("file")
    if upload is not None:
        raw = upload.read(MAX_PARSE_BYTES + 1)
        if len(raw) > MAX_PARSE_BYTES:
            raise ApiError(413, "The file is larger than 2 MB")
        text = _decode(raw)
    elif request.mimetype in ("text/csv", "text/plain", "text/tab-separated-values"):
        text = _decode(request.get_data(cache=False))
    else:
        body = json_body()
        text = body.get("text")
        if not isinstance(text, str):
            raise ValidationError([("text", "text must be the pasted rows")])
    try:
        rows, problems = parse_rows_text(text)
    except ValueError as exc:
        raise ApiError(413, f"The rows are too large: {exc}") from exc
    return jsonify({"data": {"items": rows, "problems": problems},
                    "meta": {"results": {"total": len(rows)}}})


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError([("file", "the file must be UTF-8 text (CSV)")])


@bp.get("/catalogs")
@require_role("read")
def list_catalogs() -> Response:
    page = catalogs.list_catalogs(g.shop, request.args.to_dict())
    modes = catalogs.job_modes(page.rows)
    return _list([catalogs.catalog_json(c, mode=modes.get(c.job_id)) for c in page.rows],
                 page.total, page.next_cursor)


@bp.get("/catalogs/<catalog_id>")
@require_role("read")
def get_catalog(catalog_id: str) -> Response:
    return jsonify({"data": catalogs.catalog_json(catalogs.get_catalog(g.shop, catalog_id))})


@bp.post("/catalogs/<catalog_id>/links")
@require_role("write")
def share_catalog(catalog_id: str) -> Response:
    catalog = catalogs.get_catalog(g.shop, catalog_id)
    body = json_body() if request.get_data(cache=True) else {}
    return jsonify({"data": catalogs.share_links(catalog, body)})
