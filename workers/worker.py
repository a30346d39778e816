"""Run an RQ worker on Shelf's queues: `python -m workers.worker [--burst]`."""
from __future__ import annotations

import argparse
import logging
from datetime import UTC, datetime, timedelta

from rq import Queue, SimpleWorker
from rq.registry import ScheduledJobRegistry

from workers.context import worker_app

REAPER_PREFIX = "shelf-reaper-"
REAPER_EVERY = timedelta(minutes=1)


def schedule_reaper(queue: Queue, *, chained: bool = False) -> None:
    """Book the next reaper run.

    The job id is derived from the minute it runs in, so any number of workers
    booking the same run make one job; at start-up a worker only books when no
    run is booked yet, so restarts do not start a second chain.
    """
    if not chained:
        booked = ScheduledJobRegistry(queue=queue).get_job_ids()
        if any(job_id.startswith(REAPER_PREFIX) for job_id in booked):
            return
    run_at = datetime.now(UTC) + REAPER_EVERY
    job_id = f"{REAPER_PREFIX}{int(run_at.timestamp()) // 60}"
    queue.enqueue_at(run_at, "workers.tasks.reap_and_reschedule", job_id=job_id)


class ShelfWorker(SimpleWorker):
    """An RQ worker that books the periodic reaper when it starts.

    Use it from the RQ CLI: `rq worker -w workers.worker.ShelfWorker ...`.
    """

    def work(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        app = worker_app()
        with app.app_context():
            schedule_reaper(app.extensions["queues"]["low"])
        return super().work(*args, **kwargs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--burst", action="store_true", help="exit when the queues are empty")
    args = parser.parse_args()
    app = worker_app()
    with app.app_context():
        queues = app.extensions["queues"]
        ordered = [queues[name] for name in ("high", "default", "low")]
        logging.getLogger(__name__).info("worker listening on %s",
                                         ", ".join(q.name for q in ordered))
        ShelfWorker(ordered, connection=app.extensions["redis"]).work(
            burst=args.burst, with_scheduler=True)


if __name__ == "__main__":
    main()
