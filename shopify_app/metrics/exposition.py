"""What `/metrics` serves: every process's counters plus figures read at scrape time.

Queue depths and the number of unfinished jobs by status are read when scraped
(from Redis and from the status index), so they are right whichever process
answers and need no bookkeeping.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from rq.registry import StartedJobRegistry
from sqlalchemy import func, select

from shopify_app import metrics
from shopify_app.extensions import db
from shopify_app.models import Job
from shopify_app.models.job import ACTIVE_STATUSES

# Finished statuses grow without end; their rate is shelf_jobs_finished_total.
LIVE_STATUSES = (*ACTIVE_STATUSES, "review")


class LiveFigures:
    """A collector of the figures read at scrape time."""

    def __init__(self, queues: dict[str, Any]) -> None:
        self.queues = queues

    def describe(self) -> list[Any]:
        return []

    def collect(self) -> Iterator[GaugeMetricFamily]:
        depth = GaugeMetricFamily("shelf_queue_depth", "RQ jobs waiting in a queue",
                                  labels=["queue"])
        running = GaugeMetricFamily("shelf_queue_started", "RQ jobs being worked on",
                                    labels=["queue"])
        for name, queue in self.queues.items():
            depth.add_metric([name], queue.count)
            running.add_metric([name], StartedJobRegistry(queue=queue).count)
        yield depth
        yield running
        counts = dict(db.session.execute(
            select(Job.status, func.count()).where(Job.status.in_(LIVE_STATUSES))
            .group_by(Job.status)).all())
        db.session.rollback()  # end the read; a scrape holds no transaction open
        jobs = GaugeMetricFamily("shelf_jobs", "Unfinished jobs by status", labels=["status"])
        for status in LIVE_STATUSES:
            jobs.add_metric([status], counts.get(status, 0))
        yield jobs


def render(queues: dict[str, Any], multiprocess_dir: str | None) -> bytes:
    """The Prometheus text exposition of every metric."""
    registry = CollectorRegistry()
    if multiprocess_dir:
        MultiProcessCollector(registry, path=multiprocess_dir)
    else:
        registry.register(_Local())
    registry.register(LiveFigures(queues))
    return generate_latest(registry)


class _Local:
    """This process's own metrics, when no multiprocess directory is configured."""

    def describe(self) -> list[Any]:
        return []

    def collect(self) -> Iterator[Any]:
        return metrics.REGISTRY.collect()
