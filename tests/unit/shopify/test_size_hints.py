"""What kinds say about a job's size before reading it: one capped count at most."""
from __future__ import annotations

import pytest

from shopify_app.jobs.kinds.analyze_images.kind import AnalyzeImagesKind
from shopify_app.jobs.kinds.base import JobKind, JobView, RunContext, ShopView
from shopify_app.jobs.kinds.build_catalog import BuildCatalogKind
from shopify_app.jobs.kinds.export import ExportKind
from shopify_app.jobs.kinds.generate.kind import GenerateKind
from shopify_app.jobs.kinds.import_sheet import ImportKind
from shopify_app.shopify import BadResponseError, scope_size_hint
from tests.unit.shopify.conftest import ok


def _context(client, scope=None, params=None) -> RunContext:  # type: ignore[no-untyped-def]
    job = JobView(id="J1", shop_id=1, kind="x", field=None, strategy="review", mode="manual",
                  scope=scope or {"type": "all"}, options={}, params=params or {}, succeeded=0)
    return RunContext(shop=ShopView(id=1, domain="test-shop.myshopify.com"), job=job,
                      services={"shopify": client})


def _count(n: int) -> dict:
    return ok({"productsCount": {"count": n, "precision": "AT_LEAST" if n > 2000 else "EXACT"}})


def test_a_search_scope_costs_one_capped_count(client, stub):
    stub.on("ProductsCount", _count(2001))
    assert scope_size_hint(client, {"type": "tag", "value": "Summer"}) == 2001
    sent = stub.variables("ProductsCount")[0]
    assert sent["limit"] == 2001 and sent["query"] == 'tag:"Summer"'


def test_explicit_ids_are_counted_without_calling_shopify(client, stub):
    assert scope_size_hint(client, {"type": "products", "ids": ["1", "2", "2", "3"]}) == 3
    assert stub.count("ProductsCount") == 0


@pytest.mark.parametrize("kind", [GenerateKind(), AnalyzeImagesKind(), ExportKind()],
                         ids=lambda kind: kind.name)
def test_kinds_reading_a_product_scope_count_it(client, stub, kind):
    stub.on("ProductsCount", _count(250))
    assert kind.size_hint(_context(client, {"type": "vendor", "value": "Acme"})) == 250
    assert stub.count("ProductsCount") == 1


def test_a_failing_count_raises_for_the_engine_to_log(client, stub):
    stub.on("ProductsCount", ok({"productsCount": {"precision": "EXACT"}}))
    with pytest.raises(BadResponseError):
        GenerateKind().size_hint(_context(client))


def test_kinds_that_know_their_rows_do_not_call_shopify(stub):
    assert BuildCatalogKind().size_hint(_context(None, params={"items": [{"sku": "A"}] * 7})) == 7
    assert BuildCatalogKind().size_hint(_context(None)) == 0
    assert ImportKind().size_hint(_context(None, params={"upload": {"rows": 4200}})) == 4200
    assert ImportKind().size_hint(_context(None, params={"upload": {}})) is None
    assert ImportKind().size_hint(_context(None, params={"upload": {"rows": "9"}})) is None
    assert JobKind().size_hint(_context(None)) is None
    assert stub.calls == []
