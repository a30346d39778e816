"""Job search and list totals that stay fast at hundreds of thousands of jobs.

Search finds jobs whose title, customer name, email, reference or first product
titles contain the query from the start of a word, ignoring case and accents.
SQLite answers from an FTS5 index (`jobs_fts`, kept in sync by triggers);
PostgreSQL from a trigram GIN index on `jobs.search_text` serving a LIKE.

A list's total is counted exactly up to `EXACT_TOTAL_LIMIT`; past it PostgreSQL
gives the planner's estimate (marked approximate) instead of counting every row.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal_column, select, text

from shopify_app.extensions import db
from shopify_app.models import Job

EXACT_TOTAL_LIMIT = 1000
# Words of a query: what FTS5's unicode61 tokenizer also splits text into.
_WORD = re.compile(r"\w+", re.UNICODE)


def fold(value: str) -> str:
    """Lower-case and strip accents, so "Crème" is found by "creme" and the reverse."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search_document(parts: Iterable[str | None]) -> str:
    """The text stored in `jobs.search_text` for a job's searchable fields."""
    return fold(" ".join(part for part in parts if part))


def _dialect() -> str:
    return db.engine.dialect.name


def match_condition(query: str) -> ColumnElement[bool] | None:
    """A WHERE condition for jobs whose search text holds `query`, or None for a blank one.

    As before, the folded query must appear in the folded text (LIKE wildcards typed
    by the merchant stay literal). On SQLite the FTS index first narrows the jobs to
    those where the query's words follow each other, the last one as a prefix.
    """
    folded = fold(query).strip()
    if not folded:
        return None
    escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    contains = Job.search_text.like(f"%{escaped}%", escape="\\")
    words = _WORD.findall(folded)
    if _dialect() != "sqlite" or not words:
        return contains  # PostgreSQL: the trigram GIN index serves this LIKE
    phrase = '"' + " ".join(words) + '"*'
    matching = select(literal_column("rowid")).select_from(text("jobs_fts")).where(
        text("jobs_fts MATCH :fts_query").bindparams(fts_query=phrase))
    return and_(literal_column("jobs.rowid").in_(matching), contains)


def page_total(conditions: Sequence[ColumnElement[bool]]) -> tuple[int, bool]:
    """The number of jobs matching `conditions` and whether that number is an estimate."""
    capped = select(Job.id).where(*conditions).limit(EXACT_TOTAL_LIMIT + 1).subquery()
    count = db.session.scalar(select(func.count()).select_from(capped)) or 0
    if count <= EXACT_TOTAL_LIMIT:
        return count, False
    if _dialect() != "postgresql":
        # SQLite counts from its indexes quickly enough to stay exact.
        return db.session.scalar(select(func.count()).select_from(Job)
                                 .where(*conditions)) or 0, False
    return max(count, _planner_estimate(select(Job.id).where(*conditions))), True


def _planner_estimate(stmt: Any) -> int:
    compiled = stmt.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True})
    plan = db.session.execute(text(f"EXPLAIN (FORMAT JSON) {compiled}")).scalar()
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])
