"""Delivering a finished catalog: who gets it in which mode, on which channels.

`production` jobs go to the customer (email, plus WhatsApp when a phone number
was given and WhatsApp is set up); `test` jobs go only to the merchant's email.
A delivery problem is recorded per channel and never fails the catalog job.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import current_app

from shopify_app.delivery import records
from shopify_app.delivery.addresses import InvalidRecipient, email_address, whatsapp_number
from shopify_app.delivery.email import EmailError, send_email
from shopify_app.delivery.links import links_for
from shopify_app.delivery.merchant import Merchant, merchant_for
from shopify_app.delivery.message import CatalogNotice, build_email, whatsapp_text
from shopify_app.delivery.settings import parse_sender, smtp_settings, whatsapp_settings
from shopify_app.delivery.whatsapp import WhatsAppError, send_text
from shopify_app.extensions import db
from shopify_app.jobs import events, keys
from shopify_app.jobs.serialize import job_summary, kind_info
from shopify_app.models import Job, Shop
from shopify_app.models.delivery import CHANNELS

log = logging.getLogger(__name__)
CATALOG_KIND = "build_catalog"
DELIVERABLE_STATUSES = ("completed", "completed_with_errors")
# Automatic retries of a transient failure (server down, 429): after 1, 5 and 30 minutes.
RETRY_DELAYS = (60, 300, 1800)


@dataclass(frozen=True)
class Plan:
    """What one channel should do for a job. `skip` or `problem` explain why it will not
    send: a skip is nothing to do, a problem is a failure the merchant should see."""

    channel: str
    audience: str | None = None
    recipient: str | None = None
    recipient_name: str | None = None
    skip: str | None = None
    problem: str | None = None


def plan(job: Job, merchant: Merchant) -> dict[str, Plan]:
    """The channels that apply to the job (WhatsApp only when a phone number was given)."""
    config = current_app.config
    phone = (job.params.get("customer_phone") or "").strip() or None
    plans: dict[str, Plan] = {}
    if job.mode == "test":
        plans["email"] = _email_plan("merchant", merchant.email, merchant.name, config,
                                     missing=("No merchant email is known for this shop, so "
                                              "the test delivery was not sent"))
        if phone:
            plans["whatsapp"] = Plan("whatsapp", skip="Test mode: nothing is sent to the "
                                                      "customer, and WhatsApp goes only to "
                                                      "customers")
        return plans
    plans["email"] = _email_plan("customer", job.customer_email, job.customer_name, config,
                                 missing="The job has no customer email")
    if phone:
        if whatsapp_settings(config) is None:
            plans["whatsapp"] = Plan("whatsapp", "customer", skip=(
                "WhatsApp is not set up on this server (WHATSAPP_TOKEN and "
                "WHATSAPP_PHONE_NUMBER_ID)"))
        else:
            try:
                plans["whatsapp"] = Plan("whatsapp", "customer", "+" + whatsapp_number(phone),
                                         job.customer_name)
            except InvalidRecipient as exc:
                plans["whatsapp"] = Plan("whatsapp", "customer", phone[:255], problem=str(exc))
    return plans


def _email_plan(audience: str, address: str | None, name: str | None, config: Any, *,
                missing: str) -> Plan:
    if not address:
        return Plan("email", audience, skip=missing) if audience == "merchant" else \
            Plan("email", audience, problem=missing)
    try:
        normalized = email_address(address)
    except InvalidRecipient as exc:
        return Plan("email", audience, address[:255], problem=str(exc))
    if smtp_settings(config) is None:
        return Plan("email", audience, normalized,
                    skip="Email is not set up on this server (SMTP_URL)")
    return Plan("email", audience, normalized, name)


def deliver(job_id: str, *, channels: list[str] | None = None, actor: str = "system",
            resend: bool = False) -> dict[str, Any]:
    """Send the job's catalog on its channels and record each outcome. Never raises.

    Safe to run twice: a channel already `sent` is sent again only when `resend`.
    Returns {channel: {"status", "to", "error", "retryable"}}.
    """
    try:
        return _deliver(job_id, channels, actor, resend)
    except Exception:  # noqa: BLE001 — a delivery bug must not fail the catalog
        log.exception("delivering catalog job %s failed", job_id)
        db.session.rollback()
        return {}


def _deliver(job_id: str, channels: list[str] | None, actor: str,
             resend: bool) -> dict[str, Any]:
    job = db.session.get(Job, job_id, populate_existing=True)
    if job is None or job.kind != CATALOG_KIND or job.status not in DELIVERABLE_STATUSES:
        log.info("job %s has no finished catalog to deliver", job_id)
        return {}
    shop = db.session.get(Shop, job.shop_id)
    merchant = merchant_for(shop)
    links = links_for(job)
    notice = CatalogNotice(
        shop_name=merchant.name, customer_name=job.customer_name or "there", links=links,
        reference=job.reference, customer_email=job.customer_email, test=job.mode == "test",
        accent=str(_branding(job).get("accent_color") or ""))
    outcomes: dict[str, Any] = {}
    for channel, step in plan(job, merchant).items():
        if channels is not None and channel not in channels:
            continue
        outcome = _run(job, step, notice, merchant, resend)
        if outcome is not None:
            outcomes[channel] = outcome
            _audit(job, channel, outcome, actor)
    if outcomes:
        db.session.commit()
        # kind_info carries the jobs list's Outcome badges, which the delivery just changed.
        events.publish(job.shop_id, [("job.updated", {**job_summary(job),
                                                      "delivery": records.summary(job.id),
                                                      "kind_info": kind_info(job)})])
    return outcomes


def _run(job: Job, step: Plan, notice: CatalogNotice, merchant: Merchant,
         resend: bool) -> dict[str, Any] | None:
    """One channel: skip, or claim → send → record. None when another run owns it."""
    base = {"to": step.recipient, "audience": step.audience}
    if step.skip:
        if not records.record_skip(job, step.channel, step.audience, step.recipient, step.skip,
                                   resend=resend):
            return None
        return {**base, "status": "skipped", "error": step.skip, "retryable": False}
    if not records.claim(job, step.channel, step.audience or "", step.recipient or "",
                         resend=resend):
        return None
    error, retryable, message_id = step.problem, False, None
    if error is None and not notice.links:
        error = "The catalog has no download links to send"
    if error is None:
        try:
            message_id = _send(step, notice, merchant)
        except (EmailError, WhatsAppError) as exc:
            error, retryable = str(exc), exc.retryable
        except Exception as exc:  # noqa: BLE001 — record it rather than leave it "sending"
            log.exception("sending catalog job %s by %s failed", job.id, step.channel)
            error = f"Unexpected error while sending ({type(exc).__name__}); see the logs"
    status = "failed" if error else "sent"
    records.finish(job, step.channel, status, error=error, message_id=message_id)
    log.info("catalog job %s %s: %s to the %s", job.id, step.channel, status, step.audience)
    return {**base, "status": status, "error": error, "retryable": retryable}


def _send(step: Plan, notice: CatalogNotice, merchant: Merchant) -> str:
    config = current_app.config
    if step.channel == "email":
        settings = smtp_settings(config)
        assert settings is not None and step.recipient  # the plan checked both
        message = build_email(
            notice, sender=parse_sender(config["SHELF_MAIL_FROM"]), to=step.recipient,
            to_name=step.recipient_name if step.audience == "customer" else merchant.name,
            reply_to=_reply_to(merchant) if step.audience == "customer" else None)
        return send_email(settings, message)
    whatsapp = whatsapp_settings(config)
    assert whatsapp is not None and step.recipient
    return send_text(whatsapp, step.recipient.lstrip("+"), whatsapp_text(notice))


def _reply_to(merchant: Merchant) -> str | None:
    """Customers' replies go to the merchant, not to the app's sending address."""
    try:
        return email_address(merchant.email) if merchant.email else None
    except InvalidRecipient:
        return None


def _audit(job: Job, channel: str, outcome: dict[str, Any], actor: str) -> None:
    from shopify_app.jobs.service import audit

    # The address itself stays in job_deliveries, where customers/redact can reach it;
    # the audit trail names only the audience, even inside a server's error text.
    error, recipient = outcome.get("error"), outcome.get("to")
    if error and recipient:
        for form in {recipient, recipient.lstrip("+")}:
            error = re.sub(re.escape(form), f"the {outcome.get('audience') or 'recipient'}",
                           error, flags=re.IGNORECASE)
    audit(job, f"delivery.{outcome['status']}", actor,
          {"channel": channel, "audience": outcome.get("audience"), "error": error})


def run_task(job_id: str, channels: list[str] | None, actor: str,
             resend: bool) -> dict[str, Any]:
    """The worker's entry: deliver, then book a retry for transient failures."""
    outcomes = deliver(job_id, channels=channels, actor=actor, resend=resend)
    retry = [channel for channel, outcome in outcomes.items()
             if outcome["status"] == "failed" and outcome.get("retryable")]
    if retry:
        rows = records.rows_for(job_id)
        attempts = max(rows[channel].attempts for channel in retry if channel in rows)
        if attempts <= len(RETRY_DELAYS):
            enqueue_delivery(job_id, retry, actor="system",
                             delay=RETRY_DELAYS[attempts - 1])
    return outcomes


