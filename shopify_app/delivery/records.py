"""The per-channel delivery rows: claim one before sending, record how it went."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import g, has_request_context
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from shopify_app.extensions import db
from shopify_app.jobs.serialize import iso
from shopify_app.models import Job, JobDelivery
from shopify_app.models.types import utcnow

# A "sending" row older than this belongs to a worker that died mid-send.
STALE_SENDING = timedelta(minutes=10)


def preload(job_ids: list[str]) -> None:
    """Read a page of jobs' deliveries at once; `rows_for` answers from this read for
    the rest of the request (a list of catalogs asked twice per job otherwise)."""
    if not has_request_context() or not job_ids:
        return
    found: dict[str, dict[str, JobDelivery]] = {job_id: {} for job_id in job_ids}
    for row in db.session.scalars(select(JobDelivery).where(JobDelivery.job_id.in_(job_ids))):
        found[row.job_id][row.channel] = row
    g.delivery_rows = {**g.get("delivery_rows", {}), **found}


def rows_for(job_id: str) -> dict[str, JobDelivery]:
    if has_request_context():
        loaded = g.get("delivery_rows", {}).get(job_id)
        if loaded is not None:
            return loaded
    rows = db.session.scalars(select(JobDelivery).where(JobDelivery.job_id == job_id)
                              .execution_options(populate_existing=True))
    return {row.channel: row for row in rows}


def summary(job_id: str) -> dict[str, dict[str, Any]]:
    """{"email": {"status", "to", "audience", "at", "error", "attempts"}, ...} for the API."""
    return {channel: row_json(row) for channel, row in sorted(rows_for(job_id).items())}


def row_json(row: JobDelivery) -> dict[str, Any]:
    return {"status": row.status, "to": row.recipient, "audience": row.audience,
            "at": iso(row.sent_at or row.updated_at), "error": row.error,
            "attempts": row.attempts}


def is_busy(row: JobDelivery | None, now: datetime | None = None) -> bool:
    return (row is not None and row.status == "sending"
            and row.updated_at > (now or utcnow()) - STALE_SENDING)


def claim(job: Job, channel: str, audience: str, recipient: str, *, resend: bool) -> bool:
    """Mark the channel `sending` unless it is sent already (and this is no resend) or
    another worker is sending it now. True when this caller may send."""
    now = utcnow()
    takeable = ["failed", "skipped", *(["sent"] if resend else [])]
    values = {"status": "sending", "audience": audience, "recipient": recipient,
              "error": None, "attempts": JobDelivery.attempts + 1, "updated_at": now}
    moved = db.session.execute(
        update(JobDelivery).execution_options(synchronize_session=False).where(
            JobDelivery.job_id == job.id, JobDelivery.channel == channel,
            or_(JobDelivery.status.in_(takeable),
                (JobDelivery.status == "sending") & (JobDelivery.updated_at < now - STALE_SENDING)))
        .values(**values)).rowcount
    if moved:
        db.session.commit()
        return True
    exists = db.session.scalar(select(func.count()).select_from(JobDelivery).where(
        JobDelivery.job_id == job.id, JobDelivery.channel == channel))
    if exists:
        db.session.rollback()
        return False
    db.session.add(JobDelivery(job_id=job.id, shop_id=job.shop_id, channel=channel,
                               status="sending", audience=audience, recipient=recipient,
                               attempts=1, created_at=now, updated_at=now))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # another worker inserted it first: theirs to send
        return False
    return True


def finish(job: Job, channel: str, status: str, *, error: str | None = None,
           message_id: str | None = None) -> None:
    """Record the outcome of a claimed send."""
    now = utcnow()
    db.session.execute(update(JobDelivery).execution_options(synchronize_session=False).where(
        JobDelivery.job_id == job.id, JobDelivery.channel == channel).values(
        status=status, error=error[:2000] if error else None, message_id=message_id,
        sent_at=now if status == "sent" else None, updated_at=now))
    db.session.commit()


def record_skip(job: Job, channel: str, audience: str | None, recipient: str | None,
                reason: str, *, resend: bool) -> bool:
    """Record that the channel has nothing to do; a sent record stays unless resending.
    False when the row was left alone (so a second run adds no audit entry)."""
    now = utcnow()
    row = rows_for(job.id).get(channel)
    if row is not None and (is_busy(row, now) or (row.status == "sent" and not resend)
                            or (row.status == "skipped" and row.error == reason[:2000])):
        return False  # busy, done, or already skipped for the same reason
    if row is None:
        row = JobDelivery(job_id=job.id, shop_id=job.shop_id, channel=channel, attempts=0,
                          created_at=now)
        db.session.add(row)
    row.status, row.audience, row.recipient = "skipped", audience, recipient
    row.error, row.message_id, row.sent_at, row.updated_at = reason[:2000], None, None, now
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def counts(shop_id: int, since: datetime | None = None) -> dict[str, int]:
    """Deliveries by status for the monitor (sent / failed / skipped)."""
    query = select(JobDelivery.status, func.count()).where(JobDelivery.shop_id == shop_id)
    if since is not None:
        query = query.where(JobDelivery.updated_at >= since)
    found = dict(db.session.execute(query.group_by(JobDelivery.status)).all())
    return {status: int(found.get(status, 0)) for status in ("sent", "failed", "skipped")}


def forget_recipients(job_ids: list[str]) -> int:
    """customers/redact: drop the stored addresses (errors may quote them), keep the status."""
    if not job_ids:
        return 0
    changed = db.session.execute(update(JobDelivery).execution_options(
        synchronize_session=False).where(JobDelivery.job_id.in_(job_ids))
        .values(recipient=None, error=None)).rowcount or 0
    db.session.commit()
    return changed
