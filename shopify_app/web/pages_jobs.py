"""The jobs pages: the list (home), a new job, and one job with its items."""
from __future__ import annotations

from typing import Any

from flask import request
from werkzeug.wrappers import Response

from shopify_app import settings as shop_settings
from shopify_app.ai import FIELD_SPECS
from shopify_app.ai.settings import LANGUAGES
from shopify_app.auth.staff import staff_names
from shopify_app.jobs import queries, service
from shopify_app.jobs.errors import InvalidInput, NotFound
from shopify_app.jobs.kinds import kind_names, registered
from shopify_app.jobs.serialize import item_json, job_json, jobs_json
from shopify_app.models.job import JOB_STATUSES, MODES
from shopify_app.web import item_rows, page_format
from shopify_app.web.pages import Viewer, bp, page_view, render

PAGE_SIZE = "20"
JOB_FILTERS = ("q", "status", "kind", "mode", "created", "archived")
ITEM_TABS = item_rows.ITEM_TABS
ITEM_SORTS = ("seo_score", "-seo_score")
SCOPE_STATUSES = ("active", "draft", "archived", "unlisted")


@bp.get("/")
@page_view
def home(viewer: Viewer) -> Response:
    filters = {key: value for key in JOB_FILTERS
               if (value := (request.args.get(key) or "").strip())}
    error = None
    try:
        page = queries.list_jobs(viewer.shop, {**filters, "limit": PAGE_SIZE}, kind_names())
    except InvalidInput as exc:
        page, error = queries.Page([], 0, None), exc.detail
    filtered = any(key != "archived" or value != "false" for key, value in filters.items())
    has_any = page.total > 0 or (not filtered and service.count_jobs(viewer.shop) > 0)
    return render("jobs.html", viewer, page_title="Jobs", nav="jobs",
                  jobs=jobs_json(page.rows), total=page.total,
                  approximate=page.approximate,
                  next_cursor=page.next_cursor, filters=filters, filtered=filtered,
                  has_any=has_any, error=error, kinds=kind_names(), statuses=JOB_STATUSES,
                  modes=MODES)


@bp.get("/jobs/new")
@page_view
def new_job(viewer: Viewer) -> Response:
    settings = shop_settings.get_settings(viewer.shop)
    # Kinds with a form of their own; others are created through the API.
    forms = {kind.name: kind.form_template for kind in registered() if kind.form_template}
    form_data = {kind.name: kind.form_context(viewer.shop)
                 for kind in registered() if kind.form_template}
    field = request.args.get("field")
    lengths = {spec.field.value: {"target": settings["lengths"].get(spec.field.value,
                                                                     spec.default_target),
                                  "unit": spec.unit, "label": spec.label}
               for spec in FIELD_SPECS.values()}
    return render("job_new.html", viewer, page_title="New job", nav="new",
                  settings=settings, kinds=list(forms), forms=forms, form_data=form_data,
                  languages=LANGUAGES,
                  field=field if field in page_format.FIELDS else "description",
                  lengths=lengths, scope_statuses=SCOPE_STATUSES)


@bp.get("/jobs/<job_id>")
@page_view
def job_detail(viewer: Viewer, job_id: str) -> Response:
    try:
        job = service.get_job(viewer.shop, job_id)
    except NotFound:
        return render("not_found.html", viewer, status=404, page_title="Job not found",
                      nav="jobs", detail=f"There is no job {job_id} in this store. It may "
                                         "have been deleted.")
    data = job_json(job)
    tabs = item_rows.tabs_for(data["kind_info"])
    tab = request.args.get("items", "all")
    if tab not in tabs:
        tab = "all"
    sort = request.args.get("sort")
    sorting = {"sort": sort} if sort in ITEM_SORTS and data["kind_info"].get("scored") else {}
    tab_filters = {key: {**query, **sorting} for key, (_, query) in tabs.items()}
    counts = item_rows.tab_counts(job, tabs)
    items = queries.list_items(job, {**tab_filters[tab], "limit": PAGE_SIZE},
                               known_total=counts[tab])
    return render("job_detail.html", viewer, page_title=job.title or "Job", nav="jobs",
                  job=data, items=[item_json(item) for item in items.rows],
                  items_total=items.total, items_cursor=items.next_cursor, tab=tab,
                  tabs={key: label for key, (label, _) in tabs.items()},
                  tab_filters=tab_filters, sort=sorting.get("sort"),
                  tab_counts=counts,
                  scope_text=_scope_text(data),
                  staff_names=staff_names(job.shop_id, {job.created_by, job.paused_by} - {None}))


def _scope_text(job: dict[str, Any]) -> str:
    scope = job.get("scope") or {}
    kind = scope.get("type")
    if kind == "all":
        return "All products"
    if kind == "collection":
        # Jobs created before collections were named say which kind of scope, not an id.
        return f"Collection: {scope['title']}" if scope.get("title") else "One collection"
    if kind in ("tag", "vendor", "product_type", "status"):
        value = scope.get("value")
        value = ", ".join(value) if isinstance(value, list) else value
        return f"{kind.replace('_', ' ').capitalize()}: {value}"
    if kind == "products":
        count = len(scope.get("ids") or [])
        return f"{count} picked product{'' if count == 1 else 's'}"
    if kind == "missing":
        return f"Products missing {page_format.field(scope.get('field')).lower()}"
    return "—"
