"""/api/schedules: strict bodies with field-level errors, and shop isolation."""
from __future__ import annotations

import pytest

TEMPLATE = {"kind": "generate", "field": "alt_text",
            "scope": {"type": "missing", "field": "alt_text"}}


def _create(api, **overrides):  # type: ignore[no-untyped-def]
    body = {"name": "Alt text sweep", "frequency": "daily", "time": "05:00",
            "timezone": "America/New_York", "template": TEMPLATE, **overrides}
    return api.post("/api/schedules", json=body)


def _pointers(response):  # type: ignore[no-untyped-def]
    return {e.get("source", {}).get("pointer") for e in response.get_json()["errors"]}


def test_create_read_list(api):
    created = _create(api)
    assert created.status_code == 201, created.get_json()
    data = created.get_json()["data"]
    assert data["time"] == "05:00" and data["frequency"] == "daily" and not data["paused"]
    assert data["next_run_at"].endswith("Z") and data["last_run"] is None
    assert data["template"] == TEMPLATE
    assert created.headers["Location"] == f"/api/schedules/{data['id']}"
    listed = api.get("/api/schedules").get_json()
    assert [s["id"] for s in listed["data"]] == [data["id"]]


@pytest.mark.parametrize(("overrides", "pointer"), [
    ({"every": "day"}, "/every"),
    ({"frequency": "monthly"}, "/frequency"),
    ({"time": "25:00"}, "/time"),
    ({"time": 5}, "/time"),
    ({"frequency": "weekly", "weekday": "someday"}, "/weekday"),
    ({"frequency": "hourly", "minute": 60}, "/minute"),
    ({"timezone": "Mars/Olympus"}, "/timezone"),
    ({"timezone": "../../etc/passwd"}, "/timezone"),
    ({"paused": "yes"}, "/paused"),
    ({"name": ""}, "/name"),
    ({"name": "x" * 256}, "/name"),
    ({"template": "generate"}, "/template"),
    ({"template": {**TEMPLATE, "colour": "red"}}, "/template/colour"),
    ({"template": {**TEMPLATE, "kind": "mine_bitcoin"}}, "/template/kind"),
    ({"template": {**TEMPLATE, "field": "price"}}, "/template/field"),
    ({"template": {**TEMPLATE, "strategy": "yolo"}}, "/template/strategy"),
])
def test_bad_bodies_are_422_naming_the_field(api, overrides, pointer):
    response = _create(api, **overrides)
    assert response.status_code == 422, response.get_json()
    assert pointer in _pointers(response)


def test_patch_is_strict_and_partial(api):
    schedule = _create(api).get_json()["data"]
    bad = api.patch(f"/api/schedules/{schedule['id']}", json={"pause": True})
    assert bad.status_code == 422 and "/pause" in _pointers(bad)
    changed = api.patch(f"/api/schedules/{schedule['id']}", json={"time": "23:15"})
    assert changed.status_code == 200
    data = changed.get_json()["data"]
    assert data["time"] == "23:15" and data["name"] == "Alt text sweep"
    assert api.patch(f"/api/schedules/{schedule['id']}", data="[1]",
                     content_type="application/json").status_code == 400


def test_another_shops_schedule_is_404(api):
    schedule = _create(api).get_json()["data"]
    other = api.as_user("1", shop="other-shop.myshopify.com")
    assert other.get("/api/schedules").get_json()["data"] == []
    for method, kwargs in (("get", {}), ("patch", {"json": {"paused": True}}),
                           ("delete", {})):
        response = getattr(other, method)(f"/api/schedules/{schedule['id']}", **kwargs)
        assert response.status_code == 404, (method, response.get_json())
    assert api.get(f"/api/schedules/{schedule['id']}").get_json()["data"]["paused"] is False
