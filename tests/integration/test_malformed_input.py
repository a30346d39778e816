"""Hand-crafted input that used to reach a 500: each is now a 400/404/422 in the envelope."""
from __future__ import annotations

import base64
import json

import pytest

from tests.integration.conftest import SHOP
from tests.support.seed import reviewable_job

JSON = {"Content-Type": "application/json"}


def _cursor(values) -> str:  # type: ignore[no-untyped-def]
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _envelope(response, *statuses: int) -> dict:  # type: ignore[no-untyped-def, type-arg]
    assert response.status_code in statuses, (response.status_code, response.get_data()[:300])
    error = response.get_json()["errors"][0]
    assert error["status"] == str(response.status_code) and error["request_id"]
    assert error.get("detail")
    return error


@pytest.fixture
def job(api):  # type: ignore[no-untyped-def]
    api.get("/api/me")
    return reviewable_job(SHOP, 3)


@pytest.mark.parametrize("depth", [40, 900, 5_000, 100_000])
@pytest.mark.parametrize("method, path", [("post", "/api/jobs"), ("put", "/api/settings"),
                                          ("post", "/api/settings/preview")])
def test_deeply_nested_json_is_400(api, method, path, depth):
    for body in ("[" * depth + "]" * depth, '{"a":' * depth + "1" + "}" * depth):
        error = _envelope(getattr(api, method)(path, data=body, headers=JSON), 400)
        assert "nests deeper" in error["detail"]


def test_deeply_nested_scope_in_the_query_is_422(api):
    deep = "[" * 5_000 + "]" * 5_000
    _envelope(api.get("/api/scope/count", query_string={"scope": deep}), 422)


@pytest.mark.parametrize("body", [
    {"scope": {"type": []}}, {"scope": {"type": {}}}, {"scope": {"type": "status", "value": 5}},
    {"scope": {"type": "status", "value": [["active"]]}},
    {"scope": {"type": "status", "value": {"a": 1}}}, {"scope": {"type": "missing", "field": []}},
    {"scope": {"type": "products", "ids": [{"id": 1}]}},
    {"scope": {"type": "products", "ids": ["²"]}},
    {"scope": {"type": "collection", "id": ["1"]}}, {"scope": {"type": "tag", "value": ["x"]}},
    {"title": ["x"]}, {"options": ["x"]}, {"scope": "all"},
])
@pytest.mark.parametrize("kind", ["generate", "analyze_images"])
def test_create_fields_of_the_wrong_type_are_422(api, kind, body):
    base = {"kind": kind, "field": "description"} if kind == "generate" else {"kind": kind}
    error = _envelope(api.post("/api/jobs", json={**base, **body}), 422)
    assert error["source"]["pointer"].startswith("/")


@pytest.mark.parametrize("body", [
    {"options": {"lengths": "abc"}}, {"options": {"lengths": [["description", 100]]}},
    {"options": {"tone": ["x"]}}, {"options": {"tone": {"a": 1}}},
    {"options": {"language": ["en"]}}, {"field": ["description"]}, {"kind": ["generate"]},
])
def test_generation_options_of_the_wrong_type_are_422(api, body):
    _envelope(api.post("/api/jobs", json={"kind": "generate", "field": "description", **body}),
              422)


@pytest.mark.parametrize("scope", ['{"type":[]}', '{"type":"status","value":5}',
                                   '{"type":"missing","field":{}}', '[1]', '"all"'])
def test_scope_count_with_a_wrong_scope_is_422(api, scope):
    _envelope(api.get("/api/scope/count", query_string={"scope": scope}), 422)


@pytest.mark.parametrize("limit", ["²", "١٠", "1_0", " 10", "+5", "-1", "0", "101", "1e2",
                                   "99999999999999999999999"])
def test_limits_that_are_not_plain_ascii_numbers_are_422(api, job, limit):
    job_id, _ids = job
    for path in ("/api/jobs", f"/api/jobs/{job_id}/items"):
        error = _envelope(api.get(path, query_string={"limit": limit}), 422)
        assert error["source"]["pointer"] == "/limit"


@pytest.mark.parametrize("cursor", [
    _cursor(["2020-01-01"]), _cursor([None]), _cursor([10**30]), _cursor([10**30, 5]),
    _cursor(["2020-01-01", "x"]), _cursor(["2020-01-01T00:00:00+00:00", None]),
    _cursor(["2020-01-01T00:00:00+00:00", "a\u0000b"]),
    _cursor(["0001-01-01T00:00:00+14:00", "abc"]), _cursor([]), _cursor({"a": 1}),
    _cursor([True]), _cursor([-1]), _cursor([1.5]), _cursor(["²"]), "!!!", "Zm9v", "W1s",
    "%FF", "\u00b2",
])
def test_hand_made_cursors_are_refused(api, job, cursor):
    job_id, _ids = job
    for path in ("/api/jobs", f"/api/jobs/{job_id}/items"):
        error = _envelope(api.get(path, query_string={"cursor": cursor}), 400, 422)
        assert error["source"]["pointer"] == "/cursor"


