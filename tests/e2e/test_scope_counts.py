"""Counts before creating are exact (or "about N" with the reason), and a scope that matches
nothing is refused with a plain sentence instead of becoming an empty "Completed" job."""
from __future__ import annotations

import json

import pytest

from shopify_app import catalog_lookup

pytestmark = pytest.mark.e2e


def _count(api, scope, field=None):  # type: ignore[no-untyped-def]
    query = {"scope": json.dumps(scope), **({"field": field} if field else {})}
    answer = api.get("/api/scope/count", query_string=query)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["data"]


def test_missing_scopes_are_counted_exactly(shop_api, sandbox):
    products = list(sandbox.store().products.values())
    without_title = sum(1 for p in products if not (p["seo"]["title"] or "").strip())
    counted = _count(shop_api, {"type": "missing", "field": "seo_title"}, "seo_title")
    assert counted == {"count": without_title, "exact": True}
    assert 0 < without_title < len(products)

    needing_alt = [m for p in products for m in p["media"] if not m["alt"]]
    with_gaps = sum(1 for p in products if any(not m["alt"] for m in p["media"]))
    counted = _count(shop_api, {"type": "missing", "field": "alt_text"}, "alt_text")
    assert counted == {"count": with_gaps, "exact": True, "images": len(needing_alt)}


def test_a_scope_too_large_to_check_says_about_and_why(shop_api, sandbox, monkeypatch):
    monkeypatch.setattr(catalog_lookup, "EXACT_COUNT_LIMIT", 10)
    counted = _count(shop_api, {"type": "missing", "field": "seo_title"}, "seo_title")
    assert counted["exact"] is False and counted["count"] == len(sandbox.store().products)
    assert "when the job runs" in counted["reason"]


@pytest.mark.parametrize(("scope", "sentence"), [
    ({"type": "tag", "value": "no-such-tag"},
     "No products have the tag “no-such-tag”. Check the spelling or pick another."),
    ({"type": "vendor", "value": "Nobody & Co"},
     "No products have the vendor “Nobody & Co”. Check the spelling or pick another."),
    ({"type": "collection"}, "Pick a collection"),
    ({"type": "tag", "value": ""}, "Type a tag"),
])
def test_a_scope_that_matches_nothing_is_refused_plainly(shop_api, scope, sentence):
    for kind in ({"kind": "generate", "field": "description"}, {"kind": "analyze_images"}):
        answer = shop_api.post("/api/jobs", json={**kind, "scope": scope})
        assert answer.status_code == 422, answer.get_json()
        errors = answer.get_json()["errors"]
        assert errors[0]["source"] == {"pointer": "/scope"}
        assert errors[0]["detail"] == sentence
    assert shop_api.get("/api/jobs").get_json()["data"] == []
