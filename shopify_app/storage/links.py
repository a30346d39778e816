"""Signed, expiring download links: HMAC (the app secret) over the key and expiry.

A link works without a session, so one sent by email opens anywhere; it stops
working when it expires or when the file is deleted. Nothing in it can be
changed without breaking the signature.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from .base import check_key

SALT = "shelf.files.v1"
DEFAULT_TTL = 7 * 24 * 3600


class InvalidLink(Exception):
    """Forged, damaged or for another deployment."""


class ExpiredLink(Exception):
    pass


@dataclass(frozen=True)
class LinkTarget:
    key: str
    filename: str
    expires_at: int
    inline: bool


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SHOPIFY_API_SECRET"], salt=SALT)


def link_ttl() -> int:
    return int(current_app.config.get("SHELF_FILE_LINK_TTL") or DEFAULT_TTL)


def sign(key: str, *, filename: str | None = None, ttl: int | None = None,
         inline: bool = False, now: float | None = None) -> tuple[str, int]:
    """A token for ``key`` and the epoch second it expires."""
    expires = int((now if now is not None else time.time()) + (ttl or link_ttl()))
    payload = {"k": check_key(key), "x": expires, "n": filename or key.rsplit("/", 1)[-1],
               "i": 1 if inline else 0}
    return _serializer().dumps(payload), expires


def verify(token: str, now: float | None = None) -> LinkTarget:
    if not isinstance(token, str) or len(token) > 4096:
        raise InvalidLink("not a link")
    try:
        payload: Any = _serializer().loads(token)
    except BadSignature as exc:
        raise InvalidLink("bad signature") from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("k"), str) \
            or not isinstance(payload.get("x"), int):
        raise InvalidLink("not a link")
    if payload["x"] < (now if now is not None else time.time()):
        raise ExpiredLink(payload["k"])
    return LinkTarget(key=payload["k"], filename=str(payload.get("n") or "download"),
                      expires_at=payload["x"], inline=bool(payload.get("i")))


def url_for_key(key: str, *, filename: str | None = None, ttl: int | None = None,
                inline: bool = False) -> dict[str, Any]:
    """An absolute link (on the app's public URL) and when it expires."""
    token, expires = sign(key, filename=filename, ttl=ttl, inline=inline)
    base = current_app.config["SHOPIFY_APP_URL"].rstrip("/")
    return {"url": f"{base}/files/{token}",
            "expires_at": datetime.fromtimestamp(expires, UTC).isoformat().replace(
                "+00:00", "Z")}
