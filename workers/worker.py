"""Run a worker on Shelf's queues: `python -m workers.worker [--burst] [--queues NAMES]`.

`--queues high` gives interactive work workers of its own; the default takes from
every queue, `high` first."""
from __future__ import annotations

import argparse
import logging
import time
from contextlib import suppress
from typing import Any

import redis
from rq import SimpleWorker, worker_registration
from rq.utils import now

from shopify_app.extensions import QUEUE_NAMES
from workers.context import worker_app
from workers.maintenance import Maintenance

log = logging.getLogger(__name__)
REDIS_RETRY_SECONDS = 1.0


class ShelfWorker(SimpleWorker):
    """An RQ worker (no fork) that keeps going through Redis restarts and takes part in
    maintenance (reaper, delayed jobs) on its own thread; see workers.maintenance.

    RQ's scheduler process is not used: `with_scheduler` is ignored. The RQ CLI works
    too: `rq worker -w workers.worker.ShelfWorker ...`.
    """

    # Redis back after a restart: notice within seconds, not RQ's default minute.
    max_connection_wait_time = 5.0
    # Set by SIGTERM/SIGINT. RQ's own flag stays unset when the worker was idle.
    shutting_down = False

    def request_stop(self, signum: Any, frame: Any) -> None:
        self.shutting_down = True
        super().request_stop(signum, frame)

    def work(self, burst: bool = False, **kwargs: Any) -> bool:  # type: ignore[override]
        kwargs.pop("with_scheduler", None)
        maintenance = Maintenance(worker_app(), on_tick=self.stay_registered)
        maintenance.start()
        worked = False
        try:
            while True:
                try:
                    worked = super().work(burst=burst, **kwargs) or worked
                except redis.RedisError as exc:
                    log.warning("worker %s lost Redis: %s", self.name, exc)
                if self.shutting_down or self._stop_requested or burst \
                        or kwargs.get("max_jobs") or kwargs.get("max_idle_time"):
                    return worked
                # RQ's loop gave up (Redis went away mid-job, or timed out): wait for
                # Redis, then register again and carry on.
                time.sleep(REDIS_RETRY_SECONDS)
                self._wait_for_redis()
                self._forget_registration()
        finally:
            maintenance.stop()

    def register_birth(self) -> None:
        # The name is ours alone (RQ makes a random one); a registration that
        # stay_registered put back while Redis was returning must not block start-up.
        self.connection.delete(self.key)
        super().register_birth()

    def _wait_for_redis(self) -> None:
        while not self.shutting_down:
            try:
                self.connection.ping()
                return
            except redis.RedisError:
                time.sleep(REDIS_RETRY_SECONDS)

    def _forget_registration(self) -> None:
        """Leave Redis as RQ's start-up expects: no live worker under this name."""
        with suppress(Exception):
            self.unsubscribe()
        with suppress(redis.RedisError):
            self.register_death()

    def stay_registered(self) -> None:
        """After a Redis flush or restart, put this worker back in RQ's worker list."""
        if self.shutting_down or self.connection.sismember(
                worker_registration.REDIS_WORKER_KEYS, self.key):
            return
        if self.birth_date is None:
            return  # not started yet
        log.info("worker %s registering again after Redis lost it", self.name)
        with self.connection.pipeline() as pipe:
            self.last_heartbeat = now()
            pipe.hset(self.key, mapping=self.serialize())
            worker_registration.register(self, pipe)
            pipe.expire(self.key, self.worker_ttl + 60)
            pipe.execute()


def parse_queues(text: str) -> list[str]:
    """`high,default` → the queue names, in the order given (the worker's priority)."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise argparse.ArgumentTypeError(
            f"name at least one queue: {', '.join(QUEUE_NAMES)}")
    for name in names:
        if name not in QUEUE_NAMES:
            raise argparse.ArgumentTypeError(
                f"unknown queue {name[:40]!r}; the queues are {', '.join(QUEUE_NAMES)}")
    if len(set(names)) != len(names):
        raise argparse.ArgumentTypeError("a queue is named twice")
    return names


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--burst", action="store_true", help="exit when the queues are empty")
    parser.add_argument("--queues", type=parse_queues, default=list(QUEUE_NAMES),
                        metavar="NAMES",
                        help="comma-separated queues to take work from, in priority order "
                             f"(default: {','.join(QUEUE_NAMES)})")
    args = parser.parse_args(argv)
    app = worker_app()
    with app.app_context():
        from shopify_app.extensions import queues, redis_ext

        ordered = [queues.get(name) for name in args.queues]
        log.info("worker listening on %s", ", ".join(q.name for q in ordered))
        ShelfWorker(ordered, connection=redis_ext.client).work(burst=args.burst)


if __name__ == "__main__":
    main()
