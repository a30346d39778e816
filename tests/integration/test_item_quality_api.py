"""Regenerate, choose and the quality filters: roles, other shops, states and input."""
from __future__ import annotations

from sqlalchemy import select

from shopify_app.extensions import db
from shopify_app.models import JobItem, Shop, StaffMember
from tests.integration.conftest import SHOP
from tests.support.seed import reviewable_job


def _reader(api):  # type: ignore[no-untyped-def]
    reader = api.as_user("3")
    reader.get("/api/me")
    shop = db.session.scalars(select(Shop).where(Shop.domain == SHOP)).one()
    staff = db.session.scalars(select(StaffMember).where(
        StaffMember.shop_id == shop.id, StaffMember.shopify_user_id == "3")).one()
    staff.role = "read"
    db.session.commit()
    return reader


def test_another_shop_and_read_role_cannot_regenerate_or_choose(api):
    api.get("/api/me")
    job_id, (item_id, _) = reviewable_job(SHOP, 2)
    stranger = api.as_user("900", shop="other-shop.myshopify.com")
    stranger.get("/api/me")
    for path, body in (("regenerate", {}), ("choose", {"proposal": 0})):
        assert stranger.post(f"/api/items/{item_id}/{path}", json=body).status_code == 404
    reader = _reader(api)
    for path, body in (("regenerate", {}), ("choose", {"proposal": 0})):
        assert reader.post(f"/api/items/{item_id}/{path}", json=body).status_code == 403
    assert reader.get(f"/api/jobs/{job_id}/items?flagged=true").status_code == 200


def test_published_items_are_not_regenerated_and_bad_input_is_named(api):
    api.get("/api/me")
    _, (published, _) = reviewable_job(SHOP, 2, publish_status="published")
    conflict = api.post(f"/api/items/{published}/regenerate", json={})
    assert conflict.status_code == 409 and "revert" in conflict.get_json()["errors"][0]["detail"]
    too_long = api.post(f"/api/items/{published}/regenerate", json={"instruction": "x" * 501})
    assert too_long.status_code == 422
    assert too_long.get_json()["errors"][0]["source"]["pointer"] == "/instruction"
    no_proposals = api.post(f"/api/items/{published}/choose", json={"proposal": 0})
    assert no_proposals.status_code == 422
    assert api.post(f"/api/items/{published}/choose", json={"proposal": True}).status_code == 422


def test_regenerate_without_a_body_uses_the_provider_and_counts_usage(api):
    api.get("/api/me")
    job_id, (item_id, _) = reviewable_job(SHOP, 2)
    db.session.get(JobItem, item_id).input_json = (
        '{"title": "Merino Wool Beanie", "vendor": "Northfield", "product_type": "Hats"}')
    db.session.commit()
    response = api.post(f"/api/items/{item_id}/regenerate")
    assert response.status_code == 201, response.get_json()
    item = response.get_json()["data"]
    assert "Merino Wool Beanie" in item["proposed"]
    assert [p["chosen"] for p in item["proposals"]] == [False, True]
    assert item["proposals"][0]["text"] == "new 0"
    assert item["seo"]["after"]["value"] >= 0
    events = api.get(f"/api/jobs/{job_id}").get_json()["data"]
    assert events["counts"]["flagged"] == 0


def test_editing_checks_the_merchants_words_too(api):
    api.get("/api/me")
    job_id, (item_id, _) = reviewable_job(SHOP, 2)
    db.session.get(JobItem, item_id).input_json = (
        '{"title": "Polyester Running Shirt", "product_type": "Shirts",'
        ' "tags": ["polyester"], "description": "A light polyester shirt."}')
    db.session.commit()
    edited = api.patch(f"/api/items/{item_id}", json={
        "proposed": "<p>Made from 100% organic cotton in Italy.</p>"})
    assert edited.status_code == 200, edited.get_json()
    data = edited.get_json()["data"]
    assert data["flagged"] and {c["kind"] for c in data["checks"]}
    assert api.get(f"/api/jobs/{job_id}").get_json()["data"]["counts"]["flagged"] == 1
    flagged = api.get(f"/api/jobs/{job_id}/items?flagged=true").get_json()["data"]
    assert [i["id"] for i in flagged] == [str(item_id)]
    fixed = api.patch(f"/api/items/{item_id}", json={"proposed": "<p>A light shirt.</p>"})
    assert not fixed.get_json()["data"]["flagged"]
    assert api.get(f"/api/jobs/{job_id}").get_json()["data"]["counts"]["flagged"] == 0
    bad = api.get(f"/api/jobs/{job_id}/items?flagged=maybe")
    assert bad.status_code == 422
