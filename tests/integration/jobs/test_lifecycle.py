"""Jobs run on real RQ workers: exact counts, failures, retries, cancel, delete rules."""
from __future__ import annotations

import redis
from sqlalchemy import func, select

from shopify_app.extensions import db
from shopify_app.models import Job, JobEvent, JobItem


def create(api, **body):  # type: ignore[no-untyped-def]
    response = api.post("/api/jobs", json={"kind": "counter", **body})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["data"]


def test_job_runs_to_completed_with_exact_counts(api, run_worker):
    job = create(api, count=120, title="Spring counters")
    assert job["status"] == "pending" and job["strategy"] == "review"
    assert job["created_by"] == "1" and job["request_id"]
    run_worker()

    done = api.get(f"/api/jobs/{job['id']}").get_json()["data"]
    assert done["status"] == "completed"
    assert done["counts"] == {"total": 120, "succeeded": 120, "failed": 0, "skipped": 0,
                              "published": 0, "pending_review": 0, "flagged": 0}
    assert done["progress"] == 100
    assert done["started_at"] and done["completed_at"]
    assert done["usage"]["tokens_in"] == 120 and done["usage"]["tokens_out"] == 240
    items = api.get(f"/api/jobs/{job['id']}/items?limit=100").get_json()
    assert items["meta"]["results"]["total"] == 120
    assert {i["status"] for i in items["data"]} == {"succeeded"}
    assert items["data"][0]["proposed"] == "value 0"


def test_1000_items_across_two_worker_processes(api, app, worker_processes, wait_for, redis_url):
    job = create(api, count=1000)
    procs = worker_processes(2, burst=False)
    wait_for(lambda: db.session.get(Job, job["id"], populate_existing=True).status
             not in ("pending", "processing"), timeout=120)
    for proc in procs:
        proc.terminate()

    stored = db.session.get(Job, job["id"], populate_existing=True)
    assert stored.status == "completed"
    assert (stored.total, stored.succeeded, stored.failed, stored.skipped) == (1000, 1000, 0, 0)
    runs = redis.Redis.from_url(redis_url).hgetall(f"counter:{job['id']}")
    assert len(runs) == 1000 and {int(v) for v in runs.values()} == {1}
    assert db.session.scalar(select(func.count()).select_from(JobItem).where(
        JobItem.job_id == job["id"], JobItem.status == "succeeded")) == 1000


def test_failures_give_completed_with_errors_and_retry_reruns_only_failed(
        api, run_worker, redis_url):
    job = create(api, count=30, fail=[3, 17])
    run_worker()
    data = api.get(f"/api/jobs/{job['id']}").get_json()["data"]
    assert data["status"] == "completed_with_errors"
    assert (data["counts"]["succeeded"], data["counts"]["failed"]) == (28, 2)
    failed = api.get(f"/api/jobs/{job['id']}/items?status=failed").get_json()["data"]
    assert [i["error"] for i in failed] == ["Item 3 is broken on purpose",
                                            "Item 17 is broken on purpose"]

    runs_before = redis.Redis.from_url(redis_url).hgetall(f"counter:{job['id']}")
    retried = api.post(f"/api/jobs/{job['id']}/retry")
    assert retried.status_code == 200
    assert retried.get_json()["data"]["status"] == "processing"
    run_worker()
    runs_after = redis.Redis.from_url(redis_url).hgetall(f"counter:{job['id']}")
    rerun = {k for k in runs_after if runs_after[k] != runs_before.get(k)}
    assert rerun == {str(i["id"]).encode() for i in failed}
    data = api.get(f"/api/jobs/{job['id']}").get_json()["data"]
    assert data["status"] == "completed_with_errors"  # they fail again, on purpose
    assert data["counts"]["failed"] == 2 and data["counts"]["succeeded"] == 28


def test_all_items_failing_fails_the_job_with_a_reason(api, run_worker):
    job = create(api, count=3, fail=[0, 1, 2])
    run_worker()
    data = api.get(f"/api/jobs/{job['id']}").get_json()["data"]
    assert data["status"] == "failed"
    assert "All 3 items failed" in data["error"] and "broken on purpose" in data["error"]


