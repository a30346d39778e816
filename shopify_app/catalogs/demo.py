"""Development seeding: one active demo definition, so a newcomer can build a catalog at once."""
from __future__ import annotations

from sqlalchemy import select

from shopify_app.extensions import db
from shopify_app.models import CatalogDefinition, Shop

from .definitions import create_definition

# SKUs of the dev shop's sandbox store (shown as a hint on the New job form in development):
# one product without options, and a variant each of two products with options.
DEMO_SKUS = ("SHELF-00001", "SHELF-00002-148CM", "SHELF-00004-18L")

DEMO_DEFINITION = {
    "name": "Demo wholesale catalog",
    "description": f"Created by make dev. Try SKUs such as {DEMO_SKUS[0]}, {DEMO_SKUS[1]} "
                   f"or {DEMO_SKUS[2]} from the sandbox store.",
    "layout": "grid", "currency": "USD", "number_format": "en_US", "image_size": 400,
    "columns": ["image", "title", "sku", "options", "quantity", "unit_price", "line_total"],
    "grouping": "product_type", "page_size": "Letter",
    "branding": {"accent_color": "#1f4e79", "header_text": "Wholesale prices, valid 30 days.",
                 "footer_text": "Shelf demo store", "cover_page": True},
}


def seed_demo_definition(shop_domain: str) -> tuple[CatalogDefinition | None, bool]:
    """The shop's demo definition, created when the shop has no definition at all.

    The shop row is created too when it is not known yet; its first login installs it.
    Returns (definition or None when the shop already had others, whether it was created).
    """
    shop = db.session.scalars(select(Shop).where(Shop.domain == shop_domain)).first()
    if shop is None:
        shop = Shop(domain=shop_domain)
        db.session.add(shop)
        db.session.commit()
    existing = db.session.scalars(select(CatalogDefinition).where(
        CatalogDefinition.shop_id == shop.id)).first()
    if existing is not None:
        return (existing if existing.name == DEMO_DEFINITION["name"] else None), False
    return create_definition(shop, DEMO_DEFINITION, actor="make dev"), True
