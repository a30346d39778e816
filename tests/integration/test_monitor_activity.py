"""The monitor's recent activity speaks in words and folds a run of item events into one line."""
from __future__ import annotations

import re

from shopify_app.extensions import db
from shopify_app.jobs.service import audit
from shopify_app.models import Job
from tests.integration.conftest import SHOP
from tests.support.seed import reviewable_job


def test_a_revert_all_is_one_line_in_words(api, client, tokens):  # type: ignore[no-untyped-def]
    api.get("/api/me")
    job_id, ids = reviewable_job(SHOP, 5, publish_status="reverted")
    job = db.session.get(Job, job_id)
    audit(job, "revert_requested", "1", {"items": 5})
    for item_id in ids:
        audit(job, "revert", "1", {"old": "new", "new": "old"}, item_id=item_id)
    audit(job, "delivery.sent", "system", {"channel": "email"})
    db.session.commit()

    recent = api.get("/api/monitor").get_json()["data"]["recent"]
    assert [(e["action"], e["data"].get("items")) for e in recent[:3]] == [
        ("delivery.sent", None), ("revert", 5), ("revert_requested", 5)]

    query = {"shop": SHOP, "host": "YWRtaW4", "embedded": "1", "id_token": tokens.token(SHOP)}
    html = client.get("/monitor", query_string=query).get_data(as_text=True)
    listed = re.search(r'<ul class="activity".*?</ul>', html, re.S).group(0)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", listed))
    assert "Shelf sent Descriptions for review" in text
    assert "reverted results of Descriptions for review (5 items)" in text
    assert "delivery.sent" not in text and "member revert " not in text
