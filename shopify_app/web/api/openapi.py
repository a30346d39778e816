"""GET /api/openapi.json: the API contract. A test keeps it in step with the routes."""
from __future__ import annotations

from typing import Any

from flask import jsonify
from werkzeug.wrappers import Response

from shopify_app.models.job import ITEM_STATUSES, JOB_STATUSES, MODES, PUBLISH_STATUSES, STAGES
from shopify_app.web.api import bp


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


STR, INT, BOOL = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
TIME = {"type": "string", "format": "date-time"}
COUNTS = {"type": "object", "required": ["total", "succeeded", "failed", "skipped",
                                         "published", "pending_review"],
          "properties": {k: INT for k in ("total", "succeeded", "failed", "skipped",
                                          "published", "pending_review", "flagged")}}
CHECK = {"type": "object", "required": ["claim", "span", "kind", "why"], "properties": {
    "claim": STR, "span": {"type": "array", "items": INT, "minItems": 2, "maxItems": 2,
                           "description": "offsets into the proposed text"},
    "kind": STR, "why": STR}}
SCORE = {"type": "object", "required": ["value", "reasons"], "properties": {
    "value": {"type": "integer", "minimum": 0, "maximum": 100},
    "reasons": {"type": "array", "items": {"type": "object", "properties": {
        "code": STR, "message": STR, "points": INT}}}}}

