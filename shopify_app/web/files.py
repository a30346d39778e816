"""GET /files/<token>: a stored file through its signed, expiring link (no session needed)."""
from __future__ import annotations

import mimetypes
from urllib.parse import quote, urlsplit

from flask import Blueprint, current_app
from werkzeug.wrappers import Response

from shopify_app.errors import ApiError
from shopify_app.storage import (
    ExpiredLink,
    FileMissing,
    InvalidLink,
    iter_chunks,
    storage,
    verify,
)

bp = Blueprint("files", __name__)
# A catalog opened in the browser may show its own styles and inline images, nothing else:
# no scripts, no forms, no requests anywhere, and no access to the app's origin.
HTML_POLICY = ("sandbox; default-src 'none'; img-src data: 'self'; style-src 'unsafe-inline'; "
               "font-src data:; base-uri 'none'; form-action 'none'; "
               "frame-ancestors 'self' https://admin.shopify.com https://*.myshopify.com")


def _html_policy() -> str:
    """HTML_POLICY naming the app's own origin as well: with `sandbox` the document's origin
    is opaque, so browsers do not take the app's pages for 'self' when they frame it."""
    parts = urlsplit(current_app.config.get("SHOPIFY_APP_URL") or "")
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
    return f"{HTML_POLICY} {origin}".rstrip() if origin else HTML_POLICY


@bp.get("/files/<token>")
def download(token: str) -> Response:
    try:
        target = verify(token)
    except InvalidLink as exc:
        raise ApiError(404, "This link is not valid") from exc
    except ExpiredLink as exc:
        raise ApiError(404, "This link has expired; ask for a new one") from exc
    backend = storage()
    try:
        size = backend.size(target.key)
        stream = backend.open(target.key)
    except FileMissing as exc:
        raise ApiError(404, "This file no longer exists") from exc
    content_type = mimetypes.guess_type(target.filename)[0] or "application/octet-stream"
    response = Response(iter_chunks(stream), mimetype=content_type, direct_passthrough=True)
    response.headers["Content-Length"] = str(size)
    disposition = "inline" if target.inline else "attachment"
    response.headers["Content-Disposition"] = (
        f"{disposition}; filename*=UTF-8''{quote(target.filename)}")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, max-age=300"
    response.headers["Referrer-Policy"] = "no-referrer"
    if content_type == "text/html":
        response.headers["Content-Security-Policy"] = _html_policy()
    return response
