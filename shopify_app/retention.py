"""Retention: purge the items of jobs that finished long ago, for shops that chose it.

Each shop decides in its settings: `retention_days` (0, the default, keeps
everything) and `retention_include_unpublished`. A daily task deletes the items
(the bulk of the database) of that shop's jobs that reached a final status more
than that many days ago. The job row, its counts and its audit trail always
stay, with an `items_purged` event.

Unless the merchant included them, a job of a publishing kind is left whole
while any of its results still needs the merchant or can still be undone: a
succeeded item that is unpublished, failed to publish or in conflict, or that is
published (a revert needs its original). Never purged, whatever the setting:
jobs in review, paused or still running, and a job with a result being
published at this moment.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import redis
from flask import current_app
from rq.job import Job as RQJob
from sqlalchemy import and_, delete, exists, select

from shopify_app.extensions import db
from shopify_app.models import Job, JobItem, Shop, ShopSettings
from shopify_app.models.job import FINISHED_STATUSES, UNDECIDED_STATUSES
from shopify_app.models.types import utcnow

log = logging.getLogger(__name__)

# Results that keep their job's items: waiting for a decision, or revertible.
KEPT_PUBLISH_STATUSES = (*UNDECIDED_STATUSES, "published")
# Kept even when the merchant included unpublished results: a write to the store in flight.
IN_FLIGHT_PUBLISH_STATUSES = ("publishing",)
DELETE_CHUNK = 5000
JOBS_PER_RUN = 500
MAX_ROUNDS = 40  # a night's run stops after this many rounds; the rest waits a day
RUN_HOUR_UTC = 3  # a quiet hour for most stores
TASK_PREFIX = "shelf-retention-"


@dataclass(frozen=True)
class Policy:
    """One shop's choice: purge after `days`, and whether unpublished results go too."""

    shop_id: int
    days: int
    include_unpublished: bool = False


def policies() -> list[Policy]:
    """Every shop that opted in, with its settings read the way its pages read them."""
    from shopify_app.settings import stored_settings

    # Only shops that ever saved a retention choice can have one (JSON text pre-filter).
    shops = db.session.scalars(select(Shop).join(ShopSettings, ShopSettings.shop_id == Shop.id)
                               .where(ShopSettings.data_json.like('%"retention_days"%'))
                               .order_by(Shop.id)).all()
    chosen = []
    for shop in shops:
        settings = stored_settings(shop)
        if settings["retention_days"] > 0:
            chosen.append(Policy(shop.id, settings["retention_days"],
                                 settings["retention_include_unpublished"]))
    return chosen


def _kept(job_id: Any, statuses: tuple[str, ...]) -> Any:
    return exists().where(JobItem.job_id == job_id, JobItem.status == "succeeded",
                          JobItem.publish_status.in_(statuses))


def _unpublishable_kinds() -> list[str]:
    """Kinds whose results never go to the store: nothing of theirs waits or reverts."""
    from shopify_app.jobs.kinds import registered

    return [kind.name for kind in registered()
            if not (kind.reviewable and kind.publisher is not None)]


def _protected(job: Any, include_unpublished: bool) -> Any:
    """SQL: the job's items must stay (its kind publishes and a result is kept)."""
    statuses = IN_FLIGHT_PUBLISH_STATUSES if include_unpublished else KEPT_PUBLISH_STATUSES
    return and_(Job.kind.not_in(_unpublishable_kinds()), _kept(job.id, statuses))


def purge(older_than: timedelta, now: datetime | None = None, limit: int = JOBS_PER_RUN,
          shop_id: int | None = None, include_unpublished: bool = False) -> dict[str, int]:
    """Delete the items of up to `limit` old finished jobs (of one shop, or of every shop);
    safe to run twice."""
    from shopify_app.jobs.service import audit

    cutoff = (now or utcnow()) - older_than
    protected = _protected(Job, include_unpublished)
    # updated_at >= completed_at, so the status index narrows this to old finished jobs.
    query = select(Job).where(Job.status.in_(FINISHED_STATUSES), Job.updated_at < cutoff,
                              Job.completed_at < cutoff,
                              exists().where(JobItem.job_id == Job.id), ~protected)
    if shop_id is not None:
        query = query.where(Job.shop_id == shop_id)
    candidates = db.session.scalars(query.order_by(Job.updated_at).limit(limit)).all()
    purged_jobs = purged_items = 0
    for job in candidates:
        removed = 0
        while True:
            chunk = select(JobItem.id).where(JobItem.job_id == job.id).limit(DELETE_CHUNK)
            # Re-checked on every chunk: a publish that started meanwhile keeps the job whole.
            if db.session.scalar(select(Job.id).where(Job.id == job.id, protected)):
                break
            count = db.session.execute(delete(JobItem).where(JobItem.id.in_(chunk))
                                       .execution_options(synchronize_session=False)).rowcount
            db.session.commit()
            removed += count
            if count < DELETE_CHUNK:
                break
        if removed:
            detail = {"items": removed, "older_than_days": older_than.days}
            if include_unpublished:
                detail["unpublished_included"] = True
            audit(job, "items_purged", "retention", detail)
            db.session.commit()
            purged_jobs += 1
            purged_items += removed
    if purged_jobs:
        log.info("retention purged %d items of %d jobs", purged_items, purged_jobs)
    return {"jobs": purged_jobs, "items": purged_items}


def purge_by_policy(now: datetime | None = None,
                    max_rounds: int = MAX_ROUNDS) -> dict[str, int]:
    """Each opted-in shop's purge by its own choice, up to `max_rounds` rounds in all."""
    total, rounds = {"jobs": 0, "items": 0}, 0
    for policy in policies():
        while rounds < max_rounds:
            rounds += 1
            result = purge(timedelta(days=policy.days), now, shop_id=policy.shop_id,
                           include_unpublished=policy.include_unpublished)
            total = {key: total[key] + result[key] for key in total}
            if result["jobs"] < JOBS_PER_RUN:
                break
    return total


def next_run(now: datetime) -> datetime:
    run = now.replace(hour=RUN_HOUR_UTC, minute=0, second=0, microsecond=0)
    return run if run > now else run + timedelta(days=1)


def ensure_scheduled() -> None:
    """Book the next daily run unless it is booked (one RQ job id per day).

    Booked whether or not a shop has opted in yet: the run itself finds who has.
    """
    queue = current_app.extensions["queues"]["low"]
    run_at = next_run(datetime.now(UTC))
    task_id = f"{TASK_PREFIX}{run_at:%Y%m%d}"
    try:
        if not RQJob.exists(task_id, connection=queue.connection):
            queue.enqueue_at(run_at, "shopify_app.retention.scheduled_purge", job_id=task_id)
    except redis.RedisError:
        log.warning("could not book the retention run; the next finished job will")


def scheduled_purge() -> dict[str, int]:
    """The RQ task: purge by each shop's choice, then book tomorrow's run."""
    from workers.context import app_context

    with app_context():
        total = purge_by_policy()
        ensure_scheduled()
        return total
