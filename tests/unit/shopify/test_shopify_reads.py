"""Reading products, variants, counts and the shop."""
from __future__ import annotations

import pytest

from shopify_app.shopify import (
    MaxCostExceededError,
    ProductFields,
    count_products,
    get_products,
    get_shop,
    iter_product_pages,
    iter_products,
    variants_by_sku,
)
from shopify_app.shopify import reads as reads_module

from .conftest import SHOP, ok


def product(n: int, **extra) -> dict:
    return {"id": f"gid://shopify/Product/{n}", "title": f"P{n}", "handle": f"p{n}",
            "status": "ACTIVE", "vendor": "Acme", "productType": "Cup", "tags": ["a"],
            "updatedAt": "2026-01-01T00:00:00Z", "descriptionHtml": f"<p>d{n}</p>",
            "seo": {"title": None, "description": None}, **extra}


def page(numbers: list[int], has_next: bool, cursor: str | None) -> dict:
    return ok({"products": {"nodes": [product(n) for n in numbers],
                            "pageInfo": {"hasNextPage": has_next, "endCursor": cursor}}})


def test_iterates_three_pages_following_cursors(client, stub) -> None:
    stub.on("ProductsPage", page([1, 2], True, "c1"), page([3, 4], True, "c2"),
            page([5], False, None))
    found = list(iter_products(client, query="tag:\"a\""))
    assert [p.title for p in found] == ["P1", "P2", "P3", "P4", "P5"]
    sent = stub.variables("ProductsPage")
    assert [v["after"] for v in sent] == [None, "c1", "c2"]
    assert all(v["query"] == 'tag:"a"' and v["first"] == 250 for v in sent)
    assert sent[0]["withText"] is True and sent[0]["withMedia"] is False
    assert found[0].description_html == "<p>d1</p>" and found[0].media is None


def test_page_size_shrinks_to_fit_the_query_cost(client, stub) -> None:
    stub.on("ProductsPage", page([1], False, None))
    fields = ProductFields(media=True, variants=True, collections=True)
    list(iter_products(client, fields=fields))
    first = stub.variables("ProductsPage")[0]["first"]
    assert 1 <= first < 250
    assert first * (fields.media_first + fields.variants_first) < 1000


def test_max_cost_exceeded_halves_the_page(client, stub) -> None:
    too_costly = {"errors": [{"message": "cost", "extensions": {"code": "MAX_COST_EXCEEDED"}}]}
    stub.on("ProductsPage", too_costly, page([1], False, None))
    assert [p.numeric_id for p in iter_products(client)] == [1]
    assert [v["first"] for v in stub.variables("ProductsPage")] == [250, 125]


def test_max_cost_exceeded_at_one_product_is_raised(client, stub) -> None:
    too_costly = {"errors": [{"message": "cost", "extensions": {"code": "MAX_COST_EXCEEDED"}}]}
    stub.on("ProductsPage", too_costly)
    with pytest.raises(MaxCostExceededError):
        list(iter_products(client, page_size=1))


def test_long_walks_restart_from_the_last_id(client, stub, monkeypatch) -> None:
    monkeypatch.setattr(reads_module, "RESTART_AFTER", 2)
    stub.on("ProductsPage", page([1, 2], True, "c1"), page([3], False, None))
    pages = list(iter_product_pages(client, query="vendor:\"Acme\""))
    second = stub.variables("ProductsPage")[1]
    assert second["after"] is None
    assert second["query"] == '(vendor:"Acme") AND (id:>2)'
    assert pages[-1].last_id == 3


def test_media_and_variants_are_typed(client, stub) -> None:
    raw = product(1, media={"edges": [{"node": {
        "id": "gid://shopify/MediaImage/9", "alt": "",
        "image": {"url": "https://cdn/x.jpg", "width": 800, "height": 600}}}]},
        variants={"edges": [{"node": {"id": "gid://shopify/ProductVariant/5", "sku": "S-1",
                                      "price": "9.90", "title": "Red",
                                      "selectedOptions": [{"name": "Color", "value": "Red"}]}}]})
    stub.on("ProductsPage", ok({"products": {"nodes": [raw], "pageInfo": {
        "hasNextPage": False, "endCursor": None}}}))
    (found,) = iter_products(client, fields=ProductFields(media=True, variants=True))
    assert found.media[0].width == 800 and found.media[0].url == "https://cdn/x.jpg"
    assert found.images_missing_alt == found.media
    assert found.variants[0].options == (("Color", "Red"),)


