"""The JSON error envelope for the API and webhooks, readable pages for documents."""
from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from shopify_app.errors import TITLES, ApiError, ValidationError
from shopify_app.jobs.errors import InvalidInput, JobError, NotFound, StateConflict, Unavailable
from shopify_app.logs import current_request_id

log = logging.getLogger(__name__)


def error_body(status: int, detail: str, title: str | None = None,
               entries: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    base = {"status": str(status), "title": title or TITLES.get(status, "Error"),
            "request_id": current_request_id()}
    if entries:
        return {"errors": [{**base, **entry} for entry in entries]}
    return {"errors": [{**base, "detail": detail}]}


def _wants_json() -> bool:
    path = request.path
    if path.startswith(("/api/", "/webhooks", "/healthz")) or path == "/api":
        return True
    return request.accept_mimetypes.best == "application/json"


def _respond(status: int, detail: str, title: str | None = None,
             entries: list[dict[str, Any]] | None = None,
             headers: dict[str, str] | None = None) -> Response:
    if _wants_json():
        response = jsonify(error_body(status, detail, title, entries))
    else:
        html = render_template("error.html", status=status,
                               title=title or TITLES.get(status, "Error"), detail=detail,
                               request_id=current_request_id(),
                               api_key=g.get("api_key", ""))
        response = Response(html, mimetype="text/html")
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def as_api_error(error: JobError) -> ApiError:
    """The HTTP answer for a domain error of the job engine."""
    if isinstance(error, InvalidInput):
        return ValidationError(error.problems)
    if isinstance(error, NotFound):
        return ApiError(404, error.detail)
    if isinstance(error, StateConflict):
        return ApiError(409, error.detail)
    if isinstance(error, Unavailable):
        return ApiError(502, error.detail)
    return ApiError(400, error.detail)


def init_app(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def _api_error(error: ApiError) -> Response:
        return _respond(error.status, error.detail, error.title, error.extra_errors,
                        error.headers)

    @app.errorhandler(JobError)
    def _job_error(error: JobError) -> Response:
        return _api_error(as_api_error(error))

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        status = error.code or 500
        detail = {
            404: "The requested resource was not found.",
            405: f"The method {request.method} is not allowed for this URL.",
            413: "The request body is larger than this server accepts.",
        }.get(status, error.description or TITLES.get(status, "Error"))
        headers = {}
        if status == 405 and error.get_response().headers.get("Allow"):
            headers["Allow"] = error.get_response().headers["Allow"]
        return _respond(status, detail, headers=headers)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return _respond(500, "Something went wrong on our side. The request id identifies it "
                             "in our logs.")
