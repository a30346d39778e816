"""Pause and resume: nothing new starts while paused, a pause survives every process
dying, and a resumed job finishes with every item processed and published once."""
from __future__ import annotations

import redis
from sqlalchemy import func, select

from shopify_app.extensions import db
from shopify_app.models import Job, JobEvent, JobItem
from tests.helpers import kill_tree
from tests.integration.jobs.test_kind_plugin import _items, store  # noqa: F401 — fixture
from tests.integration.jobs.test_lifecycle import create


def _job(job_id: str) -> Job:
    db.session.rollback()
    return db.session.get(Job, job_id, populate_existing=True)


def _in_flight(job_id: str) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(JobItem).where(
        JobItem.job_id == job_id, JobItem.status == "processing")) or 0


def _queues_idle(app) -> bool:  # type: ignore[no-untyped-def]
    """No batch waits in a queue and none is being worked on."""
    from rq.registry import StartedJobRegistry

    queues = app.extensions["queues"]
    return all(q.count == 0 and StartedJobRegistry(queue=q).count == 0
               for q in (queues["high"], queues["default"], queues["low"]))


def test_pause_kill_every_worker_restart_resume_runs_every_item_once(
        api, app, worker_processes, wait_for, redis_url):
    job = create(api, count=400, sleep=0.01)
    workers = worker_processes(2, burst=False)
    wait_for(lambda: _job(job["id"]).succeeded >= 100, timeout=90, interval=0.01)

    paused = api.post(f"/api/jobs/{job['id']}/pause")
    assert paused.status_code == 200, paused.get_json()
    assert paused.get_json()["data"]["status"] == "paused"
    assert paused.get_json()["data"]["paused_by"] == "1"
    # Items in flight finish; queued batches find the job paused and start nothing.
    wait_for(lambda: _in_flight(job["id"]) == 0 and _queues_idle(app), timeout=60)
    stopped = _job(job["id"])
    assert stopped.status == "paused" and stopped.succeeded < 400
    pending = db.session.scalar(select(func.count()).select_from(JobItem).where(
        JobItem.job_id == job["id"], JobItem.status == "pending"))
    assert pending == 400 - stopped.succeeded

    for proc in workers:  # every process dies
        kill_tree(proc.pid)
        proc.wait(timeout=10)
    listed = api.get("/api/jobs", query_string={"status": "paused"}).get_json()["data"]
    assert [j["id"] for j in listed] == [job["id"]]
    assert api.post(f"/api/jobs/{job['id']}/pause").status_code == 409
    bad = api.post(f"/api/jobs/{job['id']}/resume", json={"now": True})
    assert bad.status_code == 422 and "now" in bad.get_data(as_text=True)

    resumed = api.post(f"/api/jobs/{job['id']}/resume")
    assert resumed.status_code == 200 and resumed.get_json()["data"]["status"] == "processing"
    assert resumed.get_json()["data"]["paused_by"] is None
    worker_processes(2, burst=False)
    wait_for(lambda: _job(job["id"]).status == "completed", timeout=120)

    done = _job(job["id"])
    assert (done.total, done.succeeded, done.failed, done.skipped) == (400, 400, 0, 0)
    runs = {int(k): int(v) for k, v in
            redis.Redis.from_url(redis_url).hgetall(f"counter:{job['id']}").items()}
    assert len(runs) == 400 and set(runs.values()) == {1}  # every item exactly once
    actions = list(db.session.scalars(select(JobEvent.action).where(
        JobEvent.job_id == job["id"]).order_by(JobEvent.id)))
    assert actions.count("paused") == 1 and actions.count("resumed") == 1


def test_paused_publishing_writes_nothing_until_resumed(api, store, run_worker):  # noqa: F811
    created = api.post("/api/jobs", json={"kind": "shout", "keys": ["a", "b", "c"]})
    job_id = created.get_json()["data"]["id"]
    run_worker()
    assert api.post(f"/api/jobs/{job_id}/publish", json={}).status_code == 202
    paused = api.post(f"/api/jobs/{job_id}/pause")
    assert paused.status_code == 200, paused.get_json()
    run_worker()  # the queued writes find the job paused
    assert store.get("a") == "sale"
    assert {i["publish_status"] for i in _items(api, job_id).values()} == {"publishing"}
    job = api.get(f"/api/jobs/{job_id}").get_json()["data"]
    assert job["status"] == "paused" and job["counts"]["published"] == 0

    assert api.post(f"/api/jobs/{job_id}/resume").status_code == 200
    run_worker()
    assert (store.get("a"), store.get("b"), store.get("c")) == ("SALE!", "NEW IN!", "LAST CHANCE!")
    job = api.get(f"/api/jobs/{job_id}").get_json()["data"]
    assert job["status"] == "completed" and job["counts"]["published"] == 3
    publishes = db.session.scalar(select(func.count()).select_from(JobEvent).where(
        JobEvent.job_id == job_id, JobEvent.action == "publish"))
    assert publishes == 3


def test_pause_rules_roles_and_other_shops(api, run_worker):
    job = create(api, count=3)
    stranger = api.as_user("900", shop="other-shop.myshopify.com")
    assert stranger.post(f"/api/jobs/{job['id']}/pause").status_code == 404
    paused = api.post(f"/api/jobs/{job['id']}/pause")  # still pending: not fanned out yet
    assert paused.status_code == 200
    run_worker()  # the fan-out finds it paused
    assert _job(job["id"]).total == 0
    cancelled = api.post(f"/api/jobs/{job['id']}/cancel")
    assert cancelled.status_code == 200 and cancelled.get_json()["data"]["status"] == "cancelled"
    assert api.post(f"/api/jobs/{job['id']}/resume").status_code == 409

    other = create(api, count=3)
    assert api.post(f"/api/jobs/{other['id']}/pause").status_code == 200
    assert api.post(f"/api/jobs/{other['id']}/resume").status_code == 200
    run_worker()
    done = _job(other["id"])
    assert (done.status, done.succeeded) == ("completed", 3)
    assert api.post(f"/api/jobs/{other['id']}/pause").status_code == 409
