"""`import`: a spreadsheet's values (our export's columns or Shopify admin's product CSV)
→ one reviewable item per value that differs from the store's.

The fan-out reads the stored upload, finds the products, variants and images its rows
name, and compares each value with the store's (reading.py, plan.py); values already
in the store are counted as unchanged, rows that can't be used go to a failed-rows
file. Publishing, conflicts and revert go through ImportPublisher like any
reviewable kind.
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

from .options import validate_body
from .publisher import ImportPublisher


class ImportKind(JobKind):
    name = "import"
    stage = "importing"
    reviewable = True
    batch_size = 200
    form_template = "kinds/import.html"
    publisher = ImportPublisher()

    def presentation(self, job: Any) -> Presentation:
        facts: tuple[str, ...] = ()
        if job is not None:
            upload = job.params.get("upload") or {}
            facts = tuple(f for f in (upload.get("name"),) if f)
        return Presentation(label="Spreadsheet import", icon="upload", publish_verb="Publish",
                            result_label="New value", show_field=False, facts=facts,
                            succeeded_label="Ready", proposed_by="Your file")

    def form_context(self, shop: Any) -> dict[str, Any]:
        from shopify_app.uploads import MAX_UPLOAD_BYTES

        # The form refuses a larger file before sending a byte of it.
        return {"max_bytes": MAX_UPLOAD_BYTES}

    def validate(self, body: dict[str, Any], shop: Any, staff: Any) -> NewJob:
        return validate_body(body, shop)

    def size_hint(self, context: RunContext) -> int | None:
        # The rows counted when the file was uploaded: each is read against the store.
        rows = (context.job.params.get("upload") or {}).get("rows")
        return rows if isinstance(rows, int) else None

    def enumerate(self, context: RunContext) -> Iterator[ItemSpec]:
        from .reading import plan_items

        yield from plan_items(context)

    def process(self, item: ItemInput, context: RunContext) -> ItemResult:
        data = item.input
        return ItemResult(ok=True, proposed=data.get("proposed", ""),
                          analysis={"field": data.get("field"), "label": data.get("label"),
                                    "line": data.get("line"),
                                    "warnings": data.get("warnings") or []})

    def job_extras(self, job: Any) -> dict[str, Any]:
        summary = job.params.get("import_summary")
        if summary is None:
            return {}
        return {"import_summary": summary, "extras": {"import_summary": summary}}

    def summary(self, job: Any) -> Any:
        from .summary_card import summary_card

        return summary_card(job)

    def delete_files(self, job: Any) -> None:
        from .reading import delete_files

        delete_files(job)


def register_kinds() -> None:
    from shopify_app.jobs.kinds import register

    register(ImportKind())
