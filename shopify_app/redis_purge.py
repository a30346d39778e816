"""Delete everything Redis holds for one shop (shop/redact).

Key names come from redis_keys: one SCAN over the shop's namespace finds its events
stream, auto-generation state and cached generations; the keys named by the shop's
job ids (leases, cancel flags), by its domain (rate-limit bucket, token lock, installs
in progress) and the RQ jobs of its webhook events, jobs, scheduled flushes and staff
name look-ups are deleted by name.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from rq import get_current_job
from rq.exceptions import NoSuchJobError
from rq.job import Job as RQJob
from rq.job import JobStatus
from rq.results import Result

from shopify_app import redis_keys
from shopify_app.jobs import keys as job_keys
from shopify_app.redis_keys import ShopKeys

log = logging.getLogger(__name__)
SCAN_COUNT = 1000
DELETE_CHUNK = 500
RQ_JOB_PREFIX = "rq:job:"


def _unlink(connection: Any, names: Iterable[Any]) -> int:
    removed, chunk = 0, []
    for name in names:
        chunk.append(name)
        if len(chunk) >= DELETE_CHUNK:
            removed += connection.unlink(*chunk)
            chunk = []
    if chunk:
        removed += connection.unlink(*chunk)
    return removed


def _matching(connection: Any, pattern: str) -> Iterable[Any]:
    return connection.scan_iter(match=pattern, count=SCAN_COUNT)


def _install_states(connection: Any, domain: str) -> list[Any]:
    """OAuth states of installs in progress for this shop (the value is the domain)."""
    names = list(_matching(connection, f"{redis_keys.OAUTH_STATE_PREFIX}*"))
    if not names:
        return []
    values = connection.mget(names)
    return [name for name, value in zip(names, values, strict=True)
            if value is not None and value.decode(errors="replace") == domain]


def _job_rq_jobs(connection: Any, shop_job_ids: set[str]) -> list[str]:
    """The RQ jobs that ran the shop's jobs: fixed ids, and the fresh-id runs found
    by their prefix (batches, publishes, deliveries)."""
    found = []
    for job_id in shop_job_ids:
        found += [*job_keys.fan_out_rq_ids(job_id), job_keys.finish_rq_id(job_id)]
        for prefix in (job_keys.batch_rq_prefix(job_id), job_keys.publish_rq_prefix(job_id),
                       job_keys.deliver_rq_prefix(job_id)):
            found += [name.decode()[len(RQ_JOB_PREFIX):]
                      for name in _matching(connection, f"{RQ_JOB_PREFIX}{prefix}*")]
    return found


def _delete_rq_jobs(connection: Any, job_ids: Iterable[str]) -> int:
    current = get_current_job()
    removed = 0
    for job_id in job_ids:
        if current is not None and current.id == job_id:
            continue  # the redact itself; RQ finishes and expires it
        try:
            job = RQJob.fetch(job_id, connection=connection)
        except NoSuchJobError:
            continue
        if job.get_status(refresh=False) == JobStatus.STARTED:
            continue  # a worker holds it; it ends as soon as it sees its rows are gone
        Result.delete_all(job)
        job.delete()
        removed += 1
    return removed


def _job_coordination_keys(jobs: dict[str, int]) -> list[str]:
    """Leases, queued markers and cancel flags of the shop's jobs (named by job id)."""
    names = []
    for job_id, batch_count in jobs.items():
        names.append(job_keys.cancel_key(job_id))
        # The finishing stage and the fan-out hold leases below batch 0.
        for batch in range(job_keys.FINISH_BATCH, batch_count):
            names += [job_keys.lease_key(job_id, batch), job_keys.queued_key(job_id, batch)]
    return names


def purge_shop(connection: Any, *, keys: ShopKeys, domain: str, shop_id: int | None,
               webhook_event_ids: Iterable[int], jobs: dict[str, int] | None = None) -> int:
    """Delete every key and RQ job of the shop; returns how many went. Safe to repeat.

    `jobs` maps the shop's job ids to their batch counts.
    """
    removed = 0
    jobs = jobs or {}
    shop_job_ids = set(jobs)
    removed += _unlink(connection, _job_coordination_keys(jobs))
    rq_jobs = [f"webhook-{event_id}" for event_id in webhook_event_ids]
    rq_jobs += _job_rq_jobs(connection, shop_job_ids)
    if keys.present:
        removed += _unlink(connection, _matching(connection, keys.pattern))
        rq_jobs += [keys.auto_generate_job(), keys.auto_analyze_job()]
        # Name look-ups waiting to run: their arguments hold a staff member's ID token.
        prefix = f"{RQ_JOB_PREFIX}{keys.staff_profile_job_prefix()}"
        rq_jobs += [name.decode()[len(RQ_JOB_PREFIX):]
                    for name in _matching(connection, f"{prefix}*")]
    if shop_id is not None:
        names, patterns = redis_keys.legacy_keys(shop_id)
        removed += _unlink(connection, names)
        for pattern in patterns:
            removed += _unlink(connection, _matching(connection, pattern))
        rq_jobs += [f"auto-generate-{shop_id}", f"auto-analyze-{shop_id}"]
    removed += _unlink(connection, [*redis_keys.throttle_keys(domain),
                                    redis_keys.token_lock(domain)])
    removed += _unlink(connection, _install_states(connection, domain))
    removed += _delete_rq_jobs(connection, rq_jobs)
    return removed
