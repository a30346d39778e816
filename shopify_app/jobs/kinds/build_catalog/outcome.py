"""What a catalog job has produced, for the jobs list's Outcome column: its files, then
how each delivery channel went."""
from __future__ import annotations

from typing import Any

FINISHED = ("completed", "completed_with_errors")
SENT = {("email", "customer"): "Emailed to customer", ("email", "merchant"): "Test emailed to you",
        ("whatsapp", "customer"): "Sent on WhatsApp"}
FAILED = {"email": "Email failed", "whatsapp": "WhatsApp failed"}
SENDING = {"email": "Emailing…", "whatsapp": "Sending on WhatsApp…"}


def catalog_outcome(job: Any) -> tuple[tuple[str, str], ...]:
    """(text, tone) badges; nothing before the job has finished (deliveries start then)."""
    if job is None or job.status not in FINISHED:
        return ()
    from shopify_app.delivery.records import rows_for

    found: list[tuple[str, str]] = []
    if job.catalog_id:
        found.append(("Files ready", "success"))
    for channel, row in sorted(rows_for(job.id).items()):
        if row.status == "sent":
            found.append((SENT.get((channel, row.audience or ""), f"{channel} sent"), "success"))
        elif row.status == "failed":
            found.append((FAILED.get(channel, f"{channel} failed"), "critical"))
        elif row.status == "sending":
            found.append((SENDING.get(channel, f"Sending {channel}…"), "info"))
        elif channel == "email":  # skipped: say so for email; WhatsApp is often not asked for
            found.append(("Not emailed", "new"))
    return tuple(found)
