"""The OpenAPI document matches the routes, and real responses match its schemas."""
from __future__ import annotations

import json
import re

import jsonschema
import pytest

from tests.integration.jobs.test_lifecycle import create


def _routes(app) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    found = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            found.add((path, method.lower()))
    return found


def test_document_lists_exactly_the_api_routes(client, app):
    document = client.get("/api/openapi.json").get_json()
    documented = {(path, method) for path, ops in document["paths"].items()
                  for method in ops if method in ("get", "post", "put", "patch", "delete")}
    assert documented == _routes(app)



@pytest.fixture
def document(client):  # type: ignore[no-untyped-def]
    return client.get("/api/openapi.json").get_json()


def _response_schema(document, path: str, method: str, status: str):  # type: ignore[no-untyped-def]
    schema = document["paths"][path][method]["responses"][status]["content"][
        "application/json"]["schema"]
    text = json.dumps({"$defs": document["components"]["schemas"], **schema}).replace(
        "#/components/schemas/", "#/$defs/")
    return jsonschema.Draft202012Validator(json.loads(text))


def test_responses_match_the_documented_schemas(api, run_worker, document):
    job = create(api, count=3, fail=[1])
    run_worker()
    checks = [
        ("/api/me", "get", "200", api.get("/api/me")),
        ("/api/jobs", "get", "200", api.get("/api/jobs")),
        ("/api/jobs/{job_id}", "get", "200", api.get(f"/api/jobs/{job['id']}")),
        ("/api/jobs/{job_id}/items", "get", "200", api.get(f"/api/jobs/{job['id']}/items")),
        ("/api/jobs/{job_id}/retry", "post", "200", api.post(f"/api/jobs/{job['id']}/retry")),
        ("/api/jobs/{job_id}", "get", "404", api.get("/api/jobs/missing")),
        ("/api/jobs", "get", "422", api.get("/api/jobs?status=bogus")),
    ]
    for path, method, status, response in checks:
        assert str(response.status_code) == status, (path, response.get_json())
        _response_schema(document, path, method, status).validate(response.get_json())


def test_openapi_needs_no_token(client):
    assert client.get("/api/openapi.json").status_code == 200


def _operations(document):  # type: ignore[no-untyped-def]
    for path, ops in document["paths"].items():
        for method, op in ops.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method, op


def test_every_error_response_uses_the_envelope_schema(document):
    for path, method, op in _operations(document):
        if path == "/api/openapi.json":
            continue
        statuses = set(op["responses"])
        assert {"401", "503"} <= statuses, (path, method)  # token, then token exchange
        if "requestBody" in op:
            assert {"400", "413", "415"} <= statuses, (path, method)
        if op["x-required-role"] != "read":
            assert "403" in statuses, (path, method)
        for status, response in op["responses"].items():
            if status.startswith(("4", "5")):
                assert response["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/Error"}, (path, method, status)
    ops = {(p, m): op for p, m, op in _operations(document)}
    assert "429" in ops[("/api/events", "get")]["responses"]
    assert {"429", "503"} <= set(ops[("/api/products", "get")]["responses"])
    for action in ("publish", "revert", "cancel", "retry", "archive"):
        assert "409" in ops[(f"/api/jobs/{{job_id}}/{action}", "post")]["responses"]


def _body_operations(document):  # type: ignore[no-untyped-def]
    return [(path.replace("{job_id}", "JOB").replace("{item_id}", "ITEM")
             .replace("{definition_id}", "DEFINITION").replace("{catalog_id}", "CATALOG"), method)
            for path, method, op in _operations(document) if "requestBody" in op]


def test_documented_body_errors_are_real(make_app, tokens, shopify_oauth, document):
    from tests.integration.conftest import SHOP
    from tests.support.seed import catalog_rows, reviewable_job

    app = make_app(SHELF_MAX_BODY_BYTES="4096")
    client = app.test_client()
    headers = tokens.header()
    with app.app_context():
        client.get("/api/me", headers=headers)
        job_id, item_ids = reviewable_job(SHOP, 2)
        definition_id, catalog_id = catalog_rows(SHOP, job_id)
    for template, method in _body_operations(document):
        path = (template.replace("JOB", job_id).replace("ITEM", str(item_ids[0]))
                .replace("DEFINITION", definition_id).replace("CATALOG", catalog_id))
        call = getattr(client, method)
        not_json = call(path, data='{"all": true}', headers={
            **headers, "Content-Type": "text/plain"})
        assert not_json.status_code == 415, (method, path)
        broken = call(path, data="{", headers={**headers, "Content-Type": "application/json"})
        assert broken.status_code == 400, (method, path)
        huge = call(path, data='{"x": "' + "x" * 8000 + '"}',
                    headers={**headers, "Content-Type": "application/json"})
        assert huge.status_code == 413, (method, path)
        for response, status in ((not_json, "415"), (broken, "400"), (huge, "413")):
            assert response.get_json()["errors"][0]["status"] == status


def test_documented_429_and_503_are_real(make_app, tokens, shopify_oauth):
    client = make_app(SHELF_SSE_MAX_STREAMS="0").test_client()
    busy = client.get("/api/events", query_string={"token": tokens.token()})
    assert busy.status_code == 429 and busy.headers["Retry-After"]
    assert busy.get_json()["errors"][0]["status"] == "429"

    shopify_oauth.fail_with = (502, {"errors": "bad gateway"})
    down = client.get("/api/me", headers=tokens.header("new-shop.myshopify.com"))
    assert down.status_code == 503
    assert down.get_json()["errors"][0]["status"] == "503"


def test_every_rate_limited_operation_documents_429_with_retry_after(document):
    # Every authenticated request counts against its shop's API rate, so each operation
    # may answer 429 and must say so, with the header a client waits by.
    checked = 0
    for path, method, op in _operations(document):
        if path == "/api/openapi.json":
            assert "429" not in op["responses"]  # public, never counted
            continue
        refused = op["responses"].get("429")
        assert refused, (path, method)
        assert refused["headers"]["Retry-After"]["required"] is True, (path, method)
        assert refused["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"}
        checked += 1
    assert checked >= 40


def test_a_rate_limited_answer_matches_the_documented_429(make_app, tokens, shopify_oauth,
                                                           document):
    app = make_app(SHELF_API_RATE_PER_MINUTE="60", SHELF_API_BURST="0")
    client = app.test_client()
    with app.app_context():
        assert client.get("/api/settings", headers=tokens.header()).status_code == 200
        refused = client.get("/api/settings", headers=tokens.header())
    assert refused.status_code == 429
    assert refused.headers["Retry-After"].isdigit()
    _response_schema(document, "/api/settings", "get", "429").validate(refused.get_json())
