"""Errors that services raise and the web layer turns into the JSON error envelope."""
from __future__ import annotations

from typing import Any

TITLES = {
    400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
    405: "Method Not Allowed", 409: "Conflict", 413: "Payload Too Large",
    415: "Unsupported Media Type", 422: "Failed Validation", 429: "Too Many Requests",
    500: "Internal Server Error", 503: "Service Unavailable",
}


class ApiError(Exception):
    """Raise from a view or service to answer with the error envelope."""

    def __init__(self, status: int, detail: str, *, title: str | None = None,
                 errors: list[dict[str, Any]] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.title = title or TITLES.get(status, "Error")
        self.extra_errors = errors
        self.headers = headers or {}


class ValidationError(ApiError):
    """422 with one entry per invalid field: {"field": "customer_email", "detail": "..."}."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        errors = [{"source": {"pointer": f"/{field.replace('.', '/')}"}, "detail": detail}
                  for field, detail in problems]
        super().__init__(422, "; ".join(detail for _, detail in problems), errors=errors)


