"""Publishing and reverting: whole jobs, selections and single items; editing a result."""
from __future__ import annotations

from flask import g, jsonify
from werkzeug.wrappers import Response

from shopify_app.auth.current import require_role
from shopify_app.errors import ApiError, ValidationError
from shopify_app.extensions import db
from shopify_app.jobs import conflicts, proposals, publishing, service
from shopify_app.jobs.ids import parse_row_id
from shopify_app.jobs.serialize import item_json, job_json
from shopify_app.models import Job, JobItem
from shopify_app.web import item_rows
from shopify_app.web.api import bp
from shopify_app.web.api.bodies import json_body, optional_json_body
from shopify_app.web.api.selection import bulk_selection, one_item_options


def _item(item_id: str) -> tuple[JobItem, Job]:
    row_id = parse_row_id(item_id)
    item = db.session.get(JobItem, row_id) if row_id is not None else None
    job = db.session.get(Job, item.job_id) if item is not None else None
    if item is None or job is None or job.shop_id != g.shop.id:
        raise ApiError(404, f"Item {item_id} was not found")
    return item, job


def _accepted(job: Job, result: dict[str, int]) -> Response:
    db.session.refresh(job)
    response = jsonify({"data": {"job": job_json(job), **result}})
    response.status_code = 202
    return response


@bp.post("/jobs/<job_id>/publish")
@require_role("write")
def publish_job(job_id: str) -> Response:
    job = service.get_job(g.shop, job_id)
    selection = bulk_selection()
    return _accepted(job, publishing.request_publish(
        job, selection.item_ids, actor=g.staff.shopify_user_id, force=selection.force))


@bp.post("/jobs/<job_id>/revert")
@require_role("write")
def revert_job(job_id: str) -> Response:
    job = service.get_job(g.shop, job_id)
    selection = bulk_selection()
    return _accepted(job, publishing.request_revert(
        job, selection.item_ids, actor=g.staff.shopify_user_id, force=selection.force))


@bp.get("/items/<item_id>")
@require_role("read")
def get_item(item_id: str) -> Response:
    item, job = _item(item_id)
    return jsonify({"data": item_rows.serializer(job)(item)})


@bp.patch("/items/<item_id>")
@require_role("write")
def edit_item(item_id: str) -> Response:
    item, job = _item(item_id)
    body = json_body()
    unknown = [key for key in body if key != "proposed"]
    if unknown or "proposed" not in body:
        raise ValidationError([("proposed", "send {\"proposed\": \"the new value\"}")])
    edited = publishing.edit_item(item, job, body["proposed"], g.staff.shopify_user_id)
    return jsonify({"data": item_json(edited)})


def _one(item_id: str, action: str) -> Response:
    item, job = _item(item_id)
    force = one_item_options().force
    request = publishing.request_publish if action == "publish" else publishing.request_revert
    request(job, [item.id], actor=g.staff.shopify_user_id, force=force)
    db.session.refresh(item)
    response = jsonify({"data": item_json(item)})
    response.status_code = 202
    return response


@bp.post("/items/<item_id>/publish")
@require_role("write")
def publish_item(item_id: str) -> Response:
    return _one(item_id, "publish")


@bp.post("/items/<item_id>/revert")
@require_role("write")
def revert_item(item_id: str) -> Response:
    return _one(item_id, "revert")


@bp.get("/items/<item_id>/live")
@require_role("read")
def live_item_value(item_id: str) -> Response:
    """The value in the store now (read live), for the conflict view."""
    item, job = _item(item_id)
    return jsonify({"data": conflicts.live_value(job, item)})


@bp.post("/items/<item_id>/resolve")
@require_role("write")
def resolve_conflict(item_id: str) -> Response:
    item, job = _item(item_id)
    body = json_body()
    choice = body.get("choice")
    if set(body) != {"choice"} or choice not in conflicts.CHOICES:
        raise ValidationError([("choice", "choice must be keep_theirs or edit_from_theirs")])
    resolved = conflicts.resolve(job, item, choice, g.staff.shopify_user_id)
    return jsonify({"data": item_json(resolved)})


@bp.post("/items/<item_id>/regenerate")
@require_role("write")
def regenerate_item(item_id: str) -> Response:
    item, job = _item(item_id)
    instruction = proposals.parse_instruction(optional_json_body())
    item = proposals.regenerate(job, item, instruction, g.staff.shopify_user_id)
    response = jsonify({"data": item_rows.serializer(job)(item)})
    response.status_code = 201
    return response


@bp.post("/items/<item_id>/choose")
@require_role("write")
def choose_proposal(item_id: str) -> Response:
    item, job = _item(item_id)
    item = proposals.choose(job, item, json_body(), g.staff.shopify_user_id)
    return jsonify({"data": item_rows.serializer(job)(item)})
