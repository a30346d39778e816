"""/api/jobs: list, create, read, pause, resume, cancel, retry, archive, delete, and items."""
from __future__ import annotations

from flask import g, jsonify, request
from werkzeug.wrappers import Response

from shopify_app.auth.current import require_role
from shopify_app.errors import ValidationError
from shopify_app.jobs import pausing, queries, service
from shopify_app.jobs.kinds import kind_names
from shopify_app.jobs.serialize import job_json, jobs_json, kind_info
from shopify_app.web import item_rows
from shopify_app.web.api import bp
from shopify_app.web.api.bodies import json_body, no_body, optional_json_body


def _page(page: queries.Page, serialize=None, *,  # type: ignore[no-untyped-def]
          serialize_all=None) -> Response:
    rows = serialize_all(page.rows) if serialize_all else [serialize(row) for row in page.rows]
    return jsonify({"data": rows,
                    "meta": {"results": {"total": page.total,
                                         "approximate": page.approximate},
                             "next_cursor": page.next_cursor}})


def _actor() -> str:
    return g.staff.shopify_user_id


@bp.get("/jobs")
@require_role("read")
def list_jobs() -> Response:
    return _page(queries.list_jobs(g.shop, request.args.to_dict(), kind_names()),
                 serialize_all=jobs_json)


@bp.post("/jobs")
@require_role("write")
def create_job() -> Response:
    job = service.create_job(g.shop, g.staff, json_body())
    response = jsonify({"data": job_json(job)})
    response.status_code = 201
    response.headers["Location"] = f"/api/jobs/{job.id}"
    return response


@bp.get("/jobs/<job_id>")
@require_role("read")
def get_job(job_id: str) -> Response:
    return jsonify({"data": job_json(service.get_job(g.shop, job_id))})


@bp.delete("/jobs/<job_id>")
@require_role("admin")
def delete_job(job_id: str) -> Response:
    job = service.get_job(g.shop, job_id)
    no_body()
    service.delete_job(job, _actor())
    return Response(status=204)


@bp.post("/jobs/<job_id>/cancel")
@require_role("write")
def cancel_job(job_id: str) -> Response:
    job = service.get_job(g.shop, job_id)
    no_body()
    return jsonify({"data": job_json(service.cancel_job(job, _actor()))})


RETRY_SETTINGS = ("current", "as_created")


@bp.get("/jobs/<job_id>/retry")
@require_role("read")
def retry_preview(job_id: str) -> Response:
    """What a retry with current settings would change, for the Retry dialog."""
    _, changes = service.retry_changes(service.get_job(g.shop, job_id))
    return jsonify({"data": {"changes": changes}})


@bp.post("/jobs/<job_id>/pause")
@require_role("write")
def pause_job(job_id: str) -> Response:
    no_body()
    return jsonify({"data": job_json(pausing.pause_job(service.get_job(g.shop, job_id),
                                                       _actor()))})


@bp.post("/jobs/<job_id>/resume")
@require_role("write")
def resume_job(job_id: str) -> Response:
    no_body()
    return jsonify({"data": job_json(pausing.resume_job(service.get_job(g.shop, job_id),
                                                        _actor()))})




@bp.post("/jobs/<job_id>/retry")
@require_role("write")
def retry_job(job_id: str) -> Response:
    job = service.get_job(g.shop, job_id)
    body = optional_json_body()  # no body: current settings
    unknown = sorted(set(body) - {"settings"})
    if unknown:
        raise ValidationError([(unknown[0], f"{unknown[0]} is not a retry option; "
                                            "send settings: current or as_created")])
    settings = body.get("settings", "current")
    if settings not in RETRY_SETTINGS:
        raise ValidationError([("settings", "settings must be current (use the settings "
                                            "as they are now) or as_created")])
    _, changes = service.retry_changes(job) if settings == "current" else (None, [])
    retried = service.retry_job(job, _actor(), current_settings=settings == "current")
    return jsonify({"data": job_json(retried), "changes": changes})


@bp.post("/jobs/<job_id>/archive")
@require_role("write")
def archive_job(job_id: str) -> Response:
    job = service.get_job(g.shop, job_id)
    no_body()
    job = service.set_archived(job, True, _actor())
    return jsonify({"data": job_json(job)})


@bp.post("/jobs/<job_id>/unarchive")
@require_role("write")
def unarchive_job(job_id: str) -> Response:
    job = service.get_job(g.shop, job_id)
    no_body()
    job = service.set_archived(job, False, _actor())
    return jsonify({"data": job_json(job)})


@bp.get("/jobs/<job_id>/items/counts")
@require_role("read")
def item_tab_counts(job_id: str) -> Response:
    """How many items each filter tab of the job page shows."""
    job = service.get_job(g.shop, job_id)
    return jsonify({"data": item_rows.tab_counts(job, item_rows.tabs_for(kind_info(job)))})


@bp.get("/jobs/<job_id>/items/ids")
@require_role("read")
def matching_item_ids(job_id: str) -> Response:
    """Every item id matching the filters (status, publish_status), for "select all N"."""
    args = {k: v for k, v in request.args.to_dict().items() if k in ("status", "publish_status")}
    ids, total = queries.matching_item_ids(service.get_job(g.shop, job_id), args)
    return jsonify({"data": {"ids": [str(i) for i in ids], "total": total,
                             "complete": len(ids) == total}})


@bp.get("/jobs/<job_id>/items")
@require_role("read")
def list_items(job_id: str) -> Response:
    job = service.get_job(g.shop, job_id)
    return _page(queries.list_items(job, request.args.to_dict()), item_rows.serializer(job))
