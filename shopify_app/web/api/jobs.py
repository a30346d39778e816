"""/api/jobs: list, create, read, pause, resume, cancel, retry, archive, delete, and items."""
from __future__ import annotations

from flask import g, jsonify, request
from werkzeug.wrappers import Response

from shopify_app.auth.current import require_role
from shopify_app.jobs import pausing, queries, service
from shopify_app.jobs.kinds import kind_names
from shopify_app.jobs.serialize import job_json
from shopify_app.web import item_rows
from shopify_app.web.api import bp
from shopify_app.web.api.bodies import json_body, no_body


def _page(page: queries.Page, serialize) -> Response:  # type: ignore[no-untyped-def]
    return jsonify({"data": [serialize(row) for row in page.rows],
                    "meta": {"results": {"total": page.total},
                             "next_cursor": page.next_cursor}})


def _actor() -> str:
    return g.staff.shopify_user_id


@bp.get("/jobs")
@require_role("read")
def list_jobs() -> Response:
    return _page(queries.list_jobs(g.shop, request.args.to_dict(), kind_names()), job_json)


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
    no_body()  # retry takes no selection: it always re-runs exactly the failed items
    return jsonify({"data": job_json(service.retry_job(job, _actor()))})


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


@bp.get("/jobs/<job_id>/items")
@require_role("read")
def list_items(job_id: str) -> Response:
    job = service.get_job(g.shop, job_id)
    return _page(queries.list_items(job, request.args.to_dict()), item_rows.serializer(job))
