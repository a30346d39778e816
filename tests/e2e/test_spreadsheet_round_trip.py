"""Products read from the sandbox store, written to a spreadsheet and read back:
every value the file sets equals the store's, in both layouts and formats, so
an unchanged export imports as nothing to change."""
from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import redis as redis_lib

from shopify_app.sandbox import SandboxServer
from shopify_app.shopify import (
    AdminClient,
    Product,
    ProductFields,
    StaticTokenProvider,
    iter_products,
)
from shopify_app.shopify.outcomes import same_value
from shopify_app.spreadsheets import (
    SHELF_COLUMNS,
    SHELF_NUMERIC,
    SHOPIFY_HEADERS,
    SHOPIFY_NUMERIC,
    ExportImage,
    ExportProduct,
    ExportVariant,
    FieldChange,
    read_changes,
    shelf_headers,
    shelf_rows,
    shopify_rows,
    write_csv,
    write_xlsx,
)

pytestmark = pytest.mark.e2e

EVERYTHING = ProductFields(text=True, media=True, variants=True, variants_first=50)


@pytest.fixture(scope="module")
def products(redis_server: str) -> Iterator[list[Product]]:
    """Read once for the module (a Redis database of its own for the rate limit)."""
    redis = redis_lib.Redis.from_url(f"{redis_server}/3")
    redis.flushdb()
    with SandboxServer(products=80, plan="plus", seed=11) as server, AdminClient(
            server.shop, token_provider=StaticTokenProvider(server.token()), redis=redis,
            admin_origin=server.origin) as client:
        yield list(iter_products(client, fields=EVERYTHING))
    redis.flushdb()


def export_record(product: Product) -> ExportProduct:
    return ExportProduct(
        id=product.id, handle=product.handle, title=product.title, vendor=product.vendor,
        product_type=product.product_type, status=product.status, tags=product.tags,
        description_html=product.description_html, seo_title=product.seo_title,
        seo_description=product.seo_description,
        variants=tuple(ExportVariant(v.id, v.sku, v.price, v.compare_at_price, v.options)
                       for v in product.variants or ()),
        images=tuple(ExportImage(m.id, n, m.url, m.alt)
                     for n, m in enumerate(product.media or (), start=1)))


def store_value(products: dict[str, Product], change: FieldChange) -> Any:
    """The value the store holds for the field a change names."""
    target = change.target
    if change.field in ("price", "compare_at_price"):
        variant = next(v for p in products.values() for v in p.variants or ()
                       if v.id == target.id or (v.sku and v.sku == target.sku))
        return getattr(variant, change.field)
    if change.field == "image_alt":
        owner = products.get(target.product.id) if target.product and target.product.id else (
            next(p for p in products.values() if target.product
                 and p.handle == target.product.handle))
        media = [m for p in products.values() for m in p.media or ()]
        if target.id:
            return next(m.alt for m in media if m.id == target.id)
        return (owner.media or ())[target.position - 1].alt
    product = products.get(target.id) if target.id else next(
        p for p in products.values() if p.handle == target.handle)
    return getattr(product, change.field)


def assert_all_equal(products: list[Product], data: bytes) -> int:
    result = read_changes(io.BytesIO(data))
    assert result.changes.failed == []
    by_id = {p.id: p for p in products}
    count = 0
    for change in result.changes.changes():
        stored = store_value(by_id, change)
        if change.field in ("price", "compare_at_price"):
            assert Decimal(change.value) == Decimal(stored), change
        elif change.field == "tags":
            assert list(change.value) == list(stored), change
        else:
            assert same_value(change.value, stored), (change, stored)
        count += 1
    return count


@pytest.mark.parametrize("writer", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_our_layout_reads_back_equal_to_the_store(products: list[Product], writer) -> None:
    assert any(p.media for p in products) and any(p.variants for p in products)
    out = io.BytesIO()
    writer(out, shelf_headers(SHELF_COLUMNS),
           (row for p in products for row in shelf_rows(export_record(p), SHELF_COLUMNS)),
           numeric=SHELF_NUMERIC)
    checked = assert_all_equal(products, out.getvalue())
    assert checked >= len(products) * 5  # product fields, prices and alt texts were compared


def test_shopify_layout_reads_back_equal_to_the_store(products: list[Product]) -> None:
    out = io.BytesIO()
    write_csv(out, SHOPIFY_HEADERS, (row for p in products for row in shopify_rows(
        export_record(p))), numeric=SHOPIFY_NUMERIC)
    assert assert_all_equal(products, out.getvalue()) >= len(products) * 5
