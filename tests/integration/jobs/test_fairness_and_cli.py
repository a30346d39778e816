"""Fair scheduling between shops' jobs, and the `flask jobs` commands."""
from __future__ import annotations

from rq import SimpleWorker

from shopify_app.extensions import db
from shopify_app.models import Job
from tests.integration.jobs.test_lifecycle import create


def test_a_big_job_does_not_starve_another_shops_job(api, app):
    big = create(api, count=2500)  # lands in a lower-priority queue
    other = api.as_user("900", shop="other-shop.myshopify.com")
    second = other.post("/api/jobs", json={"kind": "counter", "count": 2500}).get_json()["data"]
    small = other.post("/api/jobs", json={"kind": "counter", "count": 10}).get_json()["data"]
    queues = app.extensions["queues"]
    worker = SimpleWorker([queues[n] for n in ("high", "default", "low")],
                          connection=app.extensions["redis"])
    worker.work(burst=True, max_jobs=14)

    first_job = db.session.get(Job, big["id"], populate_existing=True)
    second_job = db.session.get(Job, second["id"], populate_existing=True)
    assert db.session.get(Job, small["id"], populate_existing=True).status == "completed"
    # Both big jobs advanced: the second did not wait for the first's 50 batches.
    assert 0 < first_job.succeeded < 2500 and 0 < second_job.succeeded < 2500


def test_jobs_cli_create_list_watch(api, app, run_worker):
    api.get("/api/me")  # installs the shop
    runner = app.test_cli_runner()
    created = runner.invoke(args=["jobs", "create", "test-shop.myshopify.com", "counter",
                                  "--title", "From the CLI", "--json", '{"count": 7}'])
    assert created.exit_code == 0, created.output
    job_id = created.output.strip()
    listed = runner.invoke(args=["jobs", "list", "test-shop.myshopify.com"])
    assert job_id in listed.output and "From the CLI" in listed.output
    assert "1 jobs" in listed.output
    run_worker()
    watched = runner.invoke(args=["jobs", "watch", job_id, "--interval", "0.05"])
    assert watched.exit_code == 0
    assert "completed: 7 succeeded, 0 failed, 0 skipped" in watched.output
    refused = runner.invoke(args=["jobs", "create", "test-shop.myshopify.com", "counter",
                                  "--json", '{"count": -5}'])
    assert refused.exit_code != 0 and "count must be" in refused.output
    unknown = runner.invoke(args=["jobs", "list", "nobody.myshopify.com"])
    assert unknown.exit_code != 0 and "No shop" in unknown.output
