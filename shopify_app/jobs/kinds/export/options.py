"""What an export request may ask for: scope, columns, format, layout, an earlier job's
proposed values. Every problem names its field so the merchant knows what to fix."""
from __future__ import annotations

from typing import Any

from shopify_app.jobs.errors import InvalidInput
from shopify_app.jobs.kinds.base import NewJob
from shopify_app.jobs.kinds.scope_check import scope_problem, with_names
from shopify_app.shopify import ScopeError, plan_scope
from shopify_app.spreadsheets import SHELF_COLUMNS

FORMATS = ("csv", "xlsx")
LAYOUTS = ("shelf", "shopify")
DEFAULT_COLUMNS = ("id", "handle", "title", "vendor", "type", "status", "tags",
                   "description_html", "seo_title", "seo_description")
OPTION_KEYS = ("columns", "format", "layout", "from_job")
SCOPE_LABELS = {"all": "all products", "collection": "a collection",
                "products": "picked products", "missing": "products missing a field"}
# A generation job's field → the spreadsheet field its proposed values fill.
PROPOSED_FIELDS = {"description": "description_html", "seo_title": "seo_title",
                   "seo_description": "seo_description", "alt_text": "image_alt"}
SOURCE_KIND = "generate"


def validate_body(body: dict[str, Any], shop: Any) -> NewJob:
    problems: list[tuple[str, str]] = []
    scope = body.get("scope") or {"type": "all"}
    if not isinstance(scope, dict):
        problems.append(("scope", scope_problem(scope)))
    else:
        try:
            plan_scope(scope)
        except (ScopeError, ValueError):
            problems.append(("scope", scope_problem(scope)))
    options = body.get("options") or {}
    if not isinstance(options, dict):
        raise InvalidInput([*problems, ("options", "options must be an object")])
    unknown = [key for key in options if key not in OPTION_KEYS]
    if unknown:
        problems.append((f"options.{unknown[0]}",
                         f"unknown option {str(unknown[0])[:40]}; the options are "
                         f"{', '.join(OPTION_KEYS)}"))
    file_format = options.get("format", "csv")
    if file_format not in FORMATS:
        problems.append(("options.format", "format must be csv or xlsx"))
    layout = options.get("layout", "shelf")
    if layout not in LAYOUTS:
        problems.append(("options.layout", "layout must be shelf (our columns) or shopify "
                                           "(Shopify admin's product CSV)"))
    columns = options.get("columns", list(DEFAULT_COLUMNS))
    if (not isinstance(columns, list) or not columns
            or not all(isinstance(c, str) for c in columns)):
        problems.append(("options.columns", "columns must be a non-empty list of column names"))
        columns = []
    else:
        wrong = [c for c in columns if c not in SHELF_COLUMNS]
        if wrong:
            problems.append(("options.columns", f"unknown column {wrong[0][:40]!r}; choose from "
                                                f"{', '.join(SHELF_COLUMNS)}"))
        columns = list(dict.fromkeys(columns))
    proposed_field = None
    source = options.get("from_job")
    if source is not None:
        proposed_field, problem = _source_field(source, shop)
        if problem:
            problems.append(("options.from_job", problem))
    title = body.get("title")
    if title is not None and (not isinstance(title, str) or len(title) > 255):
        problems.append(("title", "title must be text of at most 255 characters"))
    if problems:
        raise InvalidInput(problems)
    if layout == "shopify" and proposed_field:
        raise InvalidInput([("options.from_job", "proposed values go in our own layout; "
                                                 "choose layout shelf")])
    scope = with_names(shop, scope)
    stored = {"columns": columns, "format": file_format, "layout": layout}
    if source is not None:
        stored["from_job"] = source
    return NewJob(title=title or f"Export — {_scope_label(scope)} ({file_format.upper()})",
                  scope=scope, options=stored,
                  params={"proposed_field": proposed_field})


def _source_field(source: Any, shop: Any) -> tuple[str | None, str | None]:
    """(the spreadsheet field the earlier job proposes, or a problem)."""
    from shopify_app.extensions import db
    from shopify_app.jobs.ids import is_job_id
    from shopify_app.models import Job

    job = db.session.get(Job, source) if isinstance(source, str) and is_job_id(source) else None
    if job is None or job.shop_id != shop.id:  # another shop's job looks like a missing one
        return None, "from_job must be the id of one of this store's generation jobs"
    if job.kind != SOURCE_KIND or job.field not in PROPOSED_FIELDS:
        return None, "from_job must be a content generation job"
    return PROPOSED_FIELDS[job.field], None


def source_jobs(shop: Any, limit: int = 25) -> list[dict[str, Any]]:
    """The store's latest generation jobs whose proposals an export can carry, by title:
    the New job form offers them by name instead of asking for an id."""
    from sqlalchemy import select

    from shopify_app.extensions import db
    from shopify_app.models import Job

    if not shop.id:
        return []
    jobs = db.session.scalars(
        select(Job).where(Job.shop_id == shop.id, Job.kind == SOURCE_KIND,
                          Job.archived.is_(False), Job.field.in_(tuple(PROPOSED_FIELDS)),
                          Job.succeeded > 0)
        # created_at alone: the (shop, archived, kind, created_at) index serves it, where
        # an id tie-break made SQLite walk all the shop's jobs of every kind.
        .order_by(Job.created_at.desc()).limit(limit))
    return [{"id": job.id, "title": job.title or "Untitled job",
             "created": job.created_at.strftime("%b %-d, %Y")} for job in jobs]


def _scope_label(scope: dict[str, Any]) -> str:
    kind = scope.get("type", "all")
    if kind in ("tag", "vendor", "product_type", "status"):
        return f"{kind.replace('_', ' ')} {scope.get('value')}"
    if kind == "collection" and scope.get("title"):
        return f"collection {scope['title']}"
    return SCOPE_LABELS.get(kind, str(kind))