def test_transient_failures_are_retried_with_backoff(api, run_worker, app, monkeypatch):
    monkeypatch.setattr("shopify_app.jobs.batches.RETRY_DELAYS", (0,))
    job = create(api, count=5, flaky=[1, 4])
    run_worker()
    # The flaky items were scheduled again (delay 0 → the scheduler queues them); run them.
    from rq.registry import ScheduledJobRegistry

    for queue in app.extensions["queues"].values():
        registry = ScheduledJobRegistry(queue=queue)
        for rq_id in registry.get_job_ids():
            registry.remove(rq_id)
            queue.enqueue_job(queue.fetch_job(rq_id))
    run_worker()
    data = api.get(f"/api/jobs/{job['id']}").get_json()["data"]
    assert data["status"] == "completed"
    items = api.get(f"/api/jobs/{job['id']}/items").get_json()["data"]
    assert {i["attempts"] for i in items if i["product_id"].endswith(("/2", "/5"))} == {2}


def test_empty_job_completes(api, run_worker):
    job = create(api, count=0)
    run_worker()
    data = api.get(f"/api/jobs/{job['id']}").get_json()["data"]
    assert data["status"] == "completed" and data["counts"]["total"] == 0


def test_cancel_skips_pending_items(api, run_worker):
    job = create(api, count=200)
    from shopify_app.jobs import runner

    runner.fan_out(job["id"])  # items exist, no batch has run yet
    cancelled = api.post(f"/api/jobs/{job['id']}/cancel")
    assert cancelled.status_code == 200
    data = cancelled.get_json()["data"]
    assert data["status"] == "cancelled" and data["counts"]["skipped"] == 200
    run_worker()  # queued batches find the job cancelled and do nothing
    data = api.get(f"/api/jobs/{job['id']}").get_json()["data"]
    assert data["counts"]["succeeded"] == 0 and data["counts"]["skipped"] == 200
    again = api.post(f"/api/jobs/{job['id']}/cancel")
    assert again.status_code == 409


def test_delete_rules(api, run_worker):
    running = create(api, count=10)
    refused = api.delete(f"/api/jobs/{running['id']}")
    assert refused.status_code == 409
    assert "cancel it first" in refused.get_json()["errors"][0]["detail"]
    run_worker()
    assert api.delete(f"/api/jobs/{running['id']}").status_code == 204
    assert api.get(f"/api/jobs/{running['id']}").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(JobItem)) == 0
    assert db.session.scalar(select(func.count()).select_from(JobEvent)) == 0


def test_retry_offered_only_with_failed_items(api, run_worker):
    job = create(api, count=3)
    run_worker()
    response = api.post(f"/api/jobs/{job['id']}/retry")
    assert response.status_code == 409


def test_archive_and_unarchive(api, run_worker):
    job = create(api, count=2)
    assert api.post(f"/api/jobs/{job['id']}/archive").status_code == 409  # still pending
    run_worker()
    assert api.post(f"/api/jobs/{job['id']}/archive").get_json()["data"]["archived"] is True
    listed = api.get("/api/jobs").get_json()
    assert listed["meta"]["results"]["total"] == 0
    assert api.get("/api/jobs?archived=true").get_json()["meta"]["results"]["total"] == 1
    assert api.post(f"/api/jobs/{job['id']}/unarchive").get_json()["data"]["archived"] is False


def test_fan_out_and_batches_are_safe_to_run_twice(api, app, redis_url):
    job = create(api, count=60)
    from shopify_app.jobs import runner

    runner.fan_out(job["id"])
    runner.fan_out(job["id"])
    assert db.session.scalar(select(func.count()).select_from(JobItem)) == 60
    for _ in range(2):
        runner.process_batch(job["id"], 0)
        runner.process_batch(job["id"], 1)
    stored = db.session.get(Job, job["id"], populate_existing=True)
    assert (stored.status, stored.succeeded) == ("completed", 60)
    runs = redis.Redis.from_url(redis_url).hgetall(f"counter:{job['id']}")
    assert {int(v) for v in runs.values()} == {1}


def test_audit_trail_records_who_did_what(api, run_worker):
    job = create(api, count=2, fail=[0])
    run_worker()
    api.post(f"/api/jobs/{job['id']}/retry")
    actions = db.session.scalars(select(JobEvent.action).where(
        JobEvent.job_id == job["id"]).order_by(JobEvent.id)).all()
    assert actions == ["created", "retried"]
