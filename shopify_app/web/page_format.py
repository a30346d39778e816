"""Words, badge tones and icons for statuses; dates and links, for templates and the page JS.

The pages' ES modules get the same tables (LABELS, as JSON in every page), so a
row rendered by the server and one rendered after a live update look alike.
"""
from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Any

from shopify_app.jobs.kinds import get_kind, kind_names
from shopify_app.models.job import ACTIVE_STATUSES, FINISHED_STATUSES, RETRYABLE_STATUSES

# status -> (words, badge tone, icon)
JOB_STATUS = {
    "pending": ("Pending", "new", "clock"),
    "processing": ("Processing", "info", "status-active"),
    "paused": ("Paused", "attention", "pause-circle"),
    "review": ("Review", "attention", "view"),
    "completed": ("Completed", "success", "check-circle"),
    "completed_with_errors": ("Completed with errors", "warning", "alert-triangle"),
    "failed": ("Failed", "critical", "alert-diamond"),
    "cancelled": ("Cancelled", "new", "minus-circle"),
}
ITEM_STATUS = {
    "pending": ("Queued", "new", "clock"),
    "processing": ("Working", "info", "status-active"),
    "succeeded": ("Generated", "success", "check-circle"),
    "failed": ("Failed", "critical", "alert-diamond"),
    "skipped": ("Skipped", "new", "minus-circle"),
}
PUBLISH_STATUS = {
    "unpublished": ("Unpublished", "attention", "clock"),
    "publishing": ("Publishing", "info", "status-active"),
    "published": ("Published", "success", "check-circle"),
    "failed": ("Publish failed", "critical", "x-circle"),
    "conflict": ("Conflict", "warning", "alert-triangle"),
    "reverted": ("Reverted", "new", "undo"),
}
STAGES = {
    "fetching": "Fetching products", "generating": "Generating", "analyzing": "Analyzing images",
    "image_resolution": "Image resolution", "building": "Building", "publishing": "Publishing",
    "exporting": "Exporting", "importing": "Importing", "reading": "Reading products",
    "writing": "Writing the file",
}
FIELDS = {
    "description": "Description", "seo_title": "SEO title",
    "seo_description": "Meta description", "alt_text": "Alt text", "images": "Images",
}
MODES = {"production": "Production", "test": "Test only"}
STRATEGIES = {"review": "Review before publish", "auto_publish": "Publish without review"}
ROLES = {"read": "Read", "write": "Write", "admin": "Admin"}
ROLE_RANK = {"read": 0, "write": 1, "admin": 2}
CREATED = {"today": "Today", "7d": "Last 7 days", "30d": "Last 30 days"}
FINISHED = FINISHED_STATUSES
RETRYABLE = RETRYABLE_STATUSES
ACTIVE = ACTIVE_STATUSES
# Jobs whose publishing (stage "publishing") can be paused, besides active ones.
PAUSABLE = ("review", "completed", "completed_with_errors")
# What the monitor's activity says for each recorded action (actor, then these words, then
# the job): every action the jobs and deliveries record, so none shows as its raw name.
ACTIVITY = {
    "created": "created", "cancelled": "cancelled", "retried": "retried", "archived": "archived",
    "unarchived": "unarchived", "publish_requested": "asked to publish",
    "revert_requested": "asked to revert", "edit": "edited a result of", "published": "published",
    "reverted": "reverted", "completed": "finished", "failed": "failed",
    "publish": "published results of", "revert": "reverted results of",
    "force_publish": "overwrote a changed value with a result of",
    "force_revert": "reverted over a changed value in",
    "conflict_resolved": "resolved a conflict in", "regenerate": "regenerated a result of",
    "choose_proposal": "chose another proposal in", "paused": "paused", "resumed": "resumed",
    "delivery.sent": "sent", "delivery.failed": "could not send",
    "delivery.skipped": "did not send", "delivery.sending": "is sending",
    "delivery.requested": "asked to send again", "items_purged": "removed the old items of",
}


