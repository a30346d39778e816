"""Search at scale (FTS5 / trigram), the monitor's maintained totals and list totals."""
from __future__ import annotations

from sqlalchemy import delete, func, select, update

from shopify_app.extensions import db
from shopify_app.jobs import search
from shopify_app.models import Job, Shop, ShopJobTotals
from tests.integration.jobs.test_lifecycle import create


def _found(api, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    response = api.get("/api/jobs", query_string={"q": query})
    assert response.status_code == 200, response.get_json()
    return [job["title"] for job in response.get_json()["data"]]


def test_search_finds_word_prefixes_any_case_and_accents(api):
    create(api, count=0, title="Crème brûlée launch", customer_name="Société Générale",
           reference="PO-2041")
    create(api, count=0, title="Winter boots", customer_name="Globex", reference="REF_7")
    assert _found(api, "creme") == ["Crème brûlée launch"]
    assert _found(api, "CRÈME BRÛ") == ["Crème brûlée launch"]
    assert _found(api, "soci") == ["Crème brûlée launch"]
    assert _found(api, "generale") == ["Crème brûlée launch"]
    assert _found(api, "po-204") == ["Crème brûlée launch"]
    assert _found(api, "wint") == ["Winter boots"]
    assert _found(api, "ref_7") == ["Winter boots"]
    assert _found(api, "ref%7") == []  # typed wildcards stay literal
    assert _found(api, "boots winter") == []  # words keep their order, as with LIKE
    assert _found(api, '"*) OR jobs_fts MATCH (') == []  # FTS syntax is only text
    assert _found(api, "   ") == ["Winter boots", "Crème brûlée launch"]


def test_search_finds_a_jobs_products(api, run_worker):
    create(api, count=3, title="Three counters")
    create(api, count=0, title="Nothing to do")
    run_worker()
    assert _found(api, "product 2") == ["Three counters"]
    assert _found(api, "product 9") == []


def test_search_index_follows_updates_and_deletes(api):
    job = create(api, count=0, title="Autumn sale")
    db.session.execute(update(Job).where(Job.id == job["id"])
                       .values(search_text=search.search_document(["Spring sale"])))
    db.session.commit()
    assert _found(api, "autumn") == []
    assert _found(api, "spring") == ["Autumn sale"]  # the title shown is unchanged
    db.session.execute(delete(Job).where(Job.id == job["id"]))
    db.session.commit()
    assert _found(api, "spring") == []


def test_search_is_scoped_to_the_shop(api):
    create(api, count=0, title="Private launch")
    stranger = api.as_user("900", shop="other-shop.myshopify.com")
    body = stranger.get("/api/jobs", query_string={"q": "private"}).get_json()
    assert body["data"] == [] and body["meta"]["results"]["total"] == 0
    assert _found(api, "private") == ["Private launch"]


def _totals(shop_id: int) -> dict[str, int]:
    row = db.session.execute(select(
        func.coalesce(func.sum(ShopJobTotals.jobs), 0),
        func.coalesce(func.sum(ShopJobTotals.succeeded), 0),
        func.coalesce(func.sum(ShopJobTotals.published), 0),
        func.coalesce(func.sum(ShopJobTotals.pending_review), 0),
    ).where(ShopJobTotals.shop_id == shop_id)).one()
    return dict(zip(("jobs", "succeeded", "published", "pending_review"), row, strict=True))


def _sums(shop_id: int) -> dict[str, int]:
    row = db.session.execute(select(
        func.count(), func.coalesce(func.sum(Job.succeeded), 0),
        func.coalesce(func.sum(Job.published), 0), func.coalesce(func.sum(Job.pending_review), 0),
    ).where(Job.shop_id == shop_id)).one()
    return dict(zip(("jobs", "succeeded", "published", "pending_review"), row, strict=True))


def test_job_totals_follow_every_change_and_feed_the_monitor(api, run_worker):
    first = create(api, count=30, title="Thirty")
    create(api, count=12, title="Twelve", fail=[3])
    run_worker()
    shop_id = db.session.scalar(select(Job.shop_id).where(Job.id == first["id"]))
    assert _totals(shop_id) == _sums(shop_id)
    assert _totals(shop_id)["succeeded"] == 41

    db.session.execute(update(Job).where(Job.id == first["id"])
                       .values(published=7, pending_review=3))
    db.session.commit()
    assert _totals(shop_id) == _sums(shop_id)
    kpis = api.get("/api/monitor").get_json()["data"]["kpis"]
    assert kpis["items_published"] == 7 and kpis["awaiting_review"] == 3
    assert kpis["jobs_today"] == 2 and kpis["running"] == 0

    db.session.execute(delete(Job).where(Job.id == first["id"]))
    db.session.commit()
    assert _totals(shop_id) == _sums(shop_id)
    assert _totals(shop_id)["jobs"] == 1
    kpis = api.get("/api/monitor").get_json()["data"]["kpis"]
    assert kpis["items_published"] == 0 and kpis["jobs_today"] == 1


def test_long_filtered_lists_give_an_estimate_on_postgresql_and_exact_counts_elsewhere(
        api, monkeypatch):
    for n in range(6):
        create(api, count=0, title=f"Job {n}")
    monkeypatch.setattr(search, "EXACT_TOTAL_LIMIT", 3)
    # A filter the maintained totals do not know (mode): counted up to the limit.
    filtered = {"limit": 2, "mode": "production"}
    body = api.get("/api/jobs", query_string=filtered).get_json()
    results = body["meta"]["results"]
    if db.engine.dialect.name == "postgresql":
        assert results["approximate"] is True and results["total"] >= 4
    else:
        assert results == {"total": 6, "approximate": False}
    # Later pages carry the first page's figure and flag.
    second = api.get("/api/jobs", query_string={**filtered,
                                                "cursor": body["meta"]["next_cursor"]})
    assert second.get_json()["meta"]["results"] == results
    # Without such filters the maintained totals give the exact figure on both databases.
    unfiltered = api.get("/api/jobs", query_string={"limit": 2}).get_json()["meta"]["results"]
    assert unfiltered == {"total": 6, "approximate": False}
    # A word that few jobs of all shops hold is read by rowid on SQLite: counted exactly
    # even past the exact-count limit (PostgreSQL estimates past it, as for any filter).
    monkeypatch.setattr(search, "FTS_DIRECT_LIMIT", 10)
    direct = api.get("/api/jobs", query_string={"q": "job", "limit": 2}).get_json()
    assert [job["title"] for job in direct["data"]] == ["Job 5", "Job 4"]
    if db.engine.dialect.name == "sqlite":
        assert direct["meta"]["results"] == {"total": 6, "approximate": False}
    # A search for a word most jobs hold is estimated on every database.
    monkeypatch.setattr(search, "FTS_DIRECT_LIMIT", 3)
    common = api.get("/api/jobs", query_string={"q": "job", "limit": 2}).get_json()
    assert common["meta"]["results"]["approximate"] is True
    assert 4 <= common["meta"]["results"]["total"] <= 12
    assert [job["title"] for job in common["data"]] == ["Job 5", "Job 4"]
    rare = api.get("/api/jobs", query_string={"q": "job 3"}).get_json()
    assert rare["meta"]["results"] == {"total": 1, "approximate": False}
    monkeypatch.setattr(search, "EXACT_TOTAL_LIMIT", 1000)
    exact = api.get("/api/jobs", query_string={"q": "job"}).get_json()["meta"]["results"]
    assert exact == {"total": 6, "approximate": False}


def test_shop_deletion_takes_its_totals(api):
    job = create(api, count=0, title="Gone soon")
    shop_id = db.session.scalar(select(Job.shop_id).where(Job.id == job["id"]))
    db.session.execute(delete(Shop).where(Shop.id == shop_id))
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(ShopJobTotals)
                             .where(ShopJobTotals.shop_id == shop_id)) == 0


