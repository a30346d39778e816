"""Bulk queries (streamed, stitched) and bulk mutations (mapped per line)."""
from __future__ import annotations

import json

import pytest
import responses

from shopify_app.shopify import (
    OUTCOME_UNKNOWN,
    BulkAccessDeniedError,
    BulkOperationError,
    ProductFields,
    fetch_bulk_operation,
    iter_products_bulk,
    iter_scope,
    run_bulk_mutation,
    run_mutations,
    stitch_products,
)

from .conftest import ok

OP = "gid://shopify/BulkOperation/77"
RESULT_URL = "https://storage.example.com/results.jsonl"
UPLOAD_URL = "https://uploads.example.com/bucket"
DENIED = {"errors": [{"message": "Access denied for bulkOperationRunMutation.",
                      "extensions": {"code": "ACCESS_DENIED"}}]}


def operation(status: str, url: str | None = None, error: str | None = None) -> dict:
    return {"id": OP, "type": "QUERY", "status": status, "errorCode": error, "url": url,
            "partialDataUrl": None, "objectCount": "0", "rootObjectCount": "0",
            "createdAt": "2026-01-01T00:00:00Z", "completedAt": None, "fileSize": None}


def started(root: str) -> dict:
    return ok({root: {"bulkOperation": operation("CREATED"), "userErrors": []}})


def polled(status: str, url: str | None = None, error: str | None = None) -> dict:
    return ok({"bulkOperation": operation(status, url, error)})


def product_line(n: int) -> dict:
    return {"id": f"gid://shopify/Product/{n}", "title": f"P{n}", "handle": f"p{n}",
            "status": "ACTIVE", "vendor": "V", "productType": "", "tags": [],
            "descriptionHtml": "", "seo": {"title": None, "description": None}}


LINES = [
    product_line(1),
    {"id": "gid://shopify/MediaImage/11", "alt": "", "image": {"url": "u", "width": 1,
                                                               "height": 1},
     "__parentId": "gid://shopify/Product/1"},
    {"id": "gid://shopify/ProductVariant/12", "sku": "S", "price": "1.00", "title": "t",
     "selectedOptions": [], "__parentId": "gid://shopify/Product/1"},
    product_line(2),
    product_line(3),
    {"id": "gid://shopify/MediaImage/31", "alt": "x", "__parentId": "gid://shopify/Product/3"},
]


def test_stitching_is_streamed_one_product_at_a_time() -> None:
    consumed = []

    def source():
        for line in LINES:
            consumed.append(line["id"])
            yield dict(line)

    products = stitch_products(source())
    first = next(products)
    assert [m.id for m in first.media] == ["gid://shopify/MediaImage/11"]
    assert first.variants[0].sku == "S"
    # Only the next top-level line was read to know product 1 was complete.
    assert consumed[-1] == "gid://shopify/Product/2"
    rest = list(products)
    assert [p.numeric_id for p in rest] == [2, 3]
    assert rest[0].media == () and rest[1].media[0].alt == "x"


def test_a_child_away_from_its_parent_is_an_error() -> None:
    from shopify_app.shopify import BadResponseError

    lines = [product_line(1), product_line(2),
             {"id": "gid://shopify/MediaImage/1", "__parentId": "gid://shopify/Product/1"}]
    with pytest.raises(BadResponseError):
        list(stitch_products(iter(lines)))


def test_bulk_product_export_polls_then_streams(client, stub, mock, fake_clock) -> None:
    stub.on("BulkOperationRunQuery", started("bulkOperationRunQuery"))
    stub.on("BulkOperationById", polled("RUNNING"), polled("COMPLETED", RESULT_URL))
    mock.add(responses.GET, RESULT_URL,
             body="\n".join(json.dumps(line) for line in LINES) + "\n")
    fields = ProductFields(media=True, variants=True)
    found = list(iter_products_bulk(client, 'tag:"x"', fields))
    assert [p.numeric_id for p in found] == [1, 2, 3]
    sent = stub.variables("BulkOperationRunQuery")[0]
    assert 'products(query: "tag:\\"x\\"")' in sent["query"] and "$" not in sent["query"]
    assert sent["groupObjects"] is True
    assert fake_clock.sleeps == [1.0]  # one poll while RUNNING
    download = [c for c in mock.calls if c.request.url == RESULT_URL][0]
    assert "X-Shopify-Access-Token" not in download.request.headers