_TAG = re.compile(r"<[^>]*>|^[^<]*>|<[^>]*$")
# Tags that end a line of text; the words on either side of them are separate words.
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|h[1-6]|li|ul|ol|tr|td|th|table|blockquote|section)\b[^>]*>", re.IGNORECASE)


def visible_text(fragment: str | None) -> str:
    """A piece of (possibly HTML, possibly cut mid-tag) text as a reader sees it."""
    return html.unescape(_TAG.sub(" ", fragment or "")).replace("\n", " ")


def html_words(markup: str | None) -> str:
    """HTML as one line of words: blocks apart ("Canvas</p><p>Imported" is two words),
    inline tags dropped ("<b>Lin</b>en" stays one)."""
    text = _TAG.sub("", _BLOCK_TAG.sub(" ", markup or ""))
    return " ".join(html.unescape(text).split())


def labels() -> dict[str, Any]:
    """Everything the page scripts need to render statuses the way the server does."""
    return {"job_status": JOB_STATUS, "item_status": ITEM_STATUS, "publish_status": PUBLISH_STATUS,
            "stages": STAGES, "kinds": kinds(), "fields": FIELDS, "modes": MODES,
            "strategies": STRATEGIES, "activity": ACTIVITY,
            "delivery_status": DELIVERY_STATUS}


def _tuple(table: dict[str, tuple[str, str, str]], key: str | None) -> tuple[str, str, str]:
    return table.get(key or "", ((key or "unknown").replace("_", " ").capitalize(), "new", "info"))


def job_status(status: str) -> tuple[str, str, str]:
    return _tuple(JOB_STATUS, status)


def item_status(status: str, info: dict[str, Any] | None = None) -> tuple[str, str, str]:
    """An item's status badge; a kind may name success in its own words."""
    words, tone, icon = _tuple(ITEM_STATUS, status)
    if status == "succeeded" and info and info.get("succeeded_label"):
        words = info["succeeded_label"]
    return words, tone, icon


def publish_status(status: str) -> tuple[str, str, str]:
    return _tuple(PUBLISH_STATUS, status)


def review_status(item: dict[str, Any], info: dict[str, Any]) -> tuple[str, str, str]:
    """One status per item: where its result stands in review once it has one
    (unpublished, published, conflict…), else how its processing went."""
    if info.get("reviewable") and item.get("status") == "succeeded":
        return publish_status(item.get("publish_status"))
    return item_status(item.get("status"), info)


def bulk_actions(info: dict[str, Any], role: str | None) -> bool:
    """Whether the items table acts on a selection (publish, revert…) for this viewer: only
    then do its rows have checkboxes, which would otherwise do nothing."""
    return bool(info.get("reviewable")) and role in ("write", "admin")


def staff_name(user_id: str | None, viewer: Any, names: dict[str, str] | None) -> str:
    """Who did something, by name: "You", the staff member's name when Shopify gave it, or
    "A staff member" (never a bare user id); "Shelf" when nobody did."""
    if not user_id:
        return "Shelf (automatic)"
    if viewer is not None and getattr(viewer.staff, "shopify_user_id", None) == user_id:
        return "You"
    return (names or {}).get(user_id) or "A staff member"


def kinds() -> dict[str, tuple[str, str]]:
    """Each registered kind's label and icon, as the kind itself describes them."""
    found = {}
    for name in kind_names():
        shown = get_kind(name).presentation(None)
        found[name] = (shown.label, shown.icon)
    return found


def kind(name: str) -> tuple[str, str]:
    return kinds().get(name, (name.replace("_", " ").capitalize(), "work"))


def field(name: str | None) -> str:
    return FIELDS.get(name or "", (name or "").replace("_", " ").capitalize())


def stage(name: str | None) -> str:
    return STAGES.get(name or "", (name or "").replace("_", " ").capitalize())


