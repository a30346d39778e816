"""The merchant's "Resend": check the request against the job, then queue a delivery."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app

from shopify_app.delivery import records
from shopify_app.delivery.service import (
    CATALOG_KIND,
    DELIVERABLE_STATUSES,
    enqueue_delivery,
)
from shopify_app.delivery.settings import smtp_settings, whatsapp_settings
from shopify_app.errors import ApiError, ValidationError
from shopify_app.extensions import db
from shopify_app.models import Job
from shopify_app.models.delivery import CHANNELS
from shopify_app.models.types import utcnow

# A second click (or a script) cannot flood a customer's inbox.
RESEND_COOLDOWN = timedelta(seconds=60)


def parse_body(body: dict[str, Any]) -> list[str] | None:
    """{"channels": ["email", "whatsapp"]} or {} (every channel that can send)."""
    unknown = sorted(key for key in body if key != "channels")
    if unknown:
        raise ValidationError([(key, f"{key} is not a field of this request; "
                                     "send {\"channels\": [...]} or nothing") for key in unknown])
    if "channels" not in body:
        return None
    channels = body["channels"]
    if (not isinstance(channels, list) or not channels
            or not all(isinstance(c, str) and c in CHANNELS for c in channels)):
        raise ValidationError([("channels", "channels must be a non-empty list of: "
                                            f"{', '.join(CHANNELS)}")])
    return list(dict.fromkeys(channels))


def _unavailable(job: Job, channel: str) -> str | None:
    """Why the channel cannot send for this job now, or None."""
    config = current_app.config
    if channel == "email":
        return None if smtp_settings(config) else "email is not set up on this server (SMTP_URL)"
    if not (job.params.get("customer_phone") or "").strip():
        return "this job has no phone number for WhatsApp"
    if job.mode == "test":
        return "test jobs send nothing on WhatsApp: it reaches only the customer"
    if whatsapp_settings(config) is None:
        return "WhatsApp is not set up on this server (WHATSAPP_TOKEN, WHATSAPP_PHONE_NUMBER_ID)"
    return None


def request_resend(job: Job, channels: list[str] | None, actor: str) -> list[str]:
    """Queue an explicit resend; the channels that will be sent."""
    if job.kind != CATALOG_KIND:
        raise ApiError(409, "Only catalog jobs deliver anything")
    if job.status not in DELIVERABLE_STATUSES:
        raise ApiError(409, f"The catalog can be sent once the job has completed; "
                            f"this one is {job.status.replace('_', ' ')}")
    if channels is None:
        channels = [c for c in CHANNELS if _unavailable(job, c) is None]
        if not channels:
            raise ApiError(409, "Nothing can be sent: "
                                + "; ".join(filter(None, (_unavailable(job, c)
                                                          for c in CHANNELS))))
    else:
        problems = [("channels", f"{channel}: {reason}") for channel in channels
                    if (reason := _unavailable(job, channel))]
        if problems:
            raise ValidationError(problems)
    rows = records.rows_for(job.id)
    busy = [c for c in channels if records.is_busy(rows.get(c))]
    if busy:
        raise ApiError(409, f"The {' and '.join(busy)} delivery is being sent right now")
    now = utcnow()
    recent = [rows[c].sent_at for c in channels if c in rows and rows[c].status == "sent"
              and rows[c].sent_at and rows[c].sent_at > now - RESEND_COOLDOWN]
    if recent:
        wait = int((max(recent) + RESEND_COOLDOWN - now).total_seconds()) + 1
        raise ApiError(429, f"The catalog was sent less than a minute ago; try again in "
                            f"{wait} seconds", headers={"Retry-After": str(wait)})
    from shopify_app.jobs.service import audit

    audit(job, "delivery.requested", actor, {"channels": channels})
    db.session.commit()
    enqueue_delivery(job.id, channels, actor=actor, resend=True)
    return channels