SCHEMAS: dict[str, Any] = {
    "Error": {"type": "object", "required": ["errors"], "properties": {"errors": {
        "type": "array", "items": {"type": "object", "required": ["status", "title", "request_id"],
                                   "properties": {"status": STR, "title": STR, "detail": STR,
                                                  "request_id": STR,
                                                  "source": {"type": "object"},
                                                  "meta": {"type": "object"}}}}}},
    "Me": {"type": "object", "required": ["shop", "user_id", "role"],
           "properties": {"shop": STR, "shop_name": _nullable(STR), "user_id": STR,
                          "role": {"enum": ["read", "write", "admin"]}}},
    "Job": {"type": "object",
            "required": ["id", "kind", "title", "status", "mode", "strategy", "archived",
                         "progress", "counts", "created_at", "updated_at"],
            "properties": {
                "id": STR, "kind": STR, "field": _nullable(STR), "title": STR,
                "status": {"enum": list(JOB_STATUSES)},
                "stage": _nullable({"enum": list(STAGES)}), "mode": {"enum": list(MODES)},
                "strategy": {"enum": ["review", "auto_publish"]}, "archived": BOOL,
                "progress": {"type": "integer", "minimum": 0, "maximum": 100},
                "counts": COUNTS, "scope": _nullable({"type": "object"}),
                "options": {"type": "object"}, "error": _nullable(STR),
                "created_by": _nullable(STR), "request_id": _nullable(STR),
                "created_at": TIME, "started_at": _nullable(TIME),
                "completed_at": _nullable(TIME), "updated_at": TIME,
                "usage": {"type": "object"}, "customer": {"type": "object"},
                "reference": STR, "definition_id": STR, "catalog_id": STR,
                "file_locations": {"type": "array"}, "kind_info": {"type": "object"},
                "seo": {"type": "object", "properties": {
                    "average": _nullable(INT), "average_before": _nullable(INT)}},
                "paused_by": _nullable({"type": "string",
                                        "description": "who paused it, while paused"}),
                "paused_at": _nullable(TIME),
                "schedule_id": _nullable({"type": "string",
                                          "description": "the schedule that started it"}),
                "delivery": {"type": "object", "description": "catalog jobs: per channel",
                             "additionalProperties": _ref("ChannelDelivery")},
                "import_summary": _ref("ImportSummary"),
                "extras": {"type": "object", "description": "import jobs: the same "
                           "import_summary", "properties": {
                               "import_summary": _ref("ImportSummary")}}}},
    "ImportSummary": {
        "type": "object", "description": "import jobs, once the file was compared with the "
        "store: rows read and failed, and per field the values to change, already the "
        "store's (unchanged) and invalid; the failed rows' lines and reasons (the first 50)",
        "required": ["rows_read", "failed_rows", "fields", "failed"],
        "properties": {
            "rows_read": INT, "failed_rows": INT, "items": INT,
            "fields": {"type": "object", "additionalProperties": {
                "type": "object", "required": ["change", "unchanged", "invalid"],
                "properties": {"change": INT, "unchanged": INT, "invalid": INT}}},
            "failed": {"type": "array", "items": {"type": "object", "required": [
                "line", "reason"], "properties": {"line": INT, "reason": STR}}},
            "notices": {"type": "array", "items": {"type": "object"}}}},
    "Item": {"type": "object",
             "required": ["id", "job_id", "status", "publish_status", "attempts", "updated_at"],
             "properties": {
                 "id": STR, "job_id": STR, "product_id": _nullable(STR),
                 "product_title": _nullable(STR), "target_id": _nullable(STR),
                 "status": {"enum": list(ITEM_STATUSES)},
                 "publish_status": {"enum": list(PUBLISH_STATUSES)},
                 "original": _nullable(STR), "proposed": _nullable(STR),
                 "published": _nullable(STR), "error": _nullable(STR), "attempts": INT,
                 "analysis": {}, "usage": {"type": "object"}, "updated_at": TIME,
                 "thumbnail": {**_nullable(STR),
                               "description": "the product's or image's picture, for a row"},
                 "target_label": {**_nullable(STR),
                                  "description": "what the item changes when not the product "
                                                 "itself, e.g. \"Image 2\""},
                 "checks": {"type": "array", "items": CHECK,
                            "description": "claims the product's facts do not support"},
                 "flagged": {"type": "boolean",
                             "description": "has checks: held for review under auto-publish"},
                 "seo": _nullable({"type": "object", "properties": {
                     "before": SCORE, "after": SCORE}}),
                 "proposals": {"type": "array", "items": _ref("Proposal")},
                 "html_value": {"type": "boolean",
                                "description": "original and proposed are HTML (shown "
                                               "rendered), in a job whose other items may "
                                               "be plain text"},
                 "html": {"type": "string", "description": "with include=html: the row"}}},
    "Proposal": {"type": "object", "required": ["text", "checks", "chosen"], "properties": {
        "text": _nullable(STR), "checks": {"type": "array", "items": CHECK},
        "instruction": _nullable(STR), "created_at": _nullable(TIME), "chosen": BOOL,
        "usage": {"type": "object"}}},
    "Regenerate": {"type": "object", "additionalProperties": False, "properties": {
        "instruction": {"type": "string", "maxLength": 500,
                        "description": "e.g. \"shorter\" or \"mention the gift box\""}}},
    "Choose": {"type": "object", "additionalProperties": False, "required": ["proposal"],
               "properties": {"proposal": {"type": "integer", "minimum": 0}}},
    "Schedule": {"type": "object", "required": ["id", "name", "template", "frequency",
                                                "timezone", "paused", "description"],
                 "properties": {
                     "id": STR, "name": STR, "template": _ref("ScheduleTemplate"),
                     "frequency": {"enum": ["hourly", "daily", "weekly"]},
                     "minute": INT, "time": STR, "weekday": STR, "timezone": STR,
                     "paused": BOOL, "description": STR, "next_run_at": _nullable(TIME),
                     "last_run": _nullable({"type": "object", "properties": {
                         "at": TIME, "outcome": {"enum": ["created", "skipped", "failed"]},
                         "job_id": _nullable(STR)}}),
                     "runs": {"type": "array", "items": {"type": "object"},
                              "description": "the latest runs, newest first"},
                     "created_by": _nullable(STR), "created_at": TIME, "updated_at": TIME}},
    "ScheduleTemplate": {"type": "object", "additionalProperties": False,
                         "required": ["kind"],
                         "description": "the job to create, as for POST /api/jobs",
                         "properties": {"kind": STR, "field": STR, "title": STR,
                                        "scope": {"type": "object"},
                                        "options": {"type": "object"},
                                        "strategy": {"enum": ["review", "auto_publish"]},
                                        "mode": {"enum": list(MODES)}}},
    "ScheduleBody": {"type": "object", "additionalProperties": False, "properties": {
        "name": STR, "template": _ref("ScheduleTemplate"),
        "frequency": {"enum": ["hourly", "daily", "weekly"]},
        "minute": {"type": "integer", "minimum": 0, "maximum": 59,
                   "description": "hourly: minutes past the hour"},
        "time": {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$",
                 "description": "daily and weekly: HH:MM in the time zone"},
        "weekday": {"enum": ["monday", "tuesday", "wednesday", "thursday", "friday",
                             "saturday", "sunday"]},
        "timezone": {"type": "string", "description": "IANA, default UTC"},
        "paused": BOOL}},
    "Settings": {"type": "object", "additionalProperties": False, "properties": {
        "strategy": {"enum": ["review", "auto_publish"]},
        "auto_generate": {"type": "object", "additionalProperties": BOOL},
        "regenerate_on_update": BOOL, "reanalyze_on_image_change": BOOL,
        "language": STR, "tone": STR, "brand_voice": STR, "custom_instructions": STR,
        "lengths": {"type": "object", "additionalProperties": INT},
        "templates": {"type": "object", "additionalProperties": STR},
        "analysis_target": {"enum": ["tags", "metafields", "both"]},
        "image_analysis_limit": {"type": "integer", "minimum": 1, "maximum": 20},
        "default_role": {"enum": ["read", "write", "admin"]},
        "retention_days": {"type": "integer", "description": "purge the items of jobs finished "
                           "this many days ago: 0 (default) keeps everything, else 7 to 3650"},
        "retention_include_unpublished": {
            "type": "boolean", "description": "also purge jobs whose results were never "
            "published or can still be reverted (default false)"},
        "roles": {"type": "object", "additionalProperties": {"enum": ["read", "write",
                                                                       "admin"]}},
        "provider": {"type": "object", "description": "read-only"},
        "tones": {"type": "array"}, "fields": {"type": "array"}},
        "example": {"strategy": "review", "tone": "friendly", "brand_voice": "Plain-spoken."}},
    "ChannelDelivery": {"type": "object", "required": ["status"], "properties": {
        "status": {"enum": ["sending", "sent", "failed", "skipped"]},
        "to": _nullable(STR), "audience": _nullable({"enum": ["customer", "merchant"]}),
        "at": _nullable(TIME), "error": _nullable(STR), "attempts": INT}},
    "DeliveryRequest": {"type": "object", "additionalProperties": False, "properties": {
        "channels": {"type": "array", "minItems": 1,
                     "items": {"enum": ["email", "whatsapp"]},
                     "description": "omit for every channel that can send"}}},
    "DeliveryQueued": {"type": "object", "required": ["data"], "properties": {"data": {
        "type": "object", "required": ["job", "channels"],
        "properties": {"job": {"$ref": "#/components/schemas/Job"},
                       "channels": {"type": "array", "items": STR}}}}},
    "Selection": {
        "type": "object", "additionalProperties": False,
        "description": "Which items: item_ids, or all: true (no body or {} also means all). "
                       "Unknown keys are refused, so a typo never widens the selection.",
        "properties": {
            "item_ids": {"type": "array", "minItems": 1, "maxItems": 10_000,
                         "items": {"anyOf": [{"type": "string", "pattern": "^[0-9]{1,19}$"},
                                             {"type": "integer", "minimum": 1}]}},
            "all": {"const": True, "description": "every eligible item of the job"},
            "force": {"type": "boolean", "description": "overwrite a conflict"}},
        "not": {"required": ["item_ids", "all"]}, "example": {"item_ids": ["101", "102"]}},
    "ItemAction": {"type": "object", "additionalProperties": False, "properties": {
        "force": {"type": "boolean", "description": "overwrite a conflict"}},
        "example": {"force": True}},
    "EditItem": {"type": "object", "required": ["proposed"], "additionalProperties": False,
                 "properties": {"proposed": {
                     "description": "text for generated content; {\"tags\": [...]} for an "
                                    "image analysis"}}, "example": {"proposed": "Soft merino."}},
    "Preview": {"type": "object", "required": ["field"], "additionalProperties": False,
                "properties": {"field": STR, "template": STR, "language": STR, "tone": STR,
                               "lengths": {"type": "object"}},
                "example": {"field": "seo_title", "template": "{{ title }} | {{ vendor }}"}},
    "Retry": {"type": "object", "additionalProperties": False, "properties": {
        "settings": {"enum": ["current", "as_created"],
                     "description": "current (default): the shop's settings now"}},
        "example": {"settings": "as_created"}},
    "Resolve": {"type": "object", "required": ["choice"], "additionalProperties": False,
                "properties": {"choice": {"enum": ["keep_theirs", "edit_from_theirs"]}},
                "example": {"choice": "keep_theirs"}},
    "NoInput": {"type": "object", "maxProperties": 0,
                "description": "this action takes no input: no body, or {}"},
    "Queued": {"type": "object", "required": ["data"], "properties": {"data": {
        "type": "object", "required": ["job", "queued"],
        "properties": {"job": {"$ref": "#/components/schemas/Job"}, "queued": INT}}}},
    "CatalogDefinition": {"type": "object",
                          "required": ["id", "name", "active", "layout", "columns", "currency"],
                          "properties": {
        "id": STR, "name": STR, "description": STR, "active": BOOL,
        "layout": {"enum": ["grid", "list", "line_sheet", "custom"]},
        "custom_template": _nullable(STR),
        "columns": {"type": "array", "items": {"enum": [
            "image", "title", "sku", "options", "description", "quantity", "unit_price",
            "line_total", "vendor", "barcode"]}},
        "price_source": {"enum": ["row", "store"]}, "currency": STR, "number_format": STR,
        "image_size": {"type": "integer", "minimum": 100, "maximum": 1200},
        "grouping": {"enum": ["none", "product_type", "vendor"]},
        "page_size": {"enum": ["A4", "Letter"]},
        "branding": {"type": "object", "properties": {
            "accent_color": {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"},
            "header_text": STR, "footer_text": STR, "cover_page": BOOL}},
        "logo_url": _nullable(STR), "created_by": _nullable(STR),
        "created_at": TIME, "updated_at": TIME}},
    "CatalogDefinitionInput": {"type": "object", "description": "every field of a "
                               "CatalogDefinition but id, logo_url and times; PATCH takes any "
                               "subset", "properties": {}},
    "Catalog": {"type": "object", "required": ["id", "job_id", "rows", "files", "created_at"],
                "properties": {
        "id": STR, "job_id": STR, "mode": _nullable({"type": "string",
                                                      "enum": ["production", "test"]}),
        "definition_id": _nullable(STR), "definition_name": STR,
        "customer": {"type": "object"}, "reference": _nullable(STR), "rows": INT,
        "unknown_rows": INT, "currency": STR, "size": INT,
        "build_seconds": _nullable({"type": "number"}),
        "files": {"type": "array", "items": {"$ref": "#/components/schemas/FileLink"}},
        "created_at": TIME}},
    "FileLink": {"type": "object", "required": ["name", "url", "expires_at"], "properties": {
        "name": STR, "kind": _nullable(STR),
        "label": {"type": "string", "description": "what the file is, e.g. \"Failed rows\""},
        "content_type": _nullable(STR),
        "size": _nullable(INT), "url": STR, "expires_at": TIME}},
    "ParsedRows": {"type": "object", "required": ["data"], "properties": {"data": {
        "type": "object", "required": ["items", "problems"], "properties": {
            "items": {"type": "array", "items": {"type": "object"}},
            "problems": {"type": "array", "items": {"type": "object"}}}}}},
    "Upload": {"type": "object",
               "required": ["id", "name", "size", "file", "headers", "mapping", "rows",
                            "counts"],
               "properties": {
                   "id": STR, "name": STR, "size": INT, "created_by": _nullable(STR),
                   "created_at": TIME,
                   "file": {"type": "object", "description": "format, encoding, delimiter"},
                   "headers": {"type": "array", "items": STR},
                   "mapping": {"type": "object", "description": "what each column means"},
                   "rows": {"type": "array", "description": "the first rows and what each "
                            "would change: `errors` fail the row; `warnings` name values past "
                            "a limit, which fail the row unless the store already has them",
                            "items": {"type": "object", "properties": {
                                "line": INT, "cells": {"type": "array", "items": STR},
                                "errors": {"type": "array", "items": STR},
                                "notices": {"type": "array", "items": STR},
                                "warnings": {"type": "array", "items": STR},
                                "changes": {"type": "array", "items": {"type": "object"}}}}},
                   "counts": {"type": "object", "required": ["rows", "changes", "failed_rows",
                                                             "per_field"],
                              "properties": {
                                  "rows": INT, "changes": INT,
                                  "failed_rows": {**INT, "description": "rows that fail "
                                                  "whatever the store holds"},
                                  "rows_fail_unless_unchanged": {
                                      **INT, "description": "rows not counted as failed that "
                                      "set a value past a limit (an SEO title over 70 "
                                      "characters…): the import job leaves such a value alone "
                                      "when the store already has it, and fails the row "
                                      "otherwise"},
                                  "per_field": {
                                      "type": "object", "description": "per field: `set` "
                                      "(values the file sets), `invalid` (failed rows because "
                                      "of it), `fails_unless_unchanged` (of the values set, "
                                      "those past a limit)",
                                      "additionalProperties": {"type": "object", "properties": {
                                          "set": INT, "invalid": INT,
                                          "fails_unless_unchanged": INT}}}}},
                   "failed": {"type": "array", "items": {"type": "object", "properties": {
                       "line": INT, "reason": STR}}},
                   "fail_unless_unchanged": {
                       "type": "array", "description": "the first values past a limit, "
                       "checked against the store when the job runs",
                       "items": {"type": "object", "properties": {
                           "line": INT, "field": STR, "reason": STR}}}}},
    "NewJob": {"type": "object", "required": ["kind"], "properties": {
        "kind": STR, "field": STR, "title": STR, "mode": {"enum": list(MODES)},
        "strategy": {"enum": ["review", "auto_publish"]},
        "scope": {"type": "object", "properties": {
            "type": {"enum": ["all", "collection", "tag", "vendor", "product_type", "status",
                              "products", "missing"]},
            "id": STR, "value": STR, "ids": {"type": "array", "items": STR}}},
        "options": {"type": "object", "description": "per kind; import jobs: `upload_id` "
                    "(from POST /api/uploads, required) and `decimal` (\"auto\", \".\" or "
                    "\",\": how the file writes prices)",
                    "properties": {"upload_id": STR, "decimal": {"enum": ["auto", ".", ","]}}},
        "definition_id": {"type": "string", "description": "catalog jobs: an active definition"},
        "customer": {"type": "object", "description": "catalog jobs: name, email, phone (E.164)",
                     "properties": {"name": STR, "email": STR, "phone": STR}},
        "reference": {"type": "string", "description": "catalog jobs: e.g. a PO number"},
        "items": {"type": "array", "description": "catalog jobs: the SKU rows", "items": {
            "type": "object", "required": ["sku"], "properties": {
                "sku": STR, "description": STR, "quantity": INT, "price": STR}}}},
        "example": {"kind": "generate", "field": "description", "title": "Summer descriptions",
                    "scope": {"type": "tag", "value": "summer"},
                    "options": {"tone": "playful"}}},
}


def _one(schema: str) -> dict[str, Any]:
    return {"type": "object", "required": ["data"], "properties": {"data": _ref(schema)}}


def _list(schema: str) -> dict[str, Any]:
    return {"type": "object", "required": ["data", "meta"], "properties": {
        "data": {"type": "array", "items": _ref(schema)},
        "meta": {"type": "object", "required": ["results", "next_cursor"], "properties": {
            "results": {"type": "object", "properties": {
                "total": INT,
                # Past 1,000 matches PostgreSQL gives the planner's estimate.
                "approximate": BOOL}},
            "next_cursor": _nullable(STR)}}}}


# Errors every authenticated operation can answer: no or bad session token, the shop over
# its API rate (every authenticated request counts against it), and Shopify unreachable
# while exchanging the token for the shop's access token.
AUTH_ERRORS = ("401", "429", "503")
# Operations that read a JSON body: malformed or too deep (400), over the size limit
# (413), not sent as application/json (415).
BODY_ERRORS = ("400", "413", "415")
ERROR_TEXT = {"400": "Malformed request body", "401": "Missing or invalid session token",
              "403": "The staff member's role does not allow this",
              "404": "Not found (or another shop's)", "409": "Not possible in the current state",
              "413": "Request body too large", "415": "Request body is not JSON",
              "422": "Invalid input, one entry per field",
              "429": "Too many requests for this shop; retry after Retry-After seconds",
              "502": "The AI provider failed; try again",
              "503": "Shopify could not be reached; try again"}


# Whole seconds to wait; the envelope repeats it as errors[0].meta.retry_after.
RETRY_AFTER = {"description": "seconds to wait before the next request", "required": True,
               "schema": {"type": "string", "pattern": "^[0-9]+$"}}


def _op(summary: str, role: str, ok: int = 200, body: dict[str, Any] | None = None,
        params: list[dict[str, Any]] | None = None, request: str | None = None,
        content_type: str = "application/json", errors: tuple[str, ...] = (),
        body_required: bool = True) -> dict[str, Any]:
    responses: dict[str, Any] = {
        str(ok): {"description": "OK"} if body is None else
        {"description": "OK", "content": {content_type: {"schema": body}}}}
    statuses = set(AUTH_ERRORS) | set(errors) | (set(BODY_ERRORS) if request else set())
    if role != "read":  # every staff member has at least the read role
        statuses.add("403")
    for status in sorted(statuses):
        responses[status] = {"description": ERROR_TEXT[status],
                             "content": {"application/json": {"schema": _ref("Error")}}}
    responses["429"]["headers"] = {"Retry-After": RETRY_AFTER}
    op: dict[str, Any] = {"summary": summary, "x-required-role": role, "responses": responses,
                          "parameters": params or []}
    if request:
        op["requestBody"] = {"required": body_required,
                             "content": {"application/json": {"schema": _ref(request)}}}
    return op


def _query(name: str, description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": STR}


# One Server-Sent Event: `data` is the JSON text of the change, `id` its stream id.
SSE_EVENT = {"type": "object", "properties": {
    "event": STR, "data": STR, "id": STR, "retry": INT}}
JOB_ID = {"name": "job_id", "in": "path", "required": True, "schema": STR}
ITEM_ID = {"name": "item_id", "in": "path", "required": True, "schema": STR}
SCHEDULE_ID = {"name": "schedule_id", "in": "path", "required": True, "schema": STR}
DEFINITION_ID = {"name": "definition_id", "in": "path", "required": True, "schema": STR}
CATALOG_ID = {"name": "catalog_id", "in": "path", "required": True, "schema": STR}
UPLOAD_ID = {"name": "upload_id", "in": "path", "required": True, "schema": STR}
PAGING = [_query("cursor", "meta.next_cursor of the previous page"),
          _query("limit", "page size, default 20, at most 100")]


def _action(summary: str, conflicts: bool = True) -> dict[str, Any]:
    errors = ("404", "409", "422") if conflicts else ("404", "422")
    return {"post": {**_op(summary, "write", body=_one("Job"), request="NoInput",
                           body_required=False, errors=errors), "parameters": [JOB_ID]}}


def _deliver() -> dict[str, Any]:
    op = _op("Send a completed catalog again (email, WhatsApp)", "write", ok=202,
             body=_ref("DeliveryQueued"), request="DeliveryRequest", body_required=False,
             errors=("404", "409", "422", "429"))
    op["responses"]["409"]["description"] = "Not a completed catalog job, or being sent"
    op["responses"]["429"]["description"] = "Sent less than a minute ago (Retry-After)"
    return {**op, "parameters": [JOB_ID]}


def document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Shelf API", "version": "1",
                 "description": "Every request needs `Authorization: Bearer <session token>`."},
        "components": {"schemas": SCHEMAS, "securitySchemes": {
            "sessionToken": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
        "security": [{"sessionToken": []}],
        "paths": {
            "/api/me": {"get": _op("The shop and staff member behind the token", "read",
                                   body=_one("Me"))},
            "/api/jobs": {
                "get": _op("List jobs, newest first", "read", body=_list("Job"), params=[
                    _query("q", "search title, customer name/email, reference"),
                    _query("status", "comma-separated statuses"),
                    _query("kind", "comma-separated kinds"), _query("mode", "production|test"),
                    _query("created", "today, 7d or 30d"),
                    _query("archived", "false (default), true or all"), *PAGING],
                    errors=("422",)),
                "post": _op("Create a job", "write", ok=201, body=_one("Job"),
                            request="NewJob", errors=("422",))},
            "/api/jobs/{job_id}": {
                "get": {**_op("One job", "read", body=_one("Job"), errors=("404",)),
                        "parameters": [JOB_ID]},
                "delete": {**_op("Delete a finished job with its items and files", "admin",
                                 ok=204, request="NoInput", body_required=False,
                                 errors=("404", "409", "422")), "parameters": [JOB_ID]}},
            "/api/jobs/{job_id}/pause": _action(
                "Pause: no new item starts (items in flight finish), publishing stops "
                "claiming items; the job shows paused_by until resumed"),
            "/api/jobs/{job_id}/resume": _action(
                "Resume a paused job where it stopped; nothing is done twice"),
            "/api/jobs/{job_id}/cancel": _action("Cancel: pending items become skipped"),
            "/api/jobs/{job_id}/retry": {
                "get": {**_op("What a retry with current settings would change "
                              "(data.changes: sentences)", "read", errors=("404",)),
                        "parameters": [JOB_ID]},
                "post": {**_op("Re-run the failed items only, with the settings as they are "
                               "now (default) or as the job was created", "write",
                               body=_one("Job"), request="Retry", body_required=False,
                               errors=("404", "409", "422")), "parameters": [JOB_ID]}},
            "/api/jobs/{job_id}/archive": _action("Archive a finished job"),
            "/api/jobs/{job_id}/unarchive": _action("Unarchive a job", conflicts=False),
            "/api/jobs/{job_id}/deliver": {"post": _deliver()},
            "/api/jobs/{job_id}/items/counts": {"get": {**_op(
                "How many items each filter tab shows (all, unpublished, published, failed, "
                "publish_failed, conflict)", "read", errors=("404",)),
                "parameters": [JOB_ID]}},
            "/api/jobs/{job_id}/items/ids": {"get": {**_op(
                "Every item id matching status / publish_status (up to 10,000), for "
                "selecting all matching items", "read", params=[
                    _query("status", "comma-separated item statuses"),
                    _query("publish_status", "comma-separated publish statuses")],
                errors=("404", "422")), "parameters": [JOB_ID]}},
            "/api/jobs/{job_id}/items": {"get": {**_op(
                "A job's items", "read", body=_list("Item"), params=[
                    _query("status", "comma-separated item statuses"),
                    _query("publish_status", "comma-separated publish statuses"),
                    _query("flagged", "true: only items with unsupported claims"),
                    _query("seo", "low: only items scoring under 60"),
                    _query("sort", "id (default), seo_score or -seo_score"),
                    _query("include", "html: each item's table row as the job page shows it"),
                    *PAGING],
                errors=("404", "422")), "parameters": [JOB_ID]}},
            "/api/jobs/{job_id}/publish": {"post": {**_op(
                "Publish a selection or all unpublished results", "write", ok=202,
                body=_ref("Queued"), request="Selection", body_required=False,
                errors=("404", "409", "422")), "parameters": [JOB_ID]}},
            "/api/jobs/{job_id}/revert": {"post": {**_op(
                "Write the originals back", "write", ok=202, body=_ref("Queued"),
                request="Selection", body_required=False, errors=("404", "409", "422")),
                "parameters": [JOB_ID]}},
            "/api/items/{item_id}": {
                "get": {**_op("One item", "read", body=_one("Item"), params=[
                    _query("include", "html: the item's table row")], errors=("404",)),
                        "parameters": [ITEM_ID]},
                "patch": {**_op("Edit the proposed value before publishing", "write",
                                body=_one("Item"), request="EditItem",
                                errors=("404", "409", "422")), "parameters": [ITEM_ID]}},
            "/api/items/{item_id}/live": {
                "get": {**_op("The item's value in the store now, read live "
                              "(data.value, data.missing)", "read", errors=("404", "409")),
                        "parameters": [ITEM_ID]}},
            "/api/items/{item_id}/resolve": {
                "post": {**_op("Resolve a conflict: keep the store's value, or start an edit "
                               "from it", "write", body=_one("Item"), request="Resolve",
                               errors=("404", "409", "422")),
                         "parameters": [ITEM_ID]}},
            "/api/items/{item_id}/publish": {"post": {**_op(
                "Publish one item", "write", ok=202, body=_one("Item"), request="ItemAction",
                body_required=False, errors=("404", "409", "422")), "parameters": [ITEM_ID]}},
            "/api/items/{item_id}/revert": {"post": {**_op(
                "Revert one item", "write", ok=202, body=_one("Item"), request="ItemAction",
                body_required=False, errors=("404", "409", "422")), "parameters": [ITEM_ID]}},
            "/api/items/{item_id}/regenerate": {"post": {**_op(
                "Generate the item's text again (never from the cache), keeping earlier "
                "proposals", "write", ok=201, body=_one("Item"), request="Regenerate",
                body_required=False, errors=("404", "409", "422", "502")),
                "parameters": [ITEM_ID]}},
            "/api/items/{item_id}/choose": {"post": {**_op(
                "Use one of the item's earlier proposals", "write", body=_one("Item"),
                request="Choose", errors=("404", "409", "422")), "parameters": [ITEM_ID]}},
            "/api/schedules": {
                "get": _op("The shop's schedules", "read", body=_list("Schedule")),
                "post": _op("Create a schedule", "write", ok=201, body=_one("Schedule"),
                            request="ScheduleBody", errors=("422",))},
            "/api/schedules/{schedule_id}": {
                "get": {**_op("One schedule with its latest runs", "read",
                              body=_one("Schedule"), errors=("404",)),
                        "parameters": [SCHEDULE_ID]},
                "patch": {**_op("Change, pause or resume a schedule (send what changes)",
                                "write", body=_one("Schedule"), request="ScheduleBody",
                                errors=("404", "422")), "parameters": [SCHEDULE_ID]},
                "delete": {**_op("Delete a schedule (its jobs stay)", "write", ok=204,
                                 errors=("404",)), "parameters": [SCHEDULE_ID]}},
            "/api/settings": {
                "get": _op("The shop's settings", "read", body=_one("Settings")),
                "put": _op("Change settings (send what GET returned)", "admin",
                           body=_one("Settings"), request="Settings", errors=("422",))},
            "/api/settings/preview": {"post": _op(
                "Render a template on a sample product", "read", request="Preview",
                errors=("422",), body={"type": "object", "required": ["data"], "properties": {
                    "data": {"type": "object", "required": ["text"],
                             "properties": {"text": STR}}}})},
            "/api/scope/count": {"get": _op(
                "How many products a scope covers", "read", body={"type": "object"}, params=[
                    _query("scope", "the scope as JSON, e.g. {\"type\":\"tag\",\"value\":\"x\"}"),
                    _query("field", "the job's field, for the missing scope")],
                errors=("422", "429", "503"))},
            "/api/products": {"get": _op("Search products by title", "read",
                                         body={"type": "object"}, params=[_query("q", "text")],
                                         errors=("422", "429", "503"))},
            "/api/collections": {"get": _op("Search collections by title", "read",
                                            body={"type": "object"},
                                            params=[_query("q", "text")],
                                            errors=("422", "429", "503"))},
            "/api/monitor": {"get": _op("KPI counts and recent activity", "read",
                                        body={"type": "object"})},
            "/api/events": {"get": _op(
                "Server-Sent Events of job and item changes", "read",
                body=SSE_EVENT, content_type="text/event-stream", params=[
                    _query("token", "session token (EventSource cannot send headers)"),
                    _query("last_event_id", "replay events after this id"),
                    _query("updated_since", "replay events since this ISO 8601 time"),
                    {"name": "Last-Event-ID", "in": "header", "required": False,
                     "description": "sent by EventSource on reconnect", "schema": STR}],
                errors=("422", "429"))},
            "/api/catalog-definitions": {
                "get": _op("Catalog definitions, by name", "read",
                           body=_list("CatalogDefinition"),
                           params=[_query("active", "true or false")], errors=("422",)),
                "post": _op("Create a catalog definition", "write", ok=201,
                            body=_one("CatalogDefinition"), request="CatalogDefinitionInput",
                            errors=("422",))},
            "/api/catalog-definitions/preview": {"post": _op(
                "Render a definition on sample rows (checks a custom layout)", "read",
                request="CatalogDefinitionInput", body={"type": "object", "properties": {
                    "data": {"type": "object", "properties": {"html": STR}}}},
                errors=("422",))},
            "/api/catalog-definitions/{definition_id}": {
                "get": {**_op("One catalog definition", "read", body=_one("CatalogDefinition"),
                              errors=("404",)),
                        "parameters": [DEFINITION_ID]},
                "patch": {**_op("Change a definition (any subset of its fields)", "write",
                                body=_one("CatalogDefinition"),
                                request="CatalogDefinitionInput", errors=("404", "422")),
                          "parameters": [DEFINITION_ID]},
                "delete": {**_op("Delete a definition no job uses (409 otherwise: deactivate "
                                 "it)", "admin", ok=204, errors=("404", "409")),
                           "parameters": [DEFINITION_ID]}},
            "/api/catalog-definitions/{definition_id}/logo": {
                "put": {**_op("Upload the logo (PNG, JPEG, WebP or GIF; multipart field "
                              "`logo` or the raw image body; at most 2 MB)", "write",
                              body=_one("CatalogDefinition"),
                              errors=("400", "404", "413", "415", "422")),
                        "parameters": [DEFINITION_ID]},
                "delete": {**_op("Remove the logo", "write", body=_one("CatalogDefinition"),
                                 errors=("404",)),
                           "parameters": [DEFINITION_ID]}},
            "/api/catalog-rows/parse": {"post": _op(
                "Item rows from pasted cells ({\"text\": ...}, tab- or comma-separated) or an "
                "uploaded CSV (multipart field `file`)", "write", body=_ref("ParsedRows"),
                errors=("400", "413", "415", "422"))},
            "/api/catalogs": {"get": _op(
                "Built catalogs, newest first", "read", body=_list("Catalog"),
                params=[_query("q", "customer name or email, reference"),
                        _query("mode", "production|test: catalogs of jobs in that mode"),
                        *PAGING],
                errors=("422",))},
            "/api/catalogs/{catalog_id}": {"get": {**_op(
                "One catalog with signed links to its HTML, PDF and ZIP", "read",
                body=_one("Catalog"), errors=("404",)), "parameters": [CATALOG_ID]}},
            "/api/catalogs/{catalog_id}/links": {"post": {**_op(
                "Fresh share links lasting `days` (1 to 90, default 7)", "write",
                body=_one("Catalog"), errors=("400", "404", "413", "415", "422")),
                "parameters": [CATALOG_ID],
                "requestBody": {"required": False, "content": {"application/json": {
                    "schema": {"type": "object", "properties": {"days": INT}}}}}}},
            "/api/uploads": {"post": _op(
                "Upload a spreadsheet (CSV or XLSX, multipart field `file`, at most 50 MB) "
                "for an import: checked and previewed, then kept for the import job",
                "write", ok=201, body=_one("Upload"),
                errors=("400", "413", "415", "422"))},
            "/api/uploads/{upload_id}": {"get": {**_op(
                "One upload's preview: encoding, delimiter, column mapping, first rows, "
                "counts", "read", body=_one("Upload"), errors=("404",)),
                "parameters": [UPLOAD_ID]}},
            "/api/openapi.json": {"get": {"summary": "This document", "security": [],
                                          "responses": {"200": {"description": "OK"}}}},
        },
    }


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(document())
