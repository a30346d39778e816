"""The import summary as the job page's summary card: counts per field (to change,
unchanged, invalid), rows read, the failed rows with line and reason, and the
failed-rows file to fix and upload again."""
from __future__ import annotations

from typing import Any

from shopify_app.jobs.kinds.summary import Figure, Problem, Summary, SummaryTable

from . import values
from .reading import FAILED_LABEL

HEADING = "Import summary"
COLUMNS = ("Field", "To change", "Unchanged", "Invalid")


def summary_card(job: Any) -> Summary | None:
    found = job.params.get("import_summary")
    if found is None:
        if job.status in ("pending", "processing", "paused"):
            return Summary(HEADING, note="Shelf is reading the file and comparing each value "
                                         "with the store; the counts appear here then.")
        return None  # the file could not be read: the job's error says why
    fields = found.get("fields") or {}
    failed = found.get("failed") or []
    rows = tuple((_label(name), n.get("change", 0), n.get("unchanged", 0), n.get("invalid", 0))
                 for name, n in fields.items())
    return Summary(
        HEADING,
        note="Values equal to the store's are skipped; the others wait for your review. "
             "Nothing is written before you publish.",
        figures=(Figure("Rows read", found.get("rows_read", 0)),
                 Figure("Values to change", sum(r[1] for r in rows)),
                 Figure("Failed rows", found.get("failed_rows", 0), "critical")),
        table=SummaryTable("Per field", COLUMNS, rows) if rows else None,
        problems_heading="Failed rows",
        problems=tuple(Problem(f"Line {f['line']}", f["reason"]) for f in failed),
        more_problems=max(0, found.get("failed_rows", 0) - len(failed)),
        file=FAILED_LABEL, file_label="Download failed rows to fix and upload again")


def _label(name: str) -> str:
    try:
        return values.label(name)
    except KeyError:
        return name.replace("_", " ").capitalize()
