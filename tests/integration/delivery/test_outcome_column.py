"""The jobs list's Outcome column for kinds with nothing to publish: a catalog job shows
its files and how each delivery went, through kind_info, in the API and the page alike."""
from __future__ import annotations

import pytest
import responses
from sqlalchemy import select

from shopify_app.delivery.service import deliver
from shopify_app.extensions import db
from shopify_app.jobs.ids import new_id
from shopify_app.models import Shop
from tests.integration.conftest import SHOP
from tests.integration.delivery.conftest import WHATSAPP_URL, catalog_job


@pytest.fixture
def merchant(api) -> Shop:  # type: ignore[no-untyped-def]
    assert api.get("/api/me").status_code == 200
    shop = db.session.scalars(select(Shop).where(Shop.domain == SHOP)).one()
    shop.name, shop.email = "Test Shop", "owner@test-shop.example"
    db.session.commit()
    return shop


def built(job):  # type: ignore[no-untyped-def]
    job.catalog_id = new_id()
    db.session.commit()
    return job


def outcome(api, job_id: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    listed = api.get("/api/jobs", query_string={"kind": "build_catalog"}).get_json()["data"]
    info = next(j for j in listed if j["id"] == job_id)["kind_info"]
    return [(o["text"], o["tone"]) for o in info["outcome"]]


@responses.activate
def test_a_delivered_catalog_shows_files_email_and_whatsapp(api, merchant, smtp_server,
                                                            tokens):
    responses.add(responses.POST, WHATSAPP_URL, json={"messages": [{"id": "wamid.1"}]})
    job = built(catalog_job(merchant, phone="+14155550123"))
    assert outcome(api, job.id) == [("Files ready", "success")]  # nothing sent yet
    deliver(job.id)
    assert outcome(api, job.id) == [("Files ready", "success"),
                                    ("Emailed to customer", "success"),
                                    ("Sent on WhatsApp", "success")]
    page = api.get("/", query_string={"shop": SHOP, "host": "YWRtaW4", "embedded": "1",
                                      "id_token": tokens.token(SHOP)}).get_data(as_text=True)
    assert '<th scope="col">Outcome</th>' in page and ">Published</th>" not in page
    assert '<span class="badge success" data-outcome>Emailed to customer</span>' in page


def test_a_failed_email_and_a_test_delivery_say_so(api, merchant, smtp_server):
    smtp_server.refuse("550 5.1.1 Mailbox unavailable")
    failing = built(catalog_job(merchant))
    deliver(failing.id)
    assert ("Email failed", "critical") in outcome(api, failing.id)
    smtp_server.refuse(None)
    test_job = built(catalog_job(merchant, mode="test"))
    deliver(test_job.id)
    assert outcome(api, test_job.id) == [("Files ready", "success"),
                                         ("Test emailed to you", "success")]


def test_unfinished_jobs_and_publishing_kinds_have_no_outcome(api, merchant):
    running = catalog_job(merchant, status="processing")
    assert outcome(api, running.id) == []
    reviewed = catalog_job(merchant, kind="generate", status="review")
    generated = api.get(f"/api/jobs/{reviewed.id}").get_json()["data"]
    assert generated["kind_info"]["reviewable"] and generated["kind_info"]["outcome"] == []


def test_a_page_of_catalogs_reads_their_deliveries_once_and_keeps_each_its_own(
        api, merchant, smtp_server):
    from sqlalchemy import event

    delivered = built(catalog_job(merchant))
    deliver(delivered.id)
    smtp_server.refuse("550 5.1.1 Mailbox unavailable")
    failed = built(catalog_job(merchant))
    deliver(failed.id)
    smtp_server.refuse(None)
    waiting = built(catalog_job(merchant))
    reads: list[str] = []

    def count(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        if "FROM job_deliveries" in statement:
            reads.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        listed = api.get("/api/jobs", query_string={"kind": "build_catalog"}).get_json()["data"]
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(reads) == 1  # one read for the page, not two per job
    by_id = {job["id"]: job for job in listed}
    texts = {job_id: [o["text"] for o in by_id[job_id]["kind_info"]["outcome"]]
             for job_id in (delivered.id, failed.id, waiting.id)}
    assert texts[delivered.id] == ["Files ready", "Emailed to customer"]
    assert "Email failed" in texts[failed.id]
    assert texts[waiting.id] == ["Files ready"]
    assert by_id[delivered.id]["delivery"]["email"]["status"] == "sent"
    assert by_id[waiting.id]["delivery"] == {}
    # A job's own page still reads its deliveries fresh.
    single = api.get(f"/api/jobs/{failed.id}").get_json()["data"]
    assert single["delivery"]["email"]["status"] == "failed"
