"""`export`: the products of a scope → one CSV or XLSX file, in our columns or in
Shopify admin's product CSV layout, optionally beside an earlier generation job's
proposed values (for offline review).

One item per product: the fan-out reads the scope (a bulk query for large ones,
pages for small ones) and writes each product's rows to the file as the product
arrives, storing the file once the scope is read (files.py); the items keep the
product's handle and row count. The finishing stage (`writing`) gives the job's
`file_locations` the file's signed link. Nothing is written to the store.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from shopify_app.jobs.kinds.base import (
    ItemInput,
    ItemResult,
    ItemSpec,
    JobKind,
    NewJob,
    Presentation,
    RunContext,
)
from shopify_app.shopify import iter_scope, scope_size_hint
from shopify_app.spreadsheets import CellTooLongError

from .options import source_jobs, validate_body
from .snapshot import read_fields, snapshot


class ExportKind(JobKind):
    name = "export"
    stage = "reading"
    finishing_stage = "writing"
    reviewable = False
    batch_size = 1000  # an item costs nothing to process: fewer, larger batches
    form_template = "kinds/export.html"

    def presentation(self, job: Any) -> Presentation:
        ready = job is not None and job.status in ("completed", "completed_with_errors") \
            and bool(job.file_locations)
        return Presentation(label="Spreadsheet export", icon="product-list", result_label="Rows",
                            show_field=False, editable=False, succeeded_label="Exported",
                            files=True, outcome=(("File ready", "success"),) if ready else ())

    def form_context(self, shop: Any) -> dict[str, Any]:
        return {"source_jobs": source_jobs(shop)}

    def validate(self, body: dict[str, Any], shop: Any, staff: Any) -> NewJob:
        return validate_body(body, shop)

    def size_hint(self, context: RunContext) -> int | None:
        return scope_size_hint(context.shopify(), context.job.scope)

    def enumerate(self, context: RunContext) -> Iterator[ItemSpec]:
        from .files import ExportFile, remember_file

        options = context.job.options
        fields = read_fields(options["columns"], options["layout"])
        with ExportFile(context.job) as export:
            try:
                for product in iter_scope(context.shopify(), context.job.scope, fields):
                    rows = export.add(snapshot(product))
                    yield ItemSpec(product_id=product.id, product_title=product.title,
                                   input={"handle": product.handle, "rows": rows})
            except CellTooLongError as exc:
                # No file can hold this value: reading stops, and the finishing stage
                # fails the job with the advice.
                remember_file(context.job.id, {"error": exc.message})
                return
            remember_file(context.job.id, export.store())

    def process(self, item: ItemInput, context: RunContext) -> ItemResult:
        handle, rows = item.input.get("handle"), item.input.get("rows")
        if rows is None:  # an item stored by an earlier version keeps the whole product
            product = item.input.get("product") or {}
            handle = product.get("handle")
            rows = max(1, len(product.get("variants") or ()), len(product.get("images") or ()))
        return ItemResult(ok=True, proposed=f"{handle}: {rows} row{'s' if rows != 1 else ''}")

    def finalize(self, context: RunContext) -> None:
        from .files import write_export

        write_export(context.job.id)

    def delete_files(self, job: Any) -> None:
        from .files import delete_export_files

        delete_export_files(job)


def register_kinds() -> None:
    from shopify_app.jobs.kinds import register

    register(ExportKind())
