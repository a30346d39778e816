"""Each worker's maintenance rounds: one reaper per interval across workers, whatever happens."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import redis

from shopify_app.extensions import queues
from shopify_app.jobs import keys
from workers import tasks
from workers.maintenance import Maintenance, enqueue_due_jobs


def _due_now(maintenance: Maintenance) -> None:
    maintenance.next_reap = 0.0


def _worker(app, calls: list[str], name: str, fail: bool = False) -> Maintenance:  # type: ignore[no-untyped-def]
    def reap() -> None:
        calls.append(name)
        if fail:
            raise RuntimeError("a bug in one round")

    return Maintenance(app, reap=reap)


def test_one_worker_runs_each_round_and_any_survivor_runs_the_next(app, redis_client):
    app.config["SHELF_REAPER_INTERVAL"] = 0.2
    calls: list[str] = []
    first, second = _worker(app, calls, "first"), _worker(app, calls, "second")

    first.tick()
    second.tick()
    assert calls == ["first"]  # the lock decided: one round, one worker
    assert 0 < redis_client.pttl(keys.REAPER_LOCK) <= 200

    # "first" dies; its lock simply runs out and the survivor takes the next round.
    redis_client.delete(keys.REAPER_LOCK)
    _due_now(second)
    second.tick()
    assert calls == ["first", "second"]


def test_a_round_that_raises_does_not_stop_the_next(app, redis_client, caplog):
    calls: list[str] = []
    worker = _worker(app, calls, "w", fail=True)

    worker.tick()
    redis_client.delete(keys.REAPER_LOCK)
    _due_now(worker)
    worker.tick()

    assert calls == ["w", "w"]
    assert "reaper failed" in caplog.text


def test_rounds_go_on_after_redis_loses_everything(app, redis_client):
    calls: list[str] = []
    worker = _worker(app, calls, "w")
    worker.tick()
    redis_client.flushdb()  # a restart without persistence: nothing is booked to lose
    _due_now(worker)
    worker.tick()
    assert calls == ["w", "w"]


def test_rounds_go_on_while_redis_is_down(app, caplog):
    calls: list[str] = []
    worker = _worker(app, calls, "w")
    original = app.extensions["redis"]
    app.extensions["redis"] = redis.Redis(port=1, socket_connect_timeout=0.2)  # nobody there
    try:
        worker.tick()  # logged, not raised
    finally:
        app.extensions["redis"] = original
    assert calls == [] and "Redis unavailable" in caplog.text
    _due_now(worker)
    worker.tick()
    assert calls == ["w"]


def test_due_delayed_jobs_move_onto_their_queue_once(app, redis_client):
    queue = queues.get("default")
    queue.enqueue_at(datetime.now(UTC) - timedelta(seconds=1), tasks.reap, job_id="due")
    queue.enqueue_at(datetime.now(UTC) + timedelta(hours=1), tasks.reap, job_id="later")

    assert enqueue_due_jobs(redis_client, queues.all()) == 1
    assert enqueue_due_jobs(redis_client, queues.all()) == 0
    assert queue.job_ids == ["due"]


def test_the_interval_comes_from_the_configuration(make_app):
    assert Maintenance(make_app(SHELF_REAPER_INTERVAL="0.5")).interval == 0.5
    assert Maintenance(make_app()).interval == keys.DEFAULT_REAPER_INTERVAL
