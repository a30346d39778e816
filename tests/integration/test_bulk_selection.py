"""Bulk actions read their selection strictly: a typo is a 422, never "publish everything"."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from shopify_app.extensions import db
from shopify_app.models import JobItem
from tests.integration.conftest import SHOP
from tests.support.seed import reviewable_job


def _statuses(job_id: str) -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(JobItem.publish_status).where(
        JobItem.job_id == job_id).order_by(JobItem.id)))


def _queued_tasks(app) -> int:  # type: ignore[no-untyped-def]
    """Queued work of jobs (the staff member's name look-up is not)."""
    return sum(1 for queue in app.extensions["queues"].values() for rq_id in queue.job_ids
               if not rq_id.startswith("staff-profile-"))


@pytest.fixture
def job(api):  # type: ignore[no-untyped-def]
    api.get("/api/me")  # installs the shop, user 1 is its admin
    return reviewable_job(SHOP, 6)


def _pointers(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.get("source", {}).get("pointer") for e in response.get_json()["errors"]]


@pytest.mark.parametrize("body, pointer", [
    ({"itemIds": "FIRST"}, "/itemIds"),
    ({"item_ids": None}, "/item_ids"),
    ({"item_ids": []}, "/item_ids"),
    ({"item_ids": "FIRST"}, "/item_ids"),
    ({"item_ids": ["FIRST", "²"]}, "/item_ids/1"),
    ({"item_ids": ["FIRST", 9223372036854775808]}, "/item_ids/1"),
    ({"item_ids": ["FIRST", True]}, "/item_ids/1"),
    ({"item_ids": ["FIRST", 1.5]}, "/item_ids/1"),
    ({"all": True, "item_ids": ["FIRST"]}, "/item_ids"),
    ({"all": False}, "/all"),
    ({"all": "true"}, "/all"),
    ({"force": True}, "/all"),
    ({"force": "yes", "all": True}, "/force"),
    ({"item_ids": ["FIRST"], "Force": True}, "/Force"),
])
@pytest.mark.parametrize("action", ["publish", "revert"])
def test_a_malformed_selection_is_422_naming_the_key_and_changes_nothing(
        api, app, job, action, body, pointer):
    job_id, ids = job
    if action == "revert":
        job_id, ids = reviewable_job(SHOP, 6, publish_status="published")
    before = _statuses(job_id)
    body = {key: ([ids[0] if v == "FIRST" else v for v in value] if isinstance(value, list)
                  else ids[0] if value == "FIRST" else value) for key, value in body.items()}

    response = api.post(f"/api/jobs/{job_id}/{action}", json=body)

    assert response.status_code == 422, response.get_json()
    assert pointer in _pointers(response)
    assert response.get_json()["errors"][0]["request_id"]
    assert _statuses(job_id) == before
    assert _queued_tasks(app) == 0


def test_item_ids_publish_exactly_those_items(api, job):
    job_id, ids = job
    response = api.post(f"/api/jobs/{job_id}/publish", json={"item_ids": [ids[1], str(ids[3])]})
    assert response.status_code == 202
    assert response.get_json()["data"]["queued"] == 2
    assert _statuses(job_id) == ["unpublished", "publishing", "unpublished", "publishing",
                                 "unpublished", "unpublished"]


@pytest.mark.parametrize("send", [
    {"json": {"all": True}}, {"json": {"all": True, "force": False}}, {"json": {}}, {},
    {"data": "", "headers": {"Content-Type": "application/json"}},
])
def test_all_is_explicit_or_no_selection_at_all(api, job, send):
    job_id, _ids = job
    response = api.post(f"/api/jobs/{job_id}/publish", **send)
    assert response.status_code == 202, response.get_json()
    assert response.get_json()["data"]["queued"] == 6
    assert set(_statuses(job_id)) == {"publishing"}


def test_revert_all_reverts_only_published_items(api):
    api.get("/api/me")
    job_id, _ids = reviewable_job(SHOP, 3, publish_status="published")
    response = api.post(f"/api/jobs/{job_id}/revert", json={"all": True})
    assert response.status_code == 202 and response.get_json()["data"]["queued"] == 3


@pytest.mark.parametrize("action", ["publish", "revert"])
def test_one_item_actions_take_only_force(api, app, job, action):
    job_id, ids = job
    before = _statuses(job_id)
    for body in ({"forse": True}, {"force": "true"}, {"force": None},
                 {"item_ids": [ids[2]]}, {"all": True}):
        response = api.post(f"/api/items/{ids[0]}/{action}", json=body)
        assert response.status_code == 422, body
    assert _statuses(job_id) == before and _queued_tasks(app) == 0
    assert api.post(f"/api/items/{ids[0]}/publish").status_code == 202  # no body: no force
    assert _statuses(job_id)[0] == "publishing"


@pytest.mark.parametrize("action", ["cancel", "retry", "archive", "unarchive"])
def test_job_actions_without_input_refuse_a_selection(api, job, action):
    job_id, ids = job
    response = api.post(f"/api/jobs/{job_id}/{action}", json={"item_ids": [ids[0]]})
    assert response.status_code == 422
    assert _pointers(response) == ["/item_ids"]
    refused = api.delete(f"/api/jobs/{job_id}", json={"really": True})
    assert refused.status_code == 422 and _pointers(refused) == ["/really"]
    assert api.get(f"/api/jobs/{job_id}").status_code == 200


def test_selection_bodies_must_be_json(api, job):
    job_id, ids = job
    form = api.post(f"/api/jobs/{job_id}/publish", data=f"item_ids={ids[0]}",
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert form.status_code == 415
    broken = api.post(f"/api/jobs/{job_id}/publish", data="{item_ids:",
                      headers={"Content-Type": "application/json"})
    assert broken.status_code == 400
    assert api.post(f"/api/jobs/{job_id}/publish", json=[ids[0]]).status_code == 400
    assert set(_statuses(job_id)) == {"unpublished"}


def test_another_shops_item_ids_are_not_published(api, job):
    job_id, _ids = job
    other = api.as_user("5", shop="other-shop.myshopify.com")
    other.get("/api/me")
    _other_job, other_ids = reviewable_job("other-shop.myshopify.com", 2)
    response = api.post(f"/api/jobs/{job_id}/publish", json={"item_ids": other_ids})
    assert response.status_code == 202 and response.get_json()["data"]["queued"] == 0
    assert set(_statuses(_other_job)) == {"unpublished"}