def _moment(value: str | datetime | None) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def relative(value: str | datetime | None, now: datetime | None = None) -> str:
    """"3 minutes ago"; the scripts refresh it in the browser from the <time> element."""
    moment = _moment(value)
    if moment is None:
        return "—"
    seconds = ((now or datetime.now(UTC)) - moment).total_seconds()
    if seconds < 45:
        return "just now"
    for limit, size, unit in ((3600, 60, "minute"), (86400, 3600, "hour"),
                              (7 * 86400, 86400, "day")):
        if seconds < limit:
            count = max(1, round(seconds / size))
            return f"{count} {unit}{'' if count == 1 else 's'} ago"
    return f"{moment:%b} {moment.day}, {moment.year}"


def full_date(value: str | datetime | None) -> str:
    moment = _moment(value)
    return f"{moment:%b} {moment.day}, {moment.year}, {moment:%H:%M} UTC" if moment else "—"


def iso(value: str | datetime | None) -> str:
    moment = _moment(value)
    return moment.isoformat().replace("+00:00", "Z") if moment else ""


def store_handle(shop_domain: str) -> str:
    return shop_domain.removesuffix(".myshopify.com")


def admin_product_url(shop_domain: str, product_gid: str | None) -> str | None:
    """The product in Shopify admin."""
    if not product_gid:
        return None
    numeric = product_gid.rsplit("/", 1)[-1]
    if not numeric.isdigit():
        return None
    return f"https://admin.shopify.com/store/{store_handle(shop_domain)}/products/{numeric}"


def processed(job: dict[str, Any]) -> int:
    """Items worked on. A cancelled job's skipped items were never processed."""
    counts = job["counts"]
    skipped = 0 if job.get("status") == "cancelled" else int(counts["skipped"])
    return int(counts["succeeded"]) + int(counts["failed"]) + skipped


def percent_done(job: dict[str, Any]) -> int:
    total = int(job["counts"]["total"] or 0)
    if job.get("status") != "cancelled" or not total:
        return int(job.get("progress") or 0)
    return round(processed(job) * 100 / total)


def progress_tone(job: dict[str, Any]) -> str:
    if job["status"] == "failed":
        return "critical"
    if job["status"] == "completed_with_errors":
        return "warning"
    if job["status"] in ("completed", "review"):
        return "success"
    return "info"


def allowed_actions(job: dict[str, Any], role: str) -> list[str]:
    """Row actions this role may use on this job right now (the API enforces the same)."""
    rank = ROLE_RANK.get(role, 0)
    status = job["status"]
    actions = ["view"]
    if rank >= 1:
        if status in RETRYABLE and job["counts"]["failed"] > 0:
            actions.append("retry")
        if status in ACTIVE or (status in PAUSABLE and job.get("stage") == "publishing"):
            actions.append("pause")
        if status == "paused":
            actions.append("resume")
        if status in ACTIVE or status == "paused":
            actions.append("cancel")
        if job.get("archived"):
            actions.append("unarchive")
        elif status in FINISHED or status == "review":
            actions.append("archive")
    if rank >= 2 and status in FINISHED:
        actions.append("delete")
    return actions


def summary(job: dict[str, Any]) -> str:
    """One line under the title: what and for whom."""
    info = job.get("kind_info") or {}
    parts = [info.get("label") or kind(job["kind"])[0]]
    if job.get("field") in FIELDS and info.get("show_field", True):
        parts.append(field(job["field"]))
    return " · ".join(parts)


def money(value: float | int | None) -> str:
    return f"${float(value or 0):,.4f}".rstrip("0").rstrip(".") if value else "$0"


def file_size(size: int | None) -> str:
    """Bytes as a merchant reads them: 912 KB, 3.4 MB."""
    if not size:
        return "—"
    value = float(size)
    for unit in ("bytes", "KB", "MB"):
        if value < 1024 or unit == "MB":
            return f"{value:,.0f} {unit}" if unit != "MB" else f"{value:,.1f} MB"
        value /= 1024
    return f"{value:,.1f} MB"


DELIVERY_STATUS = {"sent": ("Sent", "success", "check-circle"),
                   "sending": ("Sending", "info", "clock"),
                   "failed": ("Failed", "critical", "alert-circle"),
                   "skipped": ("Skipped", "subtle", "minus-circle")}


def delivery_status(status: str | None) -> tuple[str, str, str]:
    return _tuple(DELIVERY_STATUS, status)
