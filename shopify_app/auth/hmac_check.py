"""HMAC checks for OAuth query strings (hex) and webhook bodies (base64)."""
from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping


def _encode_query_for_signature(params: Mapping[str, str]) -> str:
    # Shopify's rule, as in the ShopifyAPI package: escape the delimiters, then
    # sort the k=v pairs and join them with '&' (hmac itself left out).
    pairs = []
    for key, value in params.items():
        if key == "hmac":
            continue
        key = str(key).replace("%", "%25").replace("=", "%3D")
        value = str(value).replace("%", "%25")
        pairs.append(f"{key}={value}".replace("&", "%26"))
    return "&".join(sorted(pairs))


def query_hmac(params: Mapping[str, str], secret: str) -> str:
    message = _encode_query_for_signature(params)
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def valid_query_hmac(params: Mapping[str, str], secret: str) -> bool:
    offered = params.get("hmac", "")
    return bool(offered) and hmac.compare_digest(query_hmac(params, secret), offered)


def webhook_hmac(body: bytes, secret: str) -> str:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def valid_webhook_hmac(body: bytes, offered: str | None, secret: str) -> bool:
    if not offered or not secret:
        return False
    return hmac.compare_digest(webhook_hmac(body, secret).encode(), offered.encode())
