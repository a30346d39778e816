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
