"""POST /api/jobs/<id>/deliver: send a finished catalog again."""
from __future__ import annotations

from flask import g, jsonify, request
from werkzeug.wrappers import Response

from shopify_app.auth.current import require_role
from shopify_app.delivery.resend import parse_body, request_resend
from shopify_app.jobs import service
from shopify_app.jobs.serialize import job_json
from shopify_app.web.api import bp, json_body


@bp.post("/jobs/<job_id>/deliver")
@require_role("write")
def deliver_job(job_id: str) -> Response:
    job = service.get_job(g.shop, job_id)
    channels = parse_body(json_body() if request.get_data() else {})
    queued = request_resend(job, channels, g.staff.shopify_user_id)
    response = jsonify({"data": {"job": job_json(job), "channels": queued}})
    response.status_code = 202
    return response
