"""One Admin API client per shop per unit of work, built from the shop's stored token."""
from __future__ import annotations

from flask import current_app

from shopify_app.auth.tokens import ShopTokenProvider
from shopify_app.extensions import redis_ext
from shopify_app.shopify import AdminClient


def client_for(shop_domain: str) -> AdminClient:
    """A fresh client: its own HTTP session, the shared Redis rate-limit bucket."""
    cfg = current_app.config
    return AdminClient(shop_domain, token_provider=ShopTokenProvider(shop_domain),
                       redis=redis_ext.client,
                       admin_origin=cfg["SHOPIFY_ADMIN_ORIGIN"],
                       api_version=cfg["SHOPIFY_API_VERSION"])
