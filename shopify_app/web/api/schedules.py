"""/api/schedules: scheduled sweeps (a job template plus when to run it)."""
from __future__ import annotations

from flask import g, jsonify
from werkzeug.wrappers import Response

from shopify_app.auth.current import require_role
from shopify_app.schedules import service
from shopify_app.web.api import bp, json_body


@bp.get("/schedules")
@require_role("read")
def list_schedules() -> Response:
    found = service.list_schedules(g.shop)
    return jsonify({"data": [service.schedule_json(s, runs=False) for s in found],
                    "meta": {"results": {"total": len(found)}, "next_cursor": None}})


@bp.post("/schedules")
@require_role("write")
def create_schedule() -> Response:
    schedule = service.create(g.shop, g.staff, json_body())
    response = jsonify({"data": service.schedule_json(schedule)})
    response.status_code = 201
    response.headers["Location"] = f"/api/schedules/{schedule.id}"
    return response


@bp.get("/schedules/<schedule_id>")
@require_role("read")
def get_schedule(schedule_id: str) -> Response:
    return jsonify({"data": service.schedule_json(service.get_schedule(g.shop, schedule_id))})


@bp.patch("/schedules/<schedule_id>")
@require_role("write")
def update_schedule(schedule_id: str) -> Response:
    body = json_body()  # a malformed body is refused before the lookup
    schedule = service.get_schedule(g.shop, schedule_id)
    schedule = service.update(g.shop, g.staff, schedule, body)
    return jsonify({"data": service.schedule_json(schedule)})


@bp.delete("/schedules/<schedule_id>")
@require_role("write")
def delete_schedule(schedule_id: str) -> Response:
    service.delete(service.get_schedule(g.shop, schedule_id))
    return Response(status=204)