def _archived_totals(shop_id: int) -> int:
    return db.session.scalar(select(func.coalesce(func.sum(ShopJobTotals.archived), 0))
                             .where(ShopJobTotals.shop_id == shop_id))


def test_unfiltered_list_totals_come_exact_from_the_maintained_totals(api, run_worker,
                                                                       monkeypatch):
    jobs = [create(api, count=1, title=f"Job {n}") for n in range(5)]
    run_worker()
    for job in jobs[:2]:
        assert api.post(f"/api/jobs/{job['id']}/archive").status_code == 200
    shop_id = db.session.scalar(select(Job.shop_id).where(Job.id == jobs[0]["id"]))
    assert _archived_totals(shop_id) == 2
    # Past the exact-count limit these lists still say exactly how many, without counting.
    monkeypatch.setattr(search, "EXACT_TOTAL_LIMIT", 1)

    def results(**query: str) -> dict[str, object]:
        response = api.get("/api/jobs", query_string={"limit": 1, **query})
        assert response.status_code == 200, response.get_json()
        return response.get_json()["meta"]["results"]

    assert results() == {"total": 3, "approximate": False}
    assert results(archived="true") == {"total": 2, "approximate": False}
    assert results(archived="all") == {"total": 5, "approximate": False}
    assert results(kind="counter") == {"total": 3, "approximate": False}
    assert results(kind="shout") == {"total": 0, "approximate": False}
    # Unarchiving, and another shop's jobs, move only what they should.
    assert api.post(f"/api/jobs/{jobs[0]['id']}/unarchive").status_code == 200
    stranger = api.as_user("900", shop="other-shop.myshopify.com")
    assert stranger.post("/api/jobs", json={"kind": "counter", "count": 0}).status_code == 201
    assert results() == {"total": 4, "approximate": False}
    assert _archived_totals(shop_id) == 1
    db.session.execute(delete(Job).where(Job.id == jobs[1]["id"]))
    db.session.commit()
    assert _archived_totals(shop_id) == 0
    assert results(archived="all") == {"total": 4, "approximate": False}
    assert stranger.get("/api/jobs").get_json()["meta"]["results"]["total"] == 1
