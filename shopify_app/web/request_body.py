"""Read a request body whole, with the size limit enforced for chunked bodies too."""
from __future__ import annotations

from flask import Request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wsgi import get_input_stream

from shopify_app.errors import ApiError


def read_body(request: Request) -> bytes:
    """The body, or 413 when it is larger than MAX_CONTENT_LENGTH.

    With Transfer-Encoding: chunked there is no Content-Length to check up front, and
    Werkzeug's own stream stops at the limit and hands back the truncated start, which
    would then fail a signature check instead of reading as too large. Reading one byte
    past the limit tells the two apart.
    """
    limit = request.max_content_length
    if limit is None:
        return request.get_data(cache=False)
    environ = request.environ
    chunked = "chunked" in request.headers.get("Transfer-Encoding", "").lower()
    if chunked and request.content_length is None and "wsgi.input_terminated" not in environ:
        # This server cannot end a chunked body safely; without it the body reads as empty.
        raise ApiError(411, "Send the request body with a Content-Length header",
                       title="Length Required")
    body = get_input_stream(environ, max_content_length=limit + 1).read()
    if len(body) > limit:
        raise RequestEntityTooLarge()
    return body
