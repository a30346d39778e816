"""Fact guard, SEO scores and regenerate against the sandbox store with a real worker."""
from __future__ import annotations

import pytest

from shopify_app.ai import ResultCache
from shopify_app.jobs.kinds.generate import kind as generate_kind

pytestmark = pytest.mark.e2e
PLANTED = " <p>Handmade in Italy from 100% cashmere, it holds 12 litres.</p>"


def _items(api, job_id, **filters):  # type: ignore[no-untyped-def]
    found, cursor = [], None
    while True:
        params = {**filters, "limit": "100", **({"cursor": cursor} if cursor else {})}
        body = api.get(f"/api/jobs/{job_id}/items", query_string=params).get_json()
        assert "data" in body, body
        found += body["data"]
        cursor = body["meta"]["next_cursor"]
        if not cursor:
            return found


class PlantingProvider:
    """The configured provider, with false claims added to some products' texts."""

    def __init__(self, inner, planted_titles, counter):  # type: ignore[no-untyped-def]
        self.inner, self.planted, self.counter = inner, planted_titles, counter
        self.name, self.model = inner.name, inner.model

    def generate(self, field, facts, settings):  # type: ignore[no-untyped-def]
        result = self.inner.generate(field, facts, settings)
        self.counter.append(settings.custom_instructions)
        if facts.title in self.planted:
            return type(result)(**{**result.__dict__, "text": result.text + PLANTED})
        if "shorter" in (settings.custom_instructions or ""):
            return type(result)(**{**result.__dict__,
                                   "text": result.text.split("</p>")[0] + "</p>"})
        return result


@pytest.fixture
def planted(monkeypatch, sandbox):  # type: ignore[no-untyped-def]
    products = sorted(sandbox.store().products.values(), key=lambda p: p["id"])[:20]
    titles = {p["title"] for p in products[:3]}
    calls: list[str] = []
    real = generate_kind.provider_from_config
    monkeypatch.setattr(generate_kind, "provider_from_config",
                        lambda config, redis=None: PlantingProvider(real(config, redis=redis),
                                                                    titles, calls))
    return {"ids": [p["id"] for p in products], "titles": titles, "calls": calls}


def _create(api, ids, strategy):  # type: ignore[no-untyped-def]
    created = api.post("/api/jobs", json={
        "kind": "generate", "field": "description", "strategy": strategy,
        "scope": {"type": "products", "ids": ids}})
    assert created.status_code == 201, created.get_json()
    return created.get_json()["data"]["id"]


def test_auto_publish_holds_flagged_items(shop_api, sandbox, run_worker, planted):
    job_id = _create(shop_api, planted["ids"], "auto_publish")
    run_worker()
    job = shop_api.get(f"/api/jobs/{job_id}").get_json()["data"]
    assert job["status"] == "review", job
    assert job["counts"]["published"] == 17 and job["counts"]["flagged"] == 3
    assert job["counts"]["pending_review"] == 3
    items = _items(shop_api, job_id)
    held = [i for i in items if i["publish_status"] == "unpublished"]
    assert {i["product_title"] for i in held} == planted["titles"]
    for item in held:
        assert item["flagged"] and item["checks"]
        kinds = {c["kind"] for c in item["checks"]}
        assert len(kinds) >= 2, item["checks"]
        for check in item["checks"]:
            start, end = check["span"]
            assert item["proposed"][start:end] and check["why"]
    assert all(not i["checks"] for i in items if i not in held)
    store = {p["id"]: p["descriptionHtml"] for p in sandbox.store().products.values()}
    assert all(store[i["product_id"]] != i["proposed"] for i in held)  # nothing invented went out
    flagged = _items(shop_api, job_id, flagged="true")
    assert {i["id"] for i in flagged} == {i["id"] for i in held}
    assert len(_items(shop_api, job_id, flagged="false")) == 17

    # The merchant reads the claims and publishes one anyway.
    one = held[0]
    assert shop_api.post(f"/api/items/{one['id']}/publish", json={}).status_code == 202
    run_worker()
    job = shop_api.get(f"/api/jobs/{job_id}").get_json()["data"]
    assert job["counts"]["published"] == 18 and job["status"] == "review"


