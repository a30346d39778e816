"""Every name and lifetime the engine uses in Redis: RQ job ids, lease keys, timings.

Workers, the reaper and the dispatcher find each other's work by these names
alone, so they are built here and nowhere else.
"""
from __future__ import annotations

import secrets

from flask import current_app

# The fan-out holds the lease of a batch number no batch uses.
FAN_OUT_BATCH = -1
# A kind's finishing stage (building a catalog) holds another.
FINISH_BATCH = -2
# How long one RQ job may run, and how long failed jobs and queued-batch markers stay.
RQ_JOB_TIMEOUT = 3600
KEEP_SECONDS = 7 * 24 * 3600
# A worker that died mid-job is noticed this long after its last sign of life at most.
DEFAULT_LEASE_SECONDS = 60.0
DEFAULT_REAPER_INTERVAL = 15.0
# Who runs the current maintenance round (see workers.maintenance).
REAPER_LOCK = "shelf:lock:reaper"
SCHEDULER_LOCK = "shelf:lock:scheduler"


# A fan-out starts on "high" and may hand itself over to the queue of its job's size.
FAN_OUT_QUEUES = ("high", "default", "low")


def fan_out_rq_id(job_id: str, queue: str = "high") -> str:
    """One fixed id per job and queue: enqueueing a fan-out twice replaces the first,
    while one handed over to another queue never overwrites the run handing it over."""
    if queue not in FAN_OUT_QUEUES:
        raise ValueError(f"unknown queue {queue!r}")
    return f"fanout-{job_id}" if queue == "high" else f"fanout-{job_id}-{queue}"


def fan_out_rq_ids(job_id: str) -> list[str]:
    """Every id a fan-out of the job may run under."""
    return [fan_out_rq_id(job_id, queue) for queue in FAN_OUT_QUEUES]


def batch_rq_prefix(job_id: str) -> str:
    return f"batch-{job_id}-"


def batch_rq_id(job_id: str, batch: int) -> str:
    """A fresh id per queueing (a retry must not overwrite a running one)."""
    return f"{batch_rq_prefix(job_id)}{batch}-{secrets.token_hex(4)}"


def finish_rq_id(job_id: str) -> str:
    """One fixed id per job: the finishing stage runs once however often it is asked for."""
    return f"finish-{job_id}"


def publish_rq_prefix(job_id: str) -> str:
    return f"publish-{job_id}-"


def publish_rq_id(job_id: str) -> str:
    """A fresh id per publish request: two requests are two runs."""
    return f"{publish_rq_prefix(job_id)}{secrets.token_hex(6)}"


def deliver_rq_prefix(job_id: str) -> str:
    return f"deliver-{job_id}-"


def deliver_rq_id(job_id: str) -> str:
    """A fresh id per delivery (a resend is a new run)."""
    return f"{deliver_rq_prefix(job_id)}{secrets.token_hex(4)}"


def lease_key(job_id: str, batch: int) -> str:
    return f"shelf:lease:{job_id}:{batch}"


def queued_key(job_id: str, batch: int) -> str:
    return f"shelf:queued:{job_id}:{batch}"


def cancel_key(job_id: str) -> str:
    return f"shelf:cancel:{job_id}"


def lease_seconds() -> float:
    return float(current_app.config.get("SHELF_LEASE_SECONDS", DEFAULT_LEASE_SECONDS))


def reaper_interval() -> float:
    return float(current_app.config.get("SHELF_REAPER_INTERVAL", DEFAULT_REAPER_INTERVAL))


def reaper_grace() -> float:
    """How long a job must be quiet before the reaper looks at it: a heartbeat lost
    in a Redis restart is renewed within a third of a lease, well inside this."""
    return min(30.0, lease_seconds())