def test_failed_bulk_query_raises(client, stub) -> None:
    stub.on("BulkOperationRunQuery", started("bulkOperationRunQuery"))
    stub.on("BulkOperationById", polled("FAILED", error="TIMEOUT"))
    with pytest.raises(BulkOperationError) as info:
        list(iter_products_bulk(client, None, ProductFields()))
    assert info.value.error_code == "TIMEOUT" and info.value.retryable


def test_webhook_path_fetches_the_final_state(client, stub) -> None:
    stub.on("BulkOperationById", polled("COMPLETED", RESULT_URL))
    final = fetch_bulk_operation(client, OP)
    assert final.finished and final.url == RESULT_URL
    assert stub.variables("BulkOperationById") == [{"id": OP}]


def test_large_scopes_use_bulk_and_fall_back_when_denied(client, stub) -> None:
    stub.on("ProductsCount", ok({"productsCount": {"count": 2001, "precision": "EXACT"}}))
    stub.on("BulkOperationRunQuery", DENIED)
    stub.on("ProductsPage", ok({"products": {"nodes": [product_line(1)],
                                             "pageInfo": {"hasNextPage": False}}}))
    found = list(iter_scope(client, {"type": "all"}))
    assert [p.numeric_id for p in found] == [1]
    assert stub.count("BulkOperationRunQuery") == 1 and stub.count("ProductsPage") == 1


def staged() -> dict:
    return ok({"stagedUploadsCreate": {"stagedTargets": [{
        "url": UPLOAD_URL, "resourceUrl": None,
        "parameters": [{"name": "key", "value": "tmp/1/bulk/vars.jsonl"},
                       {"name": "policy", "value": "p0l1cy"}]}], "userErrors": []}})


def tag_vars(n: int) -> dict:
    return {"id": f"gid://shopify/Product/{n}", "tags": [f"t{n}"]}


def test_bulk_mutation_uploads_jsonl_and_maps_lines(client, stub, mock) -> None:
    stub.on("StagedUploadsCreate", staged())
    stub.on("BulkOperationRunMutation", started("bulkOperationRunMutation"))
    stub.on("BulkOperationById", polled("COMPLETED", RESULT_URL))
    mock.add(responses.POST, UPLOAD_URL, status=201)
    results = [  # out of order, one refused, line 1 missing
        {"data": {"tagsAdd": {"node": {"id": "gid://shopify/Product/2"},
                              "userErrors": [{"field": ["tags"], "message": "Too many tags"}]}},
         "__lineNumber": 2},
        {"data": {"tagsAdd": {"node": {"id": "gid://shopify/Product/0"}, "userErrors": []}},
         "__lineNumber": 0},
    ]
    mock.add(responses.GET, RESULT_URL, body="\n".join(json.dumps(r) for r in results))
    outcomes = run_bulk_mutation(client, "TagsAdd", [tag_vars(n) for n in range(3)],
                                 target_of=lambda v: v["id"], client_identifier="job-1")
    assert [o.ok for o in outcomes] == [True, False, False]
    assert outcomes[1].reason == OUTCOME_UNKNOWN
    assert outcomes[2].error_message == "Too many tags"
    assert outcomes[2].target_id == "gid://shopify/Product/2"
    upload = [c for c in mock.calls if c.request.url == UPLOAD_URL][0].request.body
    assert upload.index(b'name="key"') < upload.index(b'name="policy"') < upload.index(
        b'name="file"')
    lines = upload.split(b'name="file"', 1)[1]
    assert b'{"id":"gid://shopify/Product/2","tags":["t2"]}\n' in lines
    run = stub.variables("BulkOperationRunMutation")[0]
    assert run["stagedUploadPath"] == "tmp/1/bulk/vars.jsonl"
    assert run["mutation"].startswith("mutation TagsAdd") and run["clientIdentifier"] == "job-1"
    assert stub.variables("StagedUploadsCreate")[0]["input"][0]["resource"] == \
        "BULK_MUTATION_VARIABLES"


