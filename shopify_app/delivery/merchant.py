"""Who the merchant is for a message: the shop's name and the owner's email.

Both come from Shopify (`shop { name email }`) and are kept on the shop row,
so only the first delivery of a shop asks for them.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from shopify_app.extensions import db
from shopify_app.models import Shop

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Merchant:
    name: str
    email: str | None


def display_name(shop: Shop) -> str:
    """The shop's name, or its myshopify handle made readable."""
    if shop.name and shop.name.strip():
        return shop.name.strip()
    return shop.domain.split(".")[0].replace("-", " ").title()


def merchant_for(shop: Shop) -> Merchant:
    if not shop.email or not shop.name:
        _fetch_contact(shop)
    return Merchant(name=display_name(shop), email=shop.email)


def _fetch_contact(shop: Shop) -> None:
    """Ask Shopify once; on any failure keep what is stored (delivery goes on)."""
    if not (shop.has_usable_token() or shop.can_refresh()):
        return
    from shopify_app.shopify_access import client_for

    try:
        client = client_for(shop.domain)
        client.max_attempts = 2  # a delivery should not wait minutes for a name
        with client:
            data = client.execute("ShopContact").get("shop") or {}
    except Exception:  # noqa: BLE001 — the catalog still goes out, with stored details
        log.warning("could not read the name and email of %s", shop.domain, exc_info=True)
        return
    name, email = data.get("name"), data.get("email")
    if isinstance(name, str) and name.strip():
        shop.name = name.strip()[:255]
    if isinstance(email, str) and email.strip():
        shop.email = email.strip()[:255]
    db.session.commit()
