"""The JSON shapes of a JOB and an ITEM (the API contract; events carry the same)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from shopify_app.jobs.kinds import get_kind, kind_names
from shopify_app.jobs.kinds.base import Presentation
from shopify_app.models import Job, JobItem
from shopify_app.models.job import loads

# Personal data kept with a job's options, shown only as part of "customer".
PRIVATE_OPTIONS = ("customer_phone",)


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def job_json(job: Job) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": job.id, "kind": job.kind, "field": job.field, "title": job.title,
        "status": job.status, "stage": job.stage, "mode": job.mode, "strategy": job.strategy,
        "archived": job.archived, "progress": job.progress,
        "counts": _counts(job),
        "seo": {"average": job.seo_average, "average_before": job.seo_average_before},
        "paused_by": job.paused_by, "paused_at": iso(job.paused_at),
        "schedule_id": job.schedule_id,
        "scope": job.scope or None,
        "options": {k: v for k, v in job.options.items() if k not in PRIVATE_OPTIONS},
        "error": job.error, "created_by": job.created_by, "request_id": job.request_id,
        "created_at": iso(job.created_at), "started_at": iso(job.started_at),
        "completed_at": iso(job.completed_at), "updated_at": iso(job.updated_at),
        "usage": {"tokens_in": job.tokens_in, "tokens_out": job.tokens_out,
                  "cost": float(job.cost or 0), "provider": job.provider, "model": job.model},
        "kind_info": kind_info(job),
    }
    if job.customer_name or job.customer_email:
        data["customer"] = {"name": job.customer_name, "email": job.customer_email,
                            "phone": job.options.get("customer_phone")}
    for key in ("reference", "definition_id", "catalog_id"):
        if getattr(job, key):
            data[key] = getattr(job, key)
    if job.file_locations:
        data["file_locations"] = file_links(job.file_locations)
    if job.kind in kind_names():
        kind = get_kind(job.kind)
        data.update(kind.job_extras(job))
        summary = kind.summary(job)
        if summary is not None:
            data["summary"] = summary.to_dict()
    return data


def jobs_json(jobs: list[Job]) -> list[dict[str, Any]]:
    """A page of jobs: each kind reads what its jobs show in one go, then each job."""
    by_kind: dict[str, list[Job]] = {}
    for job in jobs:
        by_kind.setdefault(job.kind, []).append(job)
    for name, group in by_kind.items():
        if name in kind_names():
            get_kind(name).prepare_listing(group)
    return [job_json(job) for job in jobs]


def kind_info(job: Job) -> dict[str, Any]:
    """What the pages need to show this job's kind: labels, actions, the item previewer."""
    if job.kind not in kind_names():  # its code is gone: show it, offer nothing
        return Presentation(label=job.kind.replace("_", " ").capitalize()).to_dict(
            reviewable=False)
    kind = get_kind(job.kind)
    return kind.presentation(job).to_dict(
        reviewable=kind.reviewable and kind.publisher is not None)


def file_links(files: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stored files with fresh signed links (the storage keys themselves stay private)."""
    from shopify_app.storage import url_for_key

    return [{"name": f["name"], "kind": f.get("kind"), "content_type": f.get("content_type"),
             "size": f.get("size"), **({"label": f["label"]} if f.get("label") else {}),
             **url_for_key(f["key"], filename=f["name"],
                           inline=f.get("content_type") in ("text/html", "application/pdf"))}
            for f in files if f.get("key")]


def job_summary(job: Job) -> dict[str, Any]:
    """The fields that change while a job runs, for live events."""
    return {"id": job.id, "status": job.status, "stage": job.stage, "progress": job.progress,
            "archived": job.archived, "error": job.error, "counts": _counts(job),
            "paused_by": job.paused_by,
            "updated_at": iso(job.updated_at), "completed_at": iso(job.completed_at)}


def _counts(job: Any) -> dict[str, int]:
    return {"total": job.total, "succeeded": job.succeeded, "failed": job.failed,
            "skipped": job.skipped, "published": job.published,
            "pending_review": job.pending_review, "flagged": job.flagged or 0}


def thumbnail(source: Any, analysis: Any) -> str | None:
    """The image a row shows: what the kind named (`thumbnail_url` in an item's input, the
    product's or image's picture), else the first image a result analyzed."""
    url = source.get("thumbnail_url") if isinstance(source, dict) else None
    if not url and isinstance(analysis, dict):
        url = next((image.get("url") for image in analysis.get("images") or []
                    if isinstance(image, dict) and image.get("url")), None)
    return url if isinstance(url, str) and url.startswith(("https://", "http://")) else None


def item_json(item: JobItem) -> dict[str, Any]:
    analysis = loads(item.analysis_json)
    source = loads(item.input_json) or {}
    # How the pages name an item's target when it is not the product ("Image 2"), never its id.
    label = source.get("target_label") if isinstance(source, dict) else None
    return {
        "id": str(item.id), "job_id": item.job_id, "product_id": item.product_id,
        "product_title": item.product_title, "target_id": item.target_id,
        "status": item.status, "publish_status": item.publish_status,
        "original": item.original, "proposed": item.proposed,
        "published": item.published_value, "error": item.error, "attempts": item.attempts,
        "analysis": analysis, "thumbnail": thumbnail(source, analysis),
        "target_label": label if isinstance(label, str) else None,
        # An HTML value in a job whose other items may be plain text (an import's rows).
        "html_value": bool(source.get("html")) if isinstance(source, dict) else False,
        "checks": loads(item.checks_json) or [], "flagged": bool(item.flagged),
        "seo": loads(item.seo_json), "proposals": loads(item.proposals_json) or [],
        "usage": {"tokens_in": item.tokens_in, "tokens_out": item.tokens_out,
                  "cost": float(item.cost or 0)},
        "updated_at": iso(item.updated_at),
    }


def item_change(item_id: int, status: str, publish_status: str,
                error: str | None = None) -> dict[str, Any]:
    return {"id": str(item_id), "status": status, "publish_status": publish_status,
            "error": error}