def test_bulk_denied_falls_back_to_throttled_calls(client, stub, mock) -> None:
    stub.on("StagedUploadsCreate", staged())
    stub.on("BulkOperationRunMutation", DENIED)
    mock.add(responses.POST, UPLOAD_URL, status=204)
    stub.on("TagsAdd",
            ok({"tagsAdd": {"node": {"id": "gid://shopify/Product/0"}, "userErrors": []}}),
            ok({"tagsAdd": {"node": None, "userErrors": [
                {"field": ["tags"], "message": "Tags is invalid"}]}}))
    outcomes = run_mutations(client, "TagsAdd", [tag_vars(0), tag_vars(1)],
                             target_of=lambda v: v["id"])
    assert [o.ok for o in outcomes] == [True, False]
    assert outcomes[1].error_message == "Tags is invalid"
    assert stub.count("TagsAdd") == 2


def test_bulk_operation_failing_with_access_denied_is_typed(client, stub, mock) -> None:
    stub.on("StagedUploadsCreate", staged())
    stub.on("BulkOperationRunMutation", started("bulkOperationRunMutation"))
    stub.on("BulkOperationById", polled("FAILED", error="ACCESS_DENIED"))
    mock.add(responses.POST, UPLOAD_URL, status=201)
    with pytest.raises(BulkAccessDeniedError):
        run_bulk_mutation(client, "TagsAdd", [tag_vars(0)], target_of=lambda v: v["id"])


def test_fallback_stopped_by_an_error_reports_unsent_items(client, stub, mock) -> None:
    from shopify_app.shopify import NOT_ATTEMPTED, ThrottledError, WriteInterruptedError

    client.throttle_deadline = 1.0
    stub.on("StagedUploadsCreate", staged())
    stub.on("BulkOperationRunMutation", DENIED)
    mock.add(responses.POST, UPLOAD_URL, status=201)
    stub.on("TagsAdd",
            ok({"tagsAdd": {"node": {"id": "gid://shopify/Product/0"}, "userErrors": []}}),
            (429, {"errors": "Throttled"}, {"Retry-After": "30"}))
    with pytest.raises(WriteInterruptedError) as info:
        run_mutations(client, "TagsAdd", [tag_vars(n) for n in range(3)],
                      target_of=lambda v: v["id"])
    assert isinstance(info.value.cause, ThrottledError) and info.value.retryable
    assert [o.reason for o in info.value.outcomes] == [None, NOT_ATTEMPTED, NOT_ATTEMPTED]


def test_running_operations_and_cancel(client, stub) -> None:
    from shopify_app.shopify import cancel_bulk_operation, running_bulk_operations

    stub.on("BulkOperationsRunning", ok({"bulkOperations": {"nodes": [operation("RUNNING")]}}))
    stub.on("BulkOperationCancel", ok({"bulkOperationCancel": {
        "bulkOperation": operation("CANCELING"), "userErrors": []}}))
    (running,) = running_bulk_operations(client, "mutation")
    assert running.id == OP
    assert stub.variables("BulkOperationsRunning")[0]["query"] == \
        "(status:running) AND (operation_type:mutation)"
    assert cancel_bulk_operation(client, OP).status == "CANCELING"


def test_targets_are_guessed_from_the_documents_variables() -> None:
    from shopify_app.shopify.bulk_mutations import guess_target

    assert guess_target({"product": {"id": "gid://shopify/Product/1"}}) == \
        "gid://shopify/Product/1"
    assert guess_target({"files": [{"id": "gid://shopify/MediaImage/2", "alt": "x"}]}) == \
        "gid://shopify/MediaImage/2"
    assert guess_target({"metafields": [{"ownerId": "gid://shopify/Product/3"}]}) == \
        "gid://shopify/Product/3"
    with pytest.raises(ValueError):
        guess_target({"tags": ["x"]})
