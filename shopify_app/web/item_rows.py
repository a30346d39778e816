"""Items with their table row as HTML, for the job page's scripts.

The job page renders item rows from one Jinja macro (templates/_macros.html
item_row); rows that arrive later (load more, live updates, another tab) are the
same macro's output, asked for with `?include=html` on the items API.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import g, render_template, request

from shopify_app.jobs import queries
from shopify_app.jobs.serialize import item_json, kind_info
from shopify_app.models import Job, JobItem

# Tabs of the items table -> the /api/jobs/{id}/items filters they stand for.
ITEM_TABS: dict[str, tuple[str, dict[str, str]]] = {
    "all": ("All", {}),
    "unpublished": ("Unpublished", {"status": "succeeded", "publish_status": "unpublished"}),
    "published": ("Published", {"publish_status": "published"}),
    "failed": ("Failed", {"status": "failed"}),
    "publish_failed": ("Publish failed", {"publish_status": "failed"}),
    "conflict": ("Conflict", {"publish_status": "conflict"}),
    # Reverted results are waiting to be published again; without a tab they were only in All.
    "reverted": ("Reverted", {"status": "succeeded", "publish_status": "reverted"}),
}
# Tabs of kinds whose results are never sent to the store: nothing there is published.
UNREVIEWED_TABS = ("all", "failed")
# Tabs of kinds whose results carry fact checks or SEO scores (kind_info checked, scored).
CHECK_TABS = {"flagged": ("Claims to check", {"flagged": "true"})}
SCORE_TABS = {"low_score": ("Low SEO score", {"seo": "low"})}


def tabs_for(info: dict[str, Any]) -> dict[str, tuple[str, dict[str, str]]]:
    """The item tabs a job's page shows, by what its kind's results carry."""
    tabs = dict(ITEM_TABS) if info.get("reviewable") else \
        {key: ITEM_TABS[key] for key in UNREVIEWED_TABS}
    if info.get("checked"):
        tabs.update(CHECK_TABS)
    if info.get("scored"):
        tabs.update(SCORE_TABS)
    return tabs


def tab_counts(job: Job, extra: dict[str, tuple[str, dict[str, str]]] | None = None,
               ) -> dict[str, int]:
    """How many items each tab shows: the status tabs from one grouped count, and any
    extra tab (claims to check, low SEO score) from its own filtered count."""
    counts = queries.status_counts(job)
    found = {}
    for key, (_, query) in ITEM_TABS.items():
        found[key] = sum(n for (status, publish), n in counts.items()
                         if query.get("status", status) == status
                         and query.get("publish_status", publish) == publish)
    for key, (_, query) in (extra or {}).items():
        if key not in found:
            found[key] = queries.list_items(job, {**query, "limit": "1"}).total
    return found


def wants_html() -> bool:
    return request.args.get("include") == "html"


def serializer(job: Job) -> Callable[[JobItem], dict[str, Any]]:
    """item_json, plus the rendered row when the request asked for it."""
    if not wants_html():
        return item_json
    info, role, shop = kind_info(job), g.staff.role, g.shop.domain

    def with_row(item: JobItem) -> dict[str, Any]:
        data = item_json(item)
        data["html"] = render_template("item_row.html", item=data, role=role, shop=shop,
                                       info=info)
        return data

    return with_row
