"""Bulk queries and mutations: JSONL out, staged uploads in, status transitions."""

from __future__ import annotations

import json
import time

import requests

RUN_QUERY = """
mutation($q: String!) {
  bulkOperationRunQuery(query: $q) {
    bulkOperation { id status type }
    userErrors { field message code }
  }
}
"""
POLL = """
query($id: ID!) {
  bulkOperation(id: $id) {
    id status type errorCode objectCount rootObjectCount fileSize url partialDataUrl completedAt
  }
}
"""
EXPORT = """
{
  products(query: "status:active") {
    edges { node { id title media { edges { node { ... on MediaImage { id alt } } } } } }
  }
}
"""


def _wait(api, op_id, timeout=10.0):
    deadline = time.monotonic() + timeout
    while True:
        op = api.gql(POLL, {"id": op_id})["data"]["bulkOperation"]
        if op["status"] not in ("CREATED", "RUNNING", "CANCELING"):
            return op
        assert time.monotonic() < deadline, op
        time.sleep(0.02)


def _lines(url):
    response = requests.get(url, timeout=10)
    assert response.status_code == 200
    return [json.loads(line) for line in response.text.splitlines()]


def test_bulk_query_writes_jsonl_with_parent_ids(api):
    started = api.gql(RUN_QUERY, {"q": EXPORT})["data"]["bulkOperationRunQuery"]
    assert started["userErrors"] == [] and started["bulkOperation"]["status"] == "CREATED"
    op = _wait(api, started["bulkOperation"]["id"])
    assert op["status"] == "COMPLETED" and op["type"] == "QUERY" and op["completedAt"]
    lines = _lines(op["url"])
    active = [p for p in api.store.products.values() if p["status"] == "ACTIVE"]
    media_count = sum(len(p["media"]) for p in active)
    assert int(op["objectCount"]) == len(lines) == len(active) + media_count
    assert int(op["rootObjectCount"]) == len(active)
    assert int(op["fileSize"]) > 0
    parent = None
    for line in lines:
        if line["id"].startswith("gid://shopify/Product/"):
            assert "__parentId" not in line and "media" not in line
            parent = line["id"]
        else:
            assert line["__parentId"] == parent  # children follow their parent
            assert list(line)[-1] == "__parentId"


def test_bulk_query_rules_and_listing(api):
    bad = api.gql(RUN_QUERY, {"q": "{ shop { name } }"})["data"]["bulkOperationRunQuery"]
    assert bad["bulkOperation"] is None
    assert bad["userErrors"][0]["field"] == ["query"]
    nested = api.gql(
        RUN_QUERY, {"q": "{ products { nodes { title variants { nodes { sku } } } } }"}
    )
    assert "'id'" in nested["data"]["bulkOperationRunQuery"]["userErrors"][0]["message"]

    started = api.gql(RUN_QUERY, {"q": "{ products { nodes { id } } }"})["data"][
        "bulkOperationRunQuery"
    ]
    _wait(api, started["bulkOperation"]["id"])
    listed = api.gql(
        '{ bulkOperations(first: 5, query: "status:completed") { nodes { id status } } }'
    )
    assert [n["id"] for n in listed["data"]["bulkOperations"]["nodes"]] == [
        started["bulkOperation"]["id"]
    ]


def test_bulk_query_concurrency_limit_and_cancel(sandbox, api):
    config = sandbox.state.config
    saved = (config.bulk_concurrency, config.bulk_min_seconds)
    config.bulk_concurrency, config.bulk_min_seconds = 1, 2.0
    try:
        first = api.gql(RUN_QUERY, {"q": EXPORT})["data"]["bulkOperationRunQuery"]["bulkOperation"]
        second = api.gql(RUN_QUERY, {"q": EXPORT})["data"]["bulkOperationRunQuery"]
        assert second["bulkOperation"] is None
        assert second["userErrors"][0]["code"] == "OPERATION_IN_PROGRESS"
        running = api.gql('{ bulkOperations(first: 5, query: "status:running") { nodes { id } } }')
        assert [n["id"] for n in running["data"]["bulkOperations"]["nodes"]] == [first["id"]]
        cancel = api.gql(
            """mutation($id: ID!) { bulkOperationCancel(id: $id) {
            bulkOperation { status } userErrors { message } } }""",
            {"id": first["id"]},
        )
        assert cancel["data"]["bulkOperationCancel"]["bulkOperation"]["status"] == "CANCELING"
        assert _wait(api, first["id"])["status"] == "CANCELED"
    finally:
        config.bulk_concurrency, config.bulk_min_seconds = saved


