"""GET/PUT /api/settings: defaults, validation, read-only keys, roles, template preview."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from shopify_app.extensions import db
from shopify_app.models import Shop, ShopSettings, WebhookEvent
from tests.conftest import API_SECRET
from tests.helpers import webhook_headers
from tests.integration.conftest import SHOP


def test_defaults_and_round_trip(api):
    got = api.get("/api/settings").get_json()["data"]
    assert got["strategy"] == "review"
    assert got["auto_generate"] == {"description": False, "seo_title": False,
                                    "seo_description": False, "alt_text": False}
    assert got["provider"]["name"] == "template"
    assert got["roles"] == {"1": "admin"}
    # PUT accepts exactly what GET returned.
    assert api.put("/api/settings", json=got).status_code == 200
    got["strategy"] = "auto_publish"
    got["auto_generate"]["alt_text"] = True
    got["brand_voice"] = "Warm, plain-spoken, no hype."
    saved = api.put("/api/settings", json=got).get_json()["data"]
    assert saved["strategy"] == "auto_publish" and saved["auto_generate"]["alt_text"] is True
    assert api.get("/api/settings").get_json()["data"]["brand_voice"] == \
        "Warm, plain-spoken, no hype."


def test_new_jobs_take_the_strategy_at_creation(api):
    api.put("/api/settings", json={"strategy": "auto_publish"})
    job = api.post("/api/jobs", json={"kind": "counter", "count": 1}).get_json()["data"]
    assert job["strategy"] == "auto_publish"
    api.put("/api/settings", json={"strategy": "review"})
    assert api.get(f"/api/jobs/{job['id']}").get_json()["data"]["strategy"] == "auto_publish"


def test_invalid_settings_are_422_per_field(api):
    response = api.put("/api/settings", json={
        "strategy": "yolo", "tone": "sarcastic", "lengths": {"seo_title": 500},
        "unknown_key": 1, "provider": {"name": "openai"},
        "templates": {"description": "{{ title"}})
    assert response.status_code == 422
    pointers = {e["source"]["pointer"] for e in response.get_json()["errors"]}
    assert {"/strategy", "/tone", "/lengths/seo_title", "/unknown_key", "/provider",
            "/templates/description"} <= pointers
    assert api.get("/api/settings").get_json()["data"]["strategy"] == "review"


def test_template_escape_is_refused(api):
    response = api.put("/api/settings", json={
        "templates": {"description": "{{ ''.__class__.__mro__[1].__subclasses__() }}"}})
    assert response.status_code == 422


def test_preview_renders_a_sample_product(api):
    response = api.post("/api/settings/preview", json={
        "field": "seo_title", "template": "{{ title }} by {{ vendor }}"})
    assert response.status_code == 200
    assert response.get_json()["data"]["text"] == "Merino Crew Sweater by Northwind"


def test_preview_writes_one_stop_after_a_value_ending_in_one(api):
    # A stop written after a value that already ends with one ("Co." + ".") read "Co.. Shop".
    response = api.post("/api/settings/preview", json={
        "field": "seo_description",
        "template": "{{ title }} by {{ vendor }} Co.. Shop now at {{ shop_name }}. Wait..."})
    assert response.status_code == 200
    assert response.get_json()["data"]["text"] == \
        "Merino Crew Sweater by Northwind Co. Shop now at Northwind. Wait..."


def test_an_image_limit_out_of_range_is_refused_in_the_form_s_words(api):
    response = api.put("/api/settings", json={"image_analysis_limit": 40})
    assert response.status_code == 422
    (error,) = response.get_json()["errors"]
    assert error["source"]["pointer"] == "/image_analysis_limit"
    assert error["detail"] == "Images analyzed per product: choose a number from 1 to 20"


def test_only_admins_change_settings_and_roles(api):
    api.get("/api/me")  # user 1 is seen first: admin
    writer = api.as_user("2")
    assert writer.get("/api/settings").status_code == 200
    assert writer.put("/api/settings", json={"strategy": "review"}).status_code == 403
    response = api.put("/api/settings", json={"roles": {"2": "read"}})
    assert response.get_json()["data"]["roles"] == {"1": "admin", "2": "read"}
    assert writer.get("/api/me").get_json()["data"]["role"] == "read"
    assert api.put("/api/settings", json={"roles": {"1": "write"}}).status_code == 422
    assert api.put("/api/settings", json={"roles": {"999": "admin"}}).status_code == 422


def test_default_role_applies_to_new_staff(api):
    api.get("/api/me")
    api.put("/api/settings", json={"default_role": "read"})
    assert api.as_user("7").get("/api/me").get_json()["data"]["role"] == "read"


@pytest.mark.parametrize("body, pointer", [
    ({"templates": None}, "/templates"), ({"lengths": None}, "/lengths"),
    ({"auto_generate": None}, "/auto_generate"), ({"templates": [["x"]]}, "/templates"),
    ({"templates": "x"}, "/templates"), ({"templates": {"description": None}},
                                         "/templates/description"),
    ({"templates": {"description": ["x"]}}, "/templates/description"),
    ({"lengths": "abc"}, "/lengths"), ({"lengths": [["description", 100]]}, "/lengths"),
    ({"lengths": {"description": "100"}}, "/lengths/description"),
    ({"lengths": {"description": None}}, "/lengths/description"),
    ({"auto_generate": {"description": None}}, "/auto_generate"),
    ({"auto_generate": [True]}, "/auto_generate"), ({"tone": ["friendly"]}, "/tone"),
    ({"tone": None}, "/tone"), ({"language": 5}, "/language"), ({"strategy": None}, "/strategy"),
    ({"strategy": ["review"]}, "/strategy"), ({"brand_voice": None}, "/brand_voice"),
    ({"custom_instructions": {"a": 1}}, "/custom_instructions"),
    ({"regenerate_on_update": None}, "/regenerate_on_update"),
    ({"reanalyze_on_image_change": "yes"}, "/reanalyze_on_image_change"),
    ({"analysis_target": ["tags"]}, "/analysis_target"),
    ({"image_analysis_limit": "4"}, "/image_analysis_limit"),
    ({"image_analysis_limit": True}, "/image_analysis_limit"),
    ({"default_role": ["admin"]}, "/default_role"), ({"default_role": None}, "/default_role"),
    ({"roles": None}, "/roles"), ({"roles": {"1": ["admin"]}}, "/roles"),
])
def test_settings_of_the_wrong_type_are_refused_and_the_shop_keeps_working(api, body, pointer):
    before = api.get("/api/settings").get_json()["data"]
    response = api.put("/api/settings", json=body)
    assert response.status_code == 422, response.get_json()
    assert pointer in [e["source"]["pointer"] for e in response.get_json()["errors"]]
    assert api.get("/api/settings").get_json()["data"] == before
    assert api.put("/api/settings", json={"strategy": "review"}).status_code == 200
    assert api.post("/api/jobs", json={"kind": "generate", "field": "description"}) \
        .status_code == 201


BROKEN = {"templates": None, "lengths": "abc", "auto_generate": None, "tone": ["x"],
          "strategy": {"a": 1}, "brand_voice": 5, "image_analysis_limit": "many",
          "default_role": "write", "language": "de",
          "custom_instructions": "Mention free returns."}


def _store_broken_settings(domain: str, data: str) -> None:
    shop = db.session.scalars(select(Shop).where(Shop.domain == domain)).one()
    db.session.merge(ShopSettings(shop_id=shop.id, data_json=data, updated_by="1"))
    db.session.commit()


@pytest.mark.parametrize("stored", [json.dumps(BROKEN), json.dumps({
    "templates": {"description": None, "seo_title": "{{ title }}", "alt_text": ["x"]},
    "lengths": {"description": "long", "seo_title": 65}, "auto_generate": {"description": 1}}),
    "[]", "not json at all"])
def test_a_shop_with_unreadable_stored_settings_recovers(api, client, tokens, run_worker,
                                                          stored):
    api.get("/api/me")
    _store_broken_settings(SHOP, stored)

    got = api.get("/api/settings")
    assert got.status_code == 200
    data = got.get_json()["data"]
    assert data["auto_generate"]["description"] is False and data["tone"] == "friendly"
    assert data["templates"]["description"] == "" and data["lengths"]["description"] == 150
    assert data["strategy"] == "review"
    if stored.startswith("{\"templates\": null"):
        assert data["language"] == "de"  # good values stored with bad ones survive
        assert data["custom_instructions"] == "Mention free returns."
    if "seo_title" in stored:
        assert data["templates"]["seo_title"] == "{{ title }}"
        assert data["lengths"]["seo_title"] == 65
    assert api.put("/api/settings", json=data).status_code == 200
    assert api.put("/api/settings", json={"tone": "playful"}).status_code == 200

    _store_broken_settings(SHOP, stored)
    assert api.post("/api/jobs", json={"kind": "generate", "field": "description"}) \
        .status_code == 201
    page = client.get("/jobs/new", query_string={
        "shop": SHOP, "host": "YWRtaW4", "embedded": "1", "id_token": tokens.token(SHOP)})
    assert page.status_code == 200

    body = json.dumps({"id": 1, "title": "New product", "body_html": ""}).encode()
    assert client.post("/webhooks", data=body, headers=webhook_headers(
        body, API_SECRET, "products/create")).status_code == 200
    run_worker()
    event = db.session.scalars(select(WebhookEvent)).one()
    assert event.outcome == "processed", event.detail


def test_preview_refuses_bodies_of_the_wrong_shape(api):
    for body, pointer in [({"field": ["seo_title"]}, "/field"),
                          ({"field": "seo_title", "template": ["x"]}, "/template"),
                          ({"field": "seo_title", "tone": ["x"]}, "/tone"),
                          ({"field": "seo_title", "lengths": "abc"}, "/lengths"),
                          ({"field": "seo_title", "templte": "x"}, "/templte")]:
        response = api.post("/api/settings/preview", json=body)
        assert response.status_code == 422, body
        assert pointer in [e["source"]["pointer"] for e in response.get_json()["errors"]]
