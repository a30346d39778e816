"""GET /metrics: every process's counters, live queue depths, and the bearer token."""
from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from shopify_app.extensions import db
from shopify_app.models import Job
from tests.integration.jobs.test_lifecycle import create

TOKEN = "metrics-token-0123456789"


def _scrape(client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:  # type: ignore[no-untyped-def]
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.data
    assert response.headers["Content-Type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def test_a_real_worker_moves_the_item_counter_and_drains_the_queues(
        app, client, api, worker_processes, tmp_path):
    directory = tmp_path / "metrics"
    directory.mkdir()
    app.config.update(SHELF_METRICS_TOKEN=TOKEN, PROMETHEUS_MULTIPROC_DIR=str(directory))
    job = create(api, count=30, title="Measured", fail=[4])

    before = _scrape(client)
    assert sum(value for (name, _), value in before.items()
               if name == "shelf_queue_depth") >= 1  # the job's first task waits
    assert before[("shelf_jobs", (("status", "pending"),))] == 1
    succeeded = ("shelf_items_processed_total", (("kind", "counter"), ("outcome", "succeeded")))
    assert before.get(succeeded, 0) == 0

    (worker,) = worker_processes(1, PROMETHEUS_MULTIPROC_DIR=str(directory))
    assert worker.wait(timeout=120) == 0
    db.session.expire_all()
    assert db.session.get(Job, job["id"]).status == "completed_with_errors"

    after = _scrape(client)
    assert after[succeeded] == 29
    assert after[("shelf_items_processed_total",
                  (("kind", "counter"), ("outcome", "failed")))] == 1
    assert after[("shelf_jobs_finished_total",
                  (("kind", "counter"), ("status", "completed_with_errors")))] == 1
    for queue in ("high", "default", "low"):
        assert after[("shelf_queue_depth", (("queue", queue),))] == 0
    assert after[("shelf_jobs", (("status", "pending"),))] == 0
    assert after[("shelf_jobs", (("status", "processing"),))] == 0


def test_metrics_refuse_a_missing_or_wrong_token(app, client):
    app.config.update(SHELF_METRICS_TOKEN=TOKEN)
    for headers in ({}, {"Authorization": "Bearer wrong-token"}, {"Authorization": TOKEN},
                    {"Authorization": f"Basic {TOKEN}"}, {"Authorization": f"Bearer {TOKEN}x"}):
        response = client.get("/metrics", headers=headers)
        assert response.status_code == 401, headers
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert b"shelf_" not in response.data


def test_metrics_do_not_exist_without_a_token(app, client):
    app.config.update(SHELF_METRICS_TOKEN="")
    response = client.get("/metrics", headers={"Authorization": "Bearer "})
    assert response.status_code == 404


def test_metrics_in_one_process_without_a_directory(app, client, api, run_worker):
    app.config.update(SHELF_METRICS_TOKEN=TOKEN, PROMETHEUS_MULTIPROC_DIR="")
    key = ("shelf_items_processed_total", (("kind", "counter"), ("outcome", "succeeded")))
    start = _scrape(client).get(key, 0)
    create(api, count=5, title="In process")
    run_worker()
    assert _scrape(client)[key] == start + 5
