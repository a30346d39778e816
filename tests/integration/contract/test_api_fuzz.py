"""Malformed input on every /api route: never a 5xx, every error in the JSON envelope.

The routes come from the app's URL map and the fields from the OpenAPI document, so a
new endpoint or field is fuzzed without touching this file.
"""
from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

from tests.integration.contract.conftest import api_operations, seeded_ids

JSON = "application/json"
# Values of the wrong type, size or alphabet for any field.
ODD_VALUES: list[Any] = [
    None, "", "²", "١٢", "9223372036854775808", "\u0000", "\u202e", "x" * 5000, 0, -1, 1.5,
    10**30, 9223372036854775808, True, [], {}, [None], [[[]]], {"a": {"b": None}}, {"type": []},
]
# Whole bodies that are not what any endpoint expects.
ODD_BODIES: list[tuple[str, bytes]] = [
    (JSON, b""), (JSON, b"null"), (JSON, b"[]"), (JSON, b'"x"'), (JSON, b"5"), (JSON, b"true"),
    (JSON, b"{"), (JSON, b'{"a":}'), (JSON, b"\xff\xfe\x00"), (JSON, b'{"a": NaN}'),
    (JSON, b'{"a": 1e999}'), (JSON, b'{"a": "\\ud800"}'), (JSON, b'{"__proto__": {}}'),
    (JSON, ("[" * 5000 + "]" * 5000).encode()), (JSON, ('{"a":' * 5000 + "1" + "}" * 5000)
                                                 .encode()),
    (JSON, ("[" * 40 + "]" * 40).encode()), (JSON, b'{"a": 1, "a": [2]}'),
    ("text/plain", b'{"all": true}'), ("application/x-www-form-urlencoded", b"item_ids=1"),
    ("multipart/form-data; boundary=x", b"--x--"), ("application/json; charset=latin-1", b"{}"),
]
ODD_QUERY: list[str] = ["²", "١٠", "\u0000", "9" * 40, "-1", "", "[]", "{", "[" * 3000,
                        "0001-01-01", "9999-12-31T23:59:59-14:00", "\u202e", "x" * 5000, "a,,"]


def _request_schema(document: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    op = document["paths"].get(path, {}).get(method.lower(), {})
    schema = op.get("requestBody", {}).get("content", {}).get(JSON, {}).get("schema", {})
    if "$ref" in schema:
        return document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _fields(schema: dict[str, Any]) -> list[str]:
    """Top-level and one level of nested field names of a request body, plus typos."""
    names = []
    for name, spec in schema.get("properties", {}).items():
        names.append(name)
        names += [f"{name}.{sub}" for sub in spec.get("properties", {})]
    return names + ["unknown_key", "itemIds"]


def _body_with(example: dict[str, Any], field: str, value: Any) -> dict[str, Any]:
    """The documented example with one field replaced: the rest stays valid."""
    body = copy.deepcopy(example)
    head, _, tail = field.partition(".")
    if tail:
        nested = body.get(head) if isinstance(body.get(head), dict) else {}
        body[head] = {**nested, tail: value}
    else:
        body[head] = value
    return body


def _cases(document: dict[str, Any], method: str, path: str) -> Iterator[tuple[str, bytes]]:
    yield from ODD_BODIES
    schema = _request_schema(document, method, path)
    example = schema.get("example") or {}
    for field in _fields(schema):
        for value in ODD_VALUES:
            yield JSON, json.dumps(_body_with(example, field, value)).encode()


def _check(response, problems: list[str], label: str) -> None:  # type: ignore[no-untyped-def]
    status = response.status_code
    response.get_data()  # runs a streamed body (the events endpoint) to its end
    response.close()
    if status >= 500:
        problems.append(f"{label}: {status} {response.get_data()[:200]!r}")
        return
    if status >= 400:
        body = response.get_json(silent=True) or {}
        errors = body.get("errors") or [{}]
        if errors[0].get("status") != str(status) or not errors[0].get("request_id") \
                or not (errors[0].get("detail") or errors[0].get("title")):
            problems.append(f"{label}: {status} without the error envelope")


def test_malformed_bodies_and_queries_on_every_api_route(session, contract_app):
    document = session.client.get("/api/openapi.json").get_json()
    operations = api_operations(contract_app)
    with_body = [(m, p) for m, p in operations if m in ("POST", "PUT", "PATCH", "DELETE")]
    assert {("POST", "/api/jobs/{job_id}/publish"), ("PUT", "/api/settings"),
            ("PATCH", "/api/items/{item_id}"), ("POST", "/api/jobs")} <= set(with_body)
    problems: list[str] = []
    sent = 0
    for method, path in operations:
        ids = seeded_ids(session.shop)  # fresh rows: earlier requests may have changed them
        url = path.format(**ids)
        if (method, path) in with_body:
            for content_type, body in _cases(document, method, path):
                response = session.client.open(url, method=method, data=body, headers={
                    **session.headers, "Content-Type": content_type})
                _check(response, problems, f"{method} {path} {body[:60]!r}")
                sent += 1
        params = [p["name"] for p in document["paths"].get(path, {}).get(
            method.lower(), {}).get("parameters", []) if p.get("in") == "query"]
        for name in params:
            if name == "token":
                continue
            for value in ODD_QUERY:
                response = session.client.open(url, method=method, query_string={name: value},
                                               headers=session.headers)
                _check(response, problems, f"{method} {path}?{name}={value[:30]!r}")
                sent += 1
    for method, path in operations:  # odd ids in every path parameter
        if "{" not in path:
            continue
        for odd in ("²", "9223372036854775808", "%00", "-1", "0", "x" * 300, "%E2%80%AE"):
            url = path.replace("{job_id}", odd).replace("{item_id}", odd)
            response = session.client.open(url, method=method, headers=session.headers)
            _check(response, problems, f"{method} {url[:80]}")
            sent += 1
    print(f"fuzz: {sent} requests over {len(operations)} operations")
    assert sent > 1500
    assert not problems, "\n".join(problems[:40])
