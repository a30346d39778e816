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
}


def tab_counts(job: Job) -> dict[str, int]:
    """How many items each tab shows, from one grouped count."""
    counts = queries.status_counts(job)
    found = {}
    for key, (_, query) in ITEM_TABS.items():
        found[key] = sum(n for (status, publish), n in counts.items()
                         if query.get("status", status) == status
                         and query.get("publish_status", publish) == publish)
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
