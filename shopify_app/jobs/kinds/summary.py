"""A kind's account of a whole job beside its items — an import's counts per field and its
failed rows — shown as a card on the job page. The page draws it from this data alone
(templates/_job_summary.html, static/js/job-summary.js); no kind is named there."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TONES = ("", "critical", "warning", "success")


@dataclass(frozen=True)
class Figure:
    """One key number ("Rows read": 300); a tone colours it when it needs attention."""

    label: str
    value: int
    tone: str = ""


@dataclass(frozen=True)
class SummaryTable:
    """A small table: the first column names the rows, the others hold counts."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class Problem:
    """Something that went wrong, where it happened ("Line 14") and why, in plain words."""

    where: str
    what: str


@dataclass(frozen=True)
class Summary:
    """What a kind says about a job as a whole. ``note`` explains the figures (or says
    they are not ready yet: a summary without figures, table and problems is pending and
    the page asks again when the job moves on). ``file`` names the entry of the job's
    ``file_locations`` (its ``label``, else its ``kind``) offered beside the problems,
    as a link reading ``file_label``."""

    heading: str
    note: str | None = None
    figures: tuple[Figure, ...] = ()
    table: SummaryTable | None = None
    problems_heading: str = "Problems"
    problems: tuple[Problem, ...] = ()
    more_problems: int = 0
    file: str | None = None
    file_label: str | None = None

    @property
    def pending(self) -> bool:
        return not (self.figures or self.table or self.problems)

    def to_dict(self) -> dict[str, Any]:
        return {
            "heading": self.heading, "note": self.note, "pending": self.pending,
            "figures": [{"label": f.label, "value": f.value,
                         "tone": f.tone if f.tone in TONES else ""} for f in self.figures],
            "table": None if self.table is None else {
                "caption": self.table.caption, "columns": list(self.table.columns),
                "rows": [list(row) for row in self.table.rows]},
            "problems_heading": self.problems_heading,
            "problems": [{"where": p.where, "what": p.what} for p in self.problems],
            "more_problems": self.more_problems,
            "file": self.file, "file_label": self.file_label or (
                f"Download {self.file.lower()}" if self.file else None),
        }
