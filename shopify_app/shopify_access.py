"""One Admin API client per shop per unit of work, built from the shop's stored token."""
from __future__ import annotations

from flask import current_app

from shopify_app.auth.tokens import ShopTokenProvider
from shopify_app.extensions import redis_ext
from shopify_app.shopify import AdminClient

# A merchant waits for a page's read-through (counts, search, names): one quick retry and a
# short wait for points, then the page says Shopify is busy, rather than a spinner for
# the minute a worker would patiently spend.
INTERACTIVE = {"max_attempts": 2, "timeout": (3.0, 15.0), "throttle_deadline": 10.0}


def client_for(shop_domain: str, *, interactive: bool = False) -> AdminClient:
    """A fresh client: its own HTTP session, the shared Redis rate-limit bucket.

    ``interactive``: for calls made while a web request waits (see INTERACTIVE).
    """
    cfg = current_app.config
    return AdminClient(shop_domain, token_provider=ShopTokenProvider(shop_domain),
                       redis=redis_ext.client,
                       admin_origin=cfg["SHOPIFY_ADMIN_ORIGIN"],
                       api_version=cfg["SHOPIFY_API_VERSION"],
                       **(INTERACTIVE if interactive else {}))
