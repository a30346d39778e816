"""A kind added by the test suite alone (tests/support/shout_kind.py) runs the whole
review cycle through the API: create, process, review, edit, publish, conflict, force,
revert — with nothing in the engine, web or scripts knowing its name."""
from __future__ import annotations

import pytest

from shopify_app.extensions import db
from shopify_app.models import JobEvent
from tests.support.shout_kind import store_key


@pytest.fixture
def store(app, api):  # type: ignore[no-untyped-def]
    """The shout kind's stand-in store for the test shop, seeded with three labels."""
    from shopify_app.shops import find_shop

    assert api.get("/api/me").status_code == 200  # installs the shop
    with app.app_context():
        shop_id = find_shop("test-shop.myshopify.com").id
    connection = app.extensions["redis"]
    key = store_key(shop_id)
    connection.hset(key, mapping={"a": "sale", "b": "new in", "c": "last chance"})

    class Store:
        def get(self, field: str) -> str:
            return connection.hget(key, field).decode()

        def set(self, field: str, value: str) -> None:
            connection.hset(key, field, value)

    return Store()


def _items(api, job_id):  # type: ignore[no-untyped-def]
    body = api.get(f"/api/jobs/{job_id}/items", query_string={"limit": "100"}).get_json()
    return {item["target_id"]: item for item in body["data"]}


def _create(api, run_worker):  # type: ignore[no-untyped-def]
    created = api.post("/api/jobs", json={"kind": "shout", "keys": ["a", "b", "c"],
                                          "title": "Louder"})
    assert created.status_code == 201, created.get_json()
    job = created.get_json()["data"]
    run_worker()
    return job


def test_plugin_kind_describes_itself_on_the_job(api, store, run_worker):
    job = _create(api, run_worker)
    info = job["kind_info"]
    assert info["label"] == "Shouted labels" and info["reviewable"] is True
    assert info["actions"]["publish_all"] == "Apply all" and info["preview"] == "text"
    job = api.get(f"/api/jobs/{job['id']}").get_json()["data"]
    assert job["status"] == "review" and job["counts"]["pending_review"] == 3


def test_review_edit_publish_and_revert(api, store, run_worker):
    job = _create(api, run_worker)
    items = _items(api, job["id"])
    assert items["a"]["proposed"] == "SALE!" and items["a"]["original"] == "sale"
    assert store.get("a") == "sale"  # nothing written before review

    # The kind's publisher validates edits: a bad value is a 422 naming the field.
    bad = api.patch(f"/api/items/{items['b']['id']}", json={"proposed": "x" * 41})
    assert bad.status_code == 422
    assert bad.get_json()["errors"][0]["source"]["pointer"] == "/proposed"
    good = api.patch(f"/api/items/{items['b']['id']}", json={"proposed": "  NEW!!  "})
    assert good.status_code == 200 and good.get_json()["data"]["proposed"] == "NEW!!"

    assert api.post(f"/api/jobs/{job['id']}/publish", json={}).get_json()["data"]["queued"] == 3
    run_worker()
    assert [store.get(k) for k in "abc"] == ["SALE!", "NEW!!", "LAST CHANCE!"]
    job = api.get(f"/api/jobs/{job['id']}").get_json()["data"]
    assert job["status"] == "completed" and job["counts"]["published"] == 3

    # Published results are locked: editing one is a state conflict.
    locked = api.patch(f"/api/items/{items['a']['id']}", json={"proposed": "SALE"})
    assert locked.status_code == 409

    revert = api.post(f"/api/items/{items['a']['id']}/revert", json={})
    assert revert.status_code == 202
    run_worker()
    assert store.get("a") == "sale"
    assert _items(api, job["id"])["a"]["publish_status"] == "reverted"


def test_forced_publish_keeps_the_overwritten_value_for_revert(app, api, store, run_worker):
    job = _create(api, run_worker)
    item = _items(api, job["id"])["a"]
    store.set("a", "the merchant's sale")  # changed after the job read it

    api.post(f"/api/items/{item['id']}/publish", json={})
    run_worker()
    assert _items(api, job["id"])["a"]["publish_status"] == "conflict"
    assert store.get("a") == "the merchant's sale"

    assert api.post(f"/api/items/{item['id']}/publish", json={"force": True}).status_code == 202
    run_worker()
    assert store.get("a") == "SALE!"
    assert api.post(f"/api/items/{item['id']}/revert", json={}).status_code == 202
    run_worker()
    assert store.get("a") == "the merchant's sale"  # not the value from before the job

    with app.app_context():
        forced = db.session.query(JobEvent).filter_by(job_id=job["id"],
                                                      action="force_publish").one()
        assert forced.data["overwrote"] == "the merchant's sale"
        assert forced.data["original_before"] == "sale" and forced.data["new"] == "SALE!"


def test_another_shops_item_cannot_be_edited_or_published(api, store, run_worker):
    job = _create(api, run_worker)
    item = _items(api, job["id"])["a"]
    other = api.as_user("1", "other-shop.myshopify.com")
    assert other.patch(f"/api/items/{item['id']}", json={"proposed": "MINE"}).status_code == 404
    assert other.post(f"/api/items/{item['id']}/publish", json={}).status_code == 404
    assert other.post(f"/api/jobs/{job['id']}/publish", json={}).status_code == 404
    assert store.get("a") == "sale"


def test_items_come_with_their_rendered_row_on_request(api, store, run_worker):
    job = _create(api, run_worker)
    plain = api.get(f"/api/jobs/{job['id']}/items").get_json()["data"][0]
    assert "html" not in plain
    rows = api.get(f"/api/jobs/{job['id']}/items", query_string={"include": "html"}
                   ).get_json()["data"]
    first = rows[0]
    assert first["html"].startswith(f'<tr data-item-id="{first["id"]}"')
    assert ">Apply<" in first["html"] and "SALE!" in first["html"]
    one = api.get(f"/api/items/{first['id']}", query_string={"include": "html"}).get_json()
    assert one["data"]["html"] == first["html"]
    # A reader sees the row without the write actions.
    assert api.put("/api/settings", json={"default_role": "read"}).status_code == 200
    reader = api.as_user("7").get(f"/api/items/{first['id']}", query_string={
        "include": "html"}).get_json()["data"]["html"]
    assert 'data-item-action="preview"' in reader and 'data-item-action="publish"' not in reader
