"""/api/uploads: a spreadsheet for an import job, checked and previewed before it is kept."""
from __future__ import annotations

from flask import g, jsonify, request
from werkzeug.wrappers import Response

from shopify_app.auth.current import require_role
from shopify_app.errors import ApiError
from shopify_app.uploads import (
    MAX_UPLOAD_BYTES,
    get_upload,
    store_upload,
    too_large,
    upload_json,
)
from shopify_app.web.api import bp

# The multipart envelope around the file (boundaries, headers) needs a little room.
ENVELOPE_BYTES = 64 * 1024


@bp.post("/uploads")
@require_role("write")
def create_upload() -> Response:
    """A CSV or XLSX file as the multipart field `file`."""
    limit = MAX_UPLOAD_BYTES + ENVELOPE_BYTES
    if (request.content_length or 0) > limit:
        raise too_large()  # said before reading a byte of it
    request.max_content_length = limit
    if request.mimetype != "multipart/form-data":
        raise ApiError(415, "Send the spreadsheet as multipart/form-data in the field `file`")
    upload = request.files.get("file")
    if upload is None:
        raise ApiError(400, "The request has no file: send the spreadsheet in the field `file`")
    record = store_upload(g.shop.id, upload.stream, upload.filename, upload.mimetype,
                          g.staff.shopify_user_id if g.staff else None)
    response = jsonify({"data": upload_json(record)})
    response.status_code = 201
    response.headers["Location"] = f"/api/uploads/{record['id']}"
    return response


@bp.get("/uploads/<upload_id>")
@require_role("read")
def show_upload(upload_id: str) -> Response:
    return jsonify({"data": upload_json(get_upload(g.shop.id, upload_id))})