def test_seo_scores_before_after_sorting_and_low_filter(shop_api, run_worker, planted):
    job_id = _create(shop_api, planted["ids"], "review")
    run_worker()
    job = shop_api.get(f"/api/jobs/{job_id}").get_json()["data"]
    assert isinstance(job["seo"]["average"], int) and 0 <= job["seo"]["average"] <= 100
    items = _items(shop_api, job_id)
    for item in items:
        assert 0 <= item["seo"]["after"]["value"] <= 100
        assert "value" in item["seo"]["before"] and item["seo"]["after"]["reasons"]
    ascending = [i["seo"]["after"]["value"] for i in _items(shop_api, job_id, sort="seo_score")]
    assert ascending == sorted(ascending) and len(ascending) == 20
    paged, cursor = [], None
    while True:  # keyset pages of 7 cover every item once, highest first
        params = {"sort": "-seo_score", "limit": "7", **({"cursor": cursor} if cursor else {})}
        body = shop_api.get(f"/api/jobs/{job_id}/items", query_string=params).get_json()
        paged += body["data"]
        cursor = body["meta"]["next_cursor"]
        if not cursor:
            break
    assert [i["seo"]["after"]["value"] for i in paged] == sorted(ascending, reverse=True)
    assert len({i["id"] for i in paged}) == 20
    low = _items(shop_api, job_id, seo="low")
    assert all(i["seo"]["after"]["value"] < 60 for i in low)
    assert len(low) == sum(1 for v in ascending if v < 60)
    bad = shop_api.get(f"/api/jobs/{job_id}/items", query_string={"sort": "price"})
    assert bad.status_code == 422 and "sort" in bad.get_data(as_text=True)


def test_regenerate_keeps_proposals_and_skips_the_cache(shop_api, run_worker, planted,
                                                        monkeypatch):
    job_id = _create(shop_api, planted["ids"][3:5], "review")
    run_worker()
    item = _items(shop_api, job_id)[0]
    job = shop_api.get(f"/api/jobs/{job_id}").get_json()["data"]
    consulted: list[str] = []
    monkeypatch.setattr(ResultCache, "get", lambda self, key: consulted.append(key))
    calls_before = len(planted["calls"])

    response = shop_api.post(f"/api/items/{item['id']}/regenerate",
                             json={"instruction": "shorter"})
    assert response.status_code == 201, response.get_json()
    fresh = response.get_json()["data"]
    assert fresh["proposed"] != item["proposed"]
    assert len(fresh["proposed"]) < len(item["proposed"])
    assert [p["text"] for p in fresh["proposals"]] == [item["proposed"], fresh["proposed"]]
    assert [p["chosen"] for p in fresh["proposals"]] == [False, True]
    assert fresh["proposals"][1]["instruction"] == "shorter"
    assert consulted == [] and len(planted["calls"]) == calls_before + 1
    assert "shorter" in planted["calls"][-1]
    after = shop_api.get(f"/api/jobs/{job_id}").get_json()["data"]
    assert after["usage"]["tokens_out"] >= job["usage"]["tokens_out"]

    chosen = shop_api.post(f"/api/items/{item['id']}/choose", json={"proposal": 0})
    assert chosen.status_code == 200
    assert chosen.get_json()["data"]["proposed"] == item["proposed"]

    for body, field in (({"instruction": "x", "tone": "y"}, "tone"),
                        ({"instruction": 5}, "instruction")):
        bad = shop_api.post(f"/api/items/{item['id']}/regenerate", json=body)
        assert bad.status_code == 422 and field in bad.get_data(as_text=True)
    bad = shop_api.post(f"/api/items/{item['id']}/choose", json={"proposal": 9})
    assert bad.status_code == 422
    bad = shop_api.post(f"/api/items/{item['id']}/choose", json={"proposal": 0, "x": 1})
    assert bad.status_code == 422 and "x" in bad.get_json()["errors"][0]["detail"]