def test_a_full_media_page_is_completed(client, stub) -> None:
    fields = ProductFields(text=False, media=True, media_first=1)
    one = {"edges": [{"node": {"id": "gid://shopify/MediaImage/1", "alt": "a", "image": None}}]}
    stub.on("ProductsByIds", ok({"nodes": [product(1, media=one)]}))
    stub.on("ProductMediaPage",
            ok({"product": {"media": {"nodes": [
                {"id": "gid://shopify/MediaImage/1", "alt": "a"},
                {"id": "gid://shopify/MediaImage/2", "alt": None}],
                "pageInfo": {"hasNextPage": False, "endCursor": None}}}}))
    found = get_products(client, ["gid://shopify/Product/1"], fields)
    media = found["gid://shopify/Product/1"].media
    assert [m.id.rsplit("/", 1)[1] for m in media] == ["1", "2"]


def test_get_products_reports_missing_ids(client, stub) -> None:
    stub.on("ProductsByIds", ok({"nodes": [product(1), None]}))
    found = get_products(client, ["gid://shopify/Product/1", "gid://shopify/Product/2"])
    assert found["gid://shopify/Product/1"].title == "P1"
    assert found["gid://shopify/Product/2"] is None


def test_get_products_batches_by_cost(client, stub) -> None:
    ids = [f"gid://shopify/Product/{n}" for n in range(1, 301)]
    stub.on("ProductsByIds", ok({"nodes": []}), ok({"nodes": []}))
    get_products(client, ids)
    batches = [len(v["ids"]) for v in stub.variables("ProductsByIds")]
    assert sum(batches) == 300 and max(batches) <= 250


def test_variants_by_sku_escapes_and_matches_exactly(client, stub) -> None:
    skus = ['A"1', "B 2", "C:3"]
    nodes = [{"id": "gid://shopify/ProductVariant/1", "sku": 'A"1', "price": "1.00",
              "title": "t", "selectedOptions": [], "product": {"id": "gid://shopify/Product/1",
                                                               "title": "P"}},
             {"id": "gid://shopify/ProductVariant/2", "sku": "B 22", "price": "1.00",
              "title": "t", "selectedOptions": [], "product": {"id": "gid://shopify/Product/2",
                                                               "title": "Q"}}]
    stub.on("ProductVariantsBySku", ok({"productVariants": {
        "nodes": nodes, "pageInfo": {"hasNextPage": False, "endCursor": None}}}))
    found = variants_by_sku(client, skus)
    query = stub.variables("ProductVariantsBySku")[0]["query"]
    assert query == 'sku:"A\\"1" OR sku:"B 2" OR sku:"C:3"'
    assert [v.product_id for v in found['A"1']] == ["gid://shopify/Product/1"]
    assert found["B 2"] == [] and found["C:3"] == []


def test_variants_by_sku_splits_long_lists(client, stub) -> None:
    skus = [f"SKU-{n:04d}" for n in range(120)]
    empty = ok({"productVariants": {"nodes": [], "pageInfo": {"hasNextPage": False}}})
    stub.on("ProductVariantsBySku", *[empty] * 3)
    variants_by_sku(client, skus)
    queries = [v["query"] for v in stub.variables("ProductVariantsBySku")]
    assert len(queries) == 3 and all(len(q) <= 2000 for q in queries)
    assert sum(q.count(" OR ") + 1 for q in queries) == 120


def test_count_and_shop(client, stub) -> None:
    stub.on("ProductsCount", ok({"productsCount": {"count": 10000, "precision": "AT_LEAST"}}))
    stub.on("ShopInfo", ok({"shop": {"name": "Test", "myshopifyDomain": SHOP,
                                     "currencyCode": "EUR"}}))
    counted = count_products(client, "status:active", limit=10000)
    assert counted.count == 10000 and counted.exact is False
    assert stub.variables("ProductsCount")[0] == {"query": "status:active", "limit": 10000}
    assert get_shop(client).currency_code == "EUR"