def _branding(job: Job) -> dict[str, Any]:
    """The catalog definition's branding, as snapshotted on the job when it was created."""
    definition = job.params.get("definition")
    settings = definition.get("settings") if isinstance(definition, dict) else None
    branding = settings.get("branding") if isinstance(settings, dict) else None
    return branding if isinstance(branding, dict) else {}


def enqueue_delivery(job_id: str, channels: list[str] | None = None, *,
                     actor: str = "system", resend: bool = False, delay: float = 0) -> str:
    """Queue a delivery on a worker (call when a catalog job completes). Returns the RQ id."""
    queue = current_app.extensions["queues"]["high"]
    rq_id = keys.deliver_rq_id(job_id)
    args = (job_id, list(channels) if channels is not None else None, actor, resend)
    kwargs = {"job_id": rq_id, "job_timeout": 600, "failure_ttl": 7 * 24 * 3600,
              "description": f"deliver catalog job {job_id}"}
    if delay:
        queue.enqueue_in(timedelta(seconds=delay), "workers.tasks.deliver_catalog", *args,
                         **kwargs)
    else:
        queue.enqueue("workers.tasks.deliver_catalog", *args, **kwargs)
    return rq_id


__all__ = ["CATALOG_KIND", "CHANNELS", "deliver", "enqueue_delivery", "plan", "run_task"]