def test_real_cursors_still_page(api):
    api.get("/api/me")
    job_id, ids = reviewable_job(SHOP, 5)
    for _ in range(2):
        reviewable_job(SHOP, 1)
    first = api.get(f"/api/jobs/{job_id}/items?limit=2").get_json()
    rest = api.get(f"/api/jobs/{job_id}/items?limit=10&cursor={first['meta']['next_cursor']}")
    assert [int(i["id"]) for i in rest.get_json()["data"]] == ids[2:]
    page = api.get("/api/jobs?limit=1").get_json()
    more = api.get(f"/api/jobs?limit=5&cursor={page['meta']['next_cursor']}").get_json()
    assert len(more["data"]) == 2 and more["meta"]["results"]["total"] == 3


@pytest.mark.parametrize("item_id", ["²", "١", "9223372036854775808", "9" * 40, "0", "-1",
                                     "1.0", "%00", "1%00"])
def test_odd_item_ids_in_the_path_are_404(api, job, item_id):
    for method, suffix, kwargs in [("get", "", {}), ("patch", "", {"json": {"proposed": "x"}}),
                                   ("post", "/publish", {}), ("post", "/revert", {})]:
        _envelope(getattr(api, method)(f"/api/items/{item_id}{suffix}", **kwargs), 404)


@pytest.mark.parametrize("job_id", ["²", "9223372036854775808", "%00", "a%00b", "x" * 27,
                                    "%E2%80%AE", "..%2F..", "a b"])
def test_odd_job_ids_in_the_path_are_404(api, job_id):
    for method, suffix in [("get", ""), ("get", "/items"), ("post", "/publish"),
                           ("post", "/cancel"), ("delete", "")]:
        _envelope(getattr(api, method)(f"/api/jobs/{job_id}{suffix}"), 404)


@pytest.mark.parametrize("item_id", ["²", "9223372036854775808", 9223372036854775808, 10**30,
                                     0, -5, "", " 1", None, [1], {"id": 1}])
def test_odd_item_ids_in_a_selection_are_422(api, job, item_id):
    job_id, ids = job
    response = api.post(f"/api/jobs/{job_id}/publish", json={"item_ids": [ids[0], item_id]})
    error = _envelope(response, 422)
    assert error["source"]["pointer"] == "/item_ids/1"


@pytest.mark.parametrize("since", ["0001-01-01", "0001-01-01T00:00:00Z", "1969-12-31",
                                   "0001-01-01T00:00:00+14:00", "2026-01-01T00:00:00"])
def test_updated_since_before_the_epoch_or_without_zone_replays(make_app, tokens,
                                                                 shopify_oauth, since):
    client = make_app(SHELF_SSE_MAX_SECONDS="0").test_client()
    response = client.get("/api/events", query_string={"updated_since": since,
                                                         "token": tokens.token()})
    assert response.status_code == 200
    assert response.get_data(as_text=True).startswith("retry: 3000")


@pytest.mark.parametrize("query", [{"updated_since": "yesterday"}, {"updated_since": "²⁰²⁶"},
                                   {"last_event_id": "²-0"}, {"last_event_id": "١٢-0"},
                                   {"last_event_id": "99999999999999999999999-0"},
                                   {"last_event_id": "1-2-3"}])
def test_bad_replay_positions_are_422(api, query):
    error = _envelope(api.get("/api/events", query_string=query), 422)
    assert error["source"]["pointer"] in ("/updated_since", "/last_event_id")


def test_nul_characters_are_422_naming_the_field(api, job):
    job_id, ids = job
    created = api.post("/api/jobs", json={"kind": "generate", "field": "description",
                                          "title": "Summer\u0000"})
    assert _envelope(created, 422)["source"]["pointer"] == "/title"
    nested = api.put("/api/settings", json={"templates": {"description": "a\u0000"}})
    assert _envelope(nested, 422)["source"]["pointer"] == "/templates/description"
    edited = api.patch(f"/api/items/{ids[0]}", json={"proposed": "\u0000"})
    assert _envelope(edited, 422)["source"]["pointer"] == "/proposed"
    searched = api.get("/api/jobs", query_string={"q": "a\u0000"})
    assert _envelope(searched, 422)["source"]["pointer"] == "/q"
    assert api.get(f"/api/items/{ids[0]}").get_json()["data"]["proposed"] == "new 0"
