"""The jobs list: filters, search, date ranges, cursor pages and totals; roles and shops."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from shopify_app.extensions import db
from shopify_app.models import Job, Shop, StaffMember
from shopify_app.models.types import utcnow
from tests.integration.jobs.test_lifecycle import create


@pytest.fixture
def catalog_of_jobs(api):  # type: ignore[no-untyped-def]
    """45 jobs with known titles, customers, statuses and ages."""
    ids = []
    for n in range(45):
        job = create(api, count=0, title=f"Batch {n:02d}",
                     customer_name="Acme Corp" if n % 5 == 0 else "Globex",
                     reference=f"PO-{1000 + n}")
        ids.append(job["id"])
    now = utcnow()
    for n, job_id in enumerate(ids):
        job = db.session.get(Job, job_id)
        job.created_at = now - timedelta(days=n)  # job n is n days old
        job.status = ("completed", "failed", "review")[n % 3]
        job.mode = "test" if n % 9 == 0 else "production"
    db.session.commit()
    return ids


def test_newest_first_cursor_pages_and_total(api, catalog_of_jobs):
    seen, cursor, pages = [], None, 0
    while True:
        response = api.get("/api/jobs" + (f"?cursor={cursor}" if cursor else ""))
        assert response.status_code == 200
        body = response.get_json()
        assert body["meta"]["results"]["total"] == 45
        assert len(body["data"]) <= 20
        seen += [job["id"] for job in body["data"]]
        pages += 1
        cursor = body["meta"]["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert seen == catalog_of_jobs  # job 0 is the newest


def test_search_by_title_customer_and_reference(api, catalog_of_jobs):
    def total(query: str) -> int:
        body = api.get("/api/jobs", query_string={"q": query}).get_json()
        return body["meta"]["results"]["total"]

    assert total("acme") == 9
    assert total("PO-1007") == 1
    assert total("batch 1") == 10
    assert total("100%") == 0  # LIKE wildcards are literal


def test_filters_combine(api, catalog_of_jobs):
    def ids(**params: str) -> list[str]:
        return [j["id"] for j in api.get("/api/jobs", query_string={**params, "limit": "100"})
                .get_json()["data"]]

    failed = ids(status="failed")
    assert failed == [catalog_of_jobs[n] for n in range(45) if n % 3 == 1]
    assert ids(status="failed,review") == [catalog_of_jobs[n] for n in range(45) if n % 3]
    assert ids(mode="test") == [catalog_of_jobs[n] for n in range(45) if n % 9 == 0]
    assert ids(created="today") == [catalog_of_jobs[0]]
    assert ids(created="7d") == catalog_of_jobs[:7]
    assert ids(created="30d") == catalog_of_jobs[:30]
    assert ids(kind="counter", status="completed", created="7d") == \
        [catalog_of_jobs[n] for n in range(7) if n % 3 == 0]


@pytest.mark.parametrize("query, field", [
    ("status=exploded", "status"), ("kind=nope", "kind"), ("created=yesterday", "created"),
    ("limit=0", "limit"), ("limit=101", "limit"), ("cursor=%%%", "cursor"),
    ("archived=maybe", "archived"), ("mode=staging", "mode"),
])
def test_bad_filters_are_422_with_the_field(api, query, field):
    response = api.get(f"/api/jobs?{query}")
    assert response.status_code == 422
    error = response.get_json()["errors"][0]
    assert error["source"]["pointer"] == f"/{field}"
    assert error["title"] == "Failed Validation"


def test_create_validation_is_422_with_field_details(api):
    response = api.post("/api/jobs", json={"kind": "counter", "count": -1, "mode": "staging"})
    assert response.status_code == 422
    pointers = [e["source"]["pointer"] for e in response.get_json()["errors"]]
    assert pointers == ["/mode"]
    response = api.post("/api/jobs", json={"kind": "counter", "count": -1})
    assert response.get_json()["errors"][0]["source"]["pointer"] == "/count"
    assert api.post("/api/jobs", json={"kind": "teleport"}).status_code == 422
    assert api.post("/api/jobs", data="{not json", headers={
        "Content-Type": "application/json"}).status_code == 400
    assert api.post("/api/jobs", json=[1, 2]).status_code == 400
    assert api.post("/api/jobs", data="kind=counter").status_code == 415


def test_items_filters_and_cursor(api, run_worker):
    job = create(api, count=55, fail=[5, 6])
    run_worker()
    first = api.get(f"/api/jobs/{job['id']}/items?limit=50").get_json()
    assert first["meta"]["results"]["total"] == 55 and len(first["data"]) == 50
    rest = api.get(f"/api/jobs/{job['id']}/items?limit=50&cursor={first['meta']['next_cursor']}")
    assert len(rest.get_json()["data"]) == 5 and rest.get_json()["meta"]["next_cursor"] is None
    failed = api.get(f"/api/jobs/{job['id']}/items?status=failed").get_json()
    assert failed["meta"]["results"]["total"] == 2
    unpublished = api.get(f"/api/jobs/{job['id']}/items?publish_status=unpublished").get_json()
    assert unpublished["meta"]["results"]["total"] == 55
    assert api.get(f"/api/jobs/{job['id']}/items?status=gone").status_code == 422


def test_another_shops_job_is_404_everywhere(api, run_worker):
    job = create(api, count=2)
    run_worker()
    stranger = api.as_user("900", shop="other-shop.myshopify.com")
    for method, path in [("get", ""), ("delete", ""), ("post", "/cancel"), ("post", "/retry"),
                         ("post", "/archive"), ("get", "/items")]:
        response = getattr(stranger, method)(f"/api/jobs/{job['id']}{path}")
        assert response.status_code == 404, (method, path)
        assert response.get_json()["errors"][0]["status"] == "404"
    assert stranger.get("/api/jobs").get_json()["meta"]["results"]["total"] == 0
    assert api.get(f"/api/jobs/{job['id']}").status_code == 200


def test_roles_are_enforced(api, run_worker):
    job = create(api, count=1)  # user 1: the shop's first staff, admin
    run_worker()
    writer = api.as_user("2")  # later staff get the default role: write
    assert writer.get("/api/me").get_json()["data"]["role"] == "write"
    assert writer.post("/api/jobs", json={"kind": "counter", "count": 1}).status_code == 201
    denied = writer.delete(f"/api/jobs/{job['id']}")
    assert denied.status_code == 403
    assert "admin" in denied.get_json()["errors"][0]["detail"]

    reader = api.as_user("3")
    reader.get("/api/me")
    shop = db.session.scalars(select(Shop)).one()
    staff = db.session.scalars(select(StaffMember).where(
        StaffMember.shop_id == shop.id, StaffMember.shopify_user_id == "3")).one()
    staff.role = "read"
    db.session.commit()
    assert reader.get("/api/jobs").status_code == 200
    assert reader.get(f"/api/jobs/{job['id']}/items").status_code == 200
    for method, path in [("post", "/api/jobs"), ("post", f"/api/jobs/{job['id']}/archive"),
                         ("post", f"/api/jobs/{job['id']}/cancel"),
                         ("delete", f"/api/jobs/{job['id']}")]:
        kwargs = {"json": {"kind": "counter", "count": 1}} if path == "/api/jobs" else {}
        assert getattr(reader, method)(path, **kwargs).status_code == 403, path


def test_unknown_job_id_is_404(api):
    assert api.get("/api/jobs/does-not-exist").status_code == 404
    assert api.get("/api/jobs/" + "x" * 300).status_code == 404


def test_another_shops_items_are_404(api, run_worker):
    job = create(api, count=1)
    run_worker()
    (item,) = api.get(f"/api/jobs/{job['id']}/items").get_json()["data"]
    stranger = api.as_user("900", shop="other-shop.myshopify.com")
    for method, path, kwargs in [("get", "", {}), ("patch", "", {"json": {"proposed": "x"}}),
                                 ("post", "/publish", {"json": {}}),
                                 ("post", "/revert", {"json": {}})]:
        response = getattr(stranger, method)(f"/api/items/{item['id']}{path}", **kwargs)
        assert response.status_code == 404, (method, path)
    assert stranger.post(f"/api/jobs/{job['id']}/publish", json={}).status_code == 404
    assert api.get(f"/api/items/{item['id']}").status_code == 200


def test_oversized_and_malformed_api_bodies(make_app, tokens, shopify_oauth):
    client = make_app(SHELF_MAX_BODY_BYTES="2048").test_client()
    headers = tokens.header()
    big = client.post("/api/jobs", json={"kind": "counter", "count": 1, "title": "x" * 5000},
                      headers=headers)
    assert big.status_code == 413
    assert big.get_json()["errors"][0]["status"] == "413"
    bad_ids = client.post("/api/jobs/anything/publish", json={"item_ids": "all"},
                          headers=headers)
    assert bad_ids.status_code == 404  # the job is checked first: nothing leaks