def _upload(api, rows):
    staged = api.gql("""mutation { stagedUploadsCreate(input: [{resource: BULK_MUTATION_VARIABLES,
        filename: "bulk_op_vars.jsonl", mimeType: "text/jsonl", httpMethod: POST}]) {
        stagedTargets { url parameters { name value } } userErrors { message } } }""")
    target = staged["data"]["stagedUploadsCreate"]["stagedTargets"][0]
    fields = [(p["name"], p["value"]) for p in target["parameters"]]
    body = "\n".join(json.dumps(r) for r in rows).encode()
    response = requests.post(
        target["url"],
        data=fields,
        files={"file": ("bulk_op_vars.jsonl", body, "text/jsonl")},
        timeout=10,
    )
    assert response.status_code == 201, response.text
    return dict(fields)["key"]


def test_bulk_mutation_through_staged_upload(api):
    products = list(api.store.products.values())[:3]
    rows = [
        {"product": {"id": p["id"], "descriptionHtml": f"<p>bulk {i}</p>"}}
        for i, p in enumerate(products)
    ]
    rows.append({"product": {"id": "gid://shopify/Product/1", "title": "ghost"}})
    rows.append({"product": {"id": products[0]["id"], "title": 7}})  # wrong type: a per-line error
    path = _upload(api, rows)
    started = api.gql(
        """mutation($m: String!, $path: String!) {
        bulkOperationRunMutation(mutation: $m, stagedUploadPath: $path, clientIdentifier: "job-1") {
          bulkOperation { id type status } userErrors { field message code } } }""",
        {
            "path": path,
            "m": """mutation call($product: ProductUpdateInput!) {
                          productUpdate(product: $product) { product { id descriptionHtml }
                          userErrors { field message } } }""",
        },
    )
    payload = started["data"]["bulkOperationRunMutation"]
    assert payload["userErrors"] == [] and payload["bulkOperation"]["type"] == "MUTATION"
    op = _wait(api, payload["bulkOperation"]["id"])
    assert op["status"] == "COMPLETED" and op["objectCount"] == "5"
    lines = _lines(op["url"])
    assert [line["__lineNumber"] for line in lines] == [0, 1, 2, 3, 4]
    assert lines[0]["data"]["productUpdate"]["product"]["descriptionHtml"] == "<p>bulk 0</p>"
    assert lines[3]["data"]["productUpdate"]["userErrors"][0]["message"] == "Product does not exist"
    assert "errors" in lines[4] and "data" not in lines[4]
    assert products[2]["descriptionHtml"] == "<p>bulk 2</p>"
    assert [w["via"] for w in api.store.writes] == ["bulk"] * 3


def test_bulk_mutation_needs_an_uploaded_file(api):
    body = api.gql(
        """mutation($m: String!) { bulkOperationRunMutation(mutation: $m,
             stagedUploadPath: "tmp/nowhere/bulk_op_vars.jsonl") {
             bulkOperation { id } userErrors { code } } }""",
        {"m": 'mutation m($id: ID!) { tagsAdd(id: $id, tags: ["x"]) { userErrors { message } } }'},
    )
    assert body["data"]["bulkOperationRunMutation"]["userErrors"] == [{"code": "NO_SUCH_FILE"}]


def test_bulk_access_denied_mode(api, faults):
    faults.update({"bulk_denied": True})
    body = api.gql(RUN_QUERY, {"q": EXPORT})
    assert body["data"] == {"bulkOperationRunQuery": None}
    assert body["errors"][0]["extensions"]["code"] == "ACCESS_DENIED"
    assert body["errors"][0]["path"] == ["bulkOperationRunQuery"]
    assert api.store.bulk_operations == {}
