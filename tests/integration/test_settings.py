"""GET/PUT /api/settings: defaults, validation, read-only keys, roles, template preview."""
from __future__ import annotations


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
