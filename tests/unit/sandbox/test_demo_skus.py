"""The SKUs the dev shop's demo definition suggests are ones its sandbox store sells."""
from __future__ import annotations

from shopify_app.catalogs.demo import DEMO_DEFINITION, DEMO_SKUS
from shopify_app.sandbox import catalog
from shopify_app.sandbox.bucket import Plan
from shopify_app.sandbox.state import ShopStore


def test_every_demo_sku_is_in_the_dev_shops_sandbox_store() -> None:
    store = ShopStore("shelf-dev.myshopify.com", Plan.parse("plus"))
    catalog.seed(store, 500)  # what `make dev` starts the sandbox with
    skus = {variant["sku"] for variant in store.variants.values()}
    assert set(DEMO_SKUS) <= skus
    assert all(sku in DEMO_DEFINITION["description"] for sku in DEMO_SKUS)
