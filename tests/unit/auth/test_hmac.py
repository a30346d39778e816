"""HMAC helpers agree with Shopify's own reference implementation."""
from __future__ import annotations

import base64
import hashlib
import hmac

import shopify

from shopify_app.auth.hmac_check import (
    query_hmac,
    valid_query_hmac,
    valid_webhook_hmac,
    webhook_hmac,
)

SECRET = "hush"


def test_query_hmac_matches_shopify_api_package():
    params = {"shop": "a.myshopify.com", "code": "x&y=z%", "timestamp": "1", "state": "s=1"}
    shopify.Session.setup(api_key="k", secret=SECRET)
    assert query_hmac(params, SECRET) == shopify.Session.calculate_hmac(params)
    assert valid_query_hmac({**params, "hmac": query_hmac(params, SECRET)}, SECRET)
    assert not valid_query_hmac({**params, "hmac": query_hmac(params, "other")}, SECRET)
    assert not valid_query_hmac(params, SECRET)


def test_webhook_hmac_is_base64_sha256_of_raw_body():
    body = b'{"id": 1}'
    expected = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()
    assert webhook_hmac(body, SECRET) == expected
    assert valid_webhook_hmac(body, expected, SECRET)
    assert not valid_webhook_hmac(body + b" ", expected, SECRET)
    assert not valid_webhook_hmac(body, None, SECRET)
    assert not valid_webhook_hmac(body, expected, "")
