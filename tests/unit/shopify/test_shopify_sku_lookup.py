"""SKU lookups of long lists: one bulk query, its JSONL stitched by id; paged reads for
short lists and whenever bulk operations are denied or busy."""
from __future__ import annotations

import json

import responses

from shopify_app.shopify.sku_lookup import lookup_variants, stitch_variants

from .conftest import ok
from .test_shopify_bulk import DENIED, RESULT_URL, polled, started

SKUS = [f"SKU-{n:04d}" for n in range(5)]


def variant_line(n: int, sku: str) -> dict:
    return {"id": f"gid://shopify/ProductVariant/{n}", "sku": sku, "price": "9.50",
            "title": "Default Title", "selectedOptions": [],
            "product": {"id": f"gid://shopify/Product/{n}", "title": f"P{n}",
                        "featuredMedia": {"image": {"url": f"https://cdn.example/p{n}.jpg"}}}}


def media_line(n: int, parent: int) -> dict:
    return {"id": f"gid://shopify/MediaImage/{n}", "image": {"url": f"https://cdn.example/m{n}.jpg"},
            "__parentId": f"gid://shopify/ProductVariant/{parent}"}


def test_children_are_attached_by_id_and_loose_matches_are_dropped() -> None:
    lines = [media_line(91, 1),  # a child may come before its parent
             variant_line(1, "A"), variant_line(2, "A-LONGER"), media_line(92, 2),
             variant_line(3, "B"), media_line(93, 3)]
    found = {v.id: v for v in stitch_variants(lines, {"A", "B"})}
    assert set(found) == {"gid://shopify/ProductVariant/1", "gid://shopify/ProductVariant/3"}
    assert found["gid://shopify/ProductVariant/1"].image_url == "https://cdn.example/m91.jpg"
    assert found["gid://shopify/ProductVariant/3"].image_url == "https://cdn.example/m93.jpg"
    assert found["gid://shopify/ProductVariant/3"].product_image_url == "https://cdn.example/p3.jpg"


def test_a_long_list_is_one_bulk_query_with_no_paged_reads(client, stub, mock) -> None:
    stub.on("BulkOperationRunQuery", started("bulkOperationRunQuery"))
    stub.on("BulkOperationById", polled("COMPLETED", RESULT_URL))
    lines = [variant_line(1, SKUS[0]), media_line(11, 1), variant_line(2, SKUS[1]),
             variant_line(3, SKUS[1])]  # two variants share a SKU: the caller calls it ambiguous
    mock.add(responses.GET, RESULT_URL, body="\n".join(json.dumps(x) for x in lines) + "\n")
    found = lookup_variants(client, SKUS + [SKUS[0]], image_size=300, bulk_threshold=3)
    assert [v.id for v in found[SKUS[0]]] == ["gid://shopify/ProductVariant/1"]
    assert found[SKUS[0]][0].image_url == "https://cdn.example/m11.jpg"
    assert len(found[SKUS[1]]) == 2 and found[SKUS[4]] == []
    sent = stub.variables("BulkOperationRunQuery")[0]["query"]
    assert "$" not in sent and sent.count("sku:") == len(SKUS)
    assert "maxWidth: 300" in sent
    assert stub.count("ProductVariantsBySku") == 0


def test_denied_bulk_falls_back_to_paged_reads(client, stub) -> None:
    stub.on("BulkOperationRunQuery", DENIED)
    stub.on("ProductVariantsBySku", ok({"productVariants": {
        "nodes": [variant_line(1, SKUS[2])], "pageInfo": {"hasNextPage": False}}}))
    found = lookup_variants(client, SKUS, bulk_threshold=3)
    assert [v.sku for v in found[SKUS[2]]] == [SKUS[2]] and found[SKUS[0]] == []
    assert stub.count("ProductVariantsBySku") == 1


def test_all_bulk_slots_busy_falls_back_to_paged_reads(client, stub) -> None:
    busy = ok({"bulkOperationRunQuery": {"bulkOperation": None, "userErrors": [
        {"field": None, "code": "LIMIT_REACHED", "message": "The maximum of 5 concurrent "
                                                            "bulk query operations"}]}})
    stub.on("BulkOperationRunQuery", busy)
    stub.on("ProductVariantsBySku", ok({"productVariants": {
        "nodes": [], "pageInfo": {"hasNextPage": False}}}))
    assert lookup_variants(client, SKUS, bulk_threshold=3)[SKUS[0]] == []


def test_a_short_list_stays_paged(client, stub) -> None:
    stub.on("ProductVariantsBySku", ok({"productVariants": {
        "nodes": [variant_line(1, SKUS[0])], "pageInfo": {"hasNextPage": False}}}))
    found = lookup_variants(client, SKUS[:2])
    assert len(found[SKUS[0]]) == 1 and stub.count("BulkOperationRunQuery") == 0
