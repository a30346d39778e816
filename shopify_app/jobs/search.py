"""Job search and list totals that stay fast at hundreds of thousands of jobs.

Search finds jobs whose title, customer name, email, reference or first product
titles contain the query from the start of a word, ignoring case and accents.
SQLite answers from an FTS5 index (`jobs_fts`, kept in sync by triggers);
PostgreSQL from a trigram GIN index on `jobs.search_text` serving a LIKE.

A list filtered only by archived state and kind takes its exact total from the
trigger-kept `shop_job_totals`. Any other list's total is exact up to
`EXACT_TOTAL_LIMIT` matches; past it, PostgreSQL gives the planner's estimate
and SQLite scales up how densely the newest jobs match (a search for a common
word), both marked approximate, instead of counting every row.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Integer, and_, func, literal_column, select, text

from shopify_app.extensions import db
from shopify_app.models import Job, ShopJobTotals

EXACT_TOTAL_LIMIT = 1000
# Up to this many FTS matches (all shops) a search reads its jobs by rowid: a reference
# like "po-11" also starts po-110…po-11999, and walking the shop's jobs to the
# 1,001st of those would read most of them.
FTS_DIRECT_LIMIT = 5000
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


@dataclass
class Match:
    condition: ColumnElement[bool]
    # True when the query may match more jobs than are worth counting one by one.
    common: bool
    # SQLite: the condition names the matching jobs' rowids, read one by one.
    by_rowid: bool = False


def match_condition(query: str) -> Match | None:
    """How to find jobs whose search text holds `query`; None for a blank query.

    As before, the folded query must appear in the folded text (LIKE wildcards typed
    by the merchant stay literal). On PostgreSQL the trigram GIN index serves that
    LIKE. On SQLite the FTS index is asked first (the query's words in order, the
    last one as a prefix): when few jobs match, their rows are read directly; when
    many do, walking the shop's newest jobs finds a page sooner than any index.
    """
    folded = fold(query).strip()
    if not folded:
        return None
    escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    contains = Job.search_text.like(f"%{escaped}%", escape="\\")
    words = _WORD.findall(folded)
    if _dialect() != "sqlite" or not words:
        return Match(contains, common=_dialect() != "sqlite")
    phrase = '"' + " ".join(words) + '"*'
    # Counted inside SQLite first: a common word's thousands of rowids never reach Python.
    matches = db.session.scalar(
        text("SELECT count(*) FROM (SELECT 1 FROM jobs_fts WHERE jobs_fts MATCH :phrase "
             "LIMIT :cap)").bindparams(phrase=phrase, cap=FTS_DIRECT_LIMIT + 1)) or 0
    if matches > FTS_DIRECT_LIMIT:
        return Match(contains, common=True)
    rowids = list(db.session.scalars(
        text("SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH :phrase")
        .bindparams(phrase=phrase)))
    return Match(and_(literal_column("jobs.rowid").in_(rowids), contains), common=False,
                 by_rowid=True)


def shop_condition(shop_id: int, match: Match | None) -> ColumnElement[bool]:
    """The list's shop filter. With a rowid match it is written so no index can take it
    ("+jobs.shop_id"): SQLite, which has no statistics, takes a shop's range of an index
    for a few rows and would walk all of a big shop's jobs to find a handful of matches
    it can read directly by rowid."""
    if match is not None and match.by_rowid:
        return literal_column("+jobs.shop_id", Integer) == shop_id
    return Job.shop_id == shop_id


def maintained_total(shop_id: int, archived: str, kinds: Sequence[str] = ()) -> int:
    """Exactly how many of the shop's jobs a list of `archived` ("true", "false" or "all")
    and `kinds` holds, from the trigger-kept totals: a few rows, whatever the shop's size."""
    jobs = func.coalesce(func.sum(ShopJobTotals.jobs), 0)
    archived_jobs = func.coalesce(func.sum(ShopJobTotals.archived), 0)
    column = {"all": jobs, "true": archived_jobs}.get(archived, jobs - archived_jobs)
    stmt = select(column).where(ShopJobTotals.shop_id == shop_id)
    if kinds:
        stmt = stmt.where(ShopJobTotals.kind.in_(list(kinds)))
    return int(db.session.scalar(stmt) or 0)


def page_total(conditions: Sequence[ColumnElement[bool]], match: Match | None = None,
               base_total: int | None = None) -> tuple[int, bool]:
    """The number of jobs matching `conditions` (and `match`) and whether it is an estimate.

    `base_total`, when known, is how many jobs `conditions` alone match.
    """
    matching = [*conditions, *([match.condition] if match else [])]
    if match is None and base_total is not None:
        return base_total, False
    if _dialect() == "sqlite":
        if match and match.common:
            return _extrapolate(conditions, matching, base_total)
        # SQLite counts a shop's jobs from a covering index quickly enough to stay exact.
        return _count(matching), False
    capped = select(Job.id).where(*matching).limit(EXACT_TOTAL_LIMIT + 1).subquery()
    count = db.session.scalar(select(func.count()).select_from(capped)) or 0
    if count <= EXACT_TOTAL_LIMIT:
        return count, False
    return max(count, _planner_estimate(select(Job.id).where(*matching))), True


def _count(conditions: Sequence[ColumnElement[bool]]) -> int:
    return db.session.scalar(select(func.count()).select_from(Job).where(*conditions)) or 0


def _extrapolate(conditions: Sequence[ColumnElement[bool]],
                 matching: Sequence[ColumnElement[bool]],
                 base_total: int | None) -> tuple[int, bool]:
    """Scale the first EXACT_TOTAL_LIMIT matches up by how many jobs they were found in.

    The newest match past the limit bounds the walk; without one the exact count is
    cheap (at most EXACT_TOTAL_LIMIT matches). `base_total` spares counting the jobs
    that `conditions` alone match when the maintained totals already know it.
    """
    boundary = db.session.execute(
        select(Job.created_at, Job.id).where(*matching)
        .order_by(Job.created_at.desc(), Job.id.desc()).offset(EXACT_TOTAL_LIMIT).limit(1)).first()
    if boundary is None:
        return _count(matching), False
    # A plain range, so the list index bounds the count (an OR with the id tie-break made
    # SQLite read all the shop's jobs); jobs created in the same instant barely move it.
    scanned = _count([*conditions, Job.created_at >= boundary.created_at])
    base = _count(conditions) if base_total is None else base_total
    return max(EXACT_TOTAL_LIMIT + 1,
               round((EXACT_TOTAL_LIMIT + 1) * base / max(scanned, 1))), True


def _planner_estimate(stmt: Any) -> int:
    compiled = stmt.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True})
    plan = db.session.execute(text(f"EXPLAIN (FORMAT JSON) {compiled}")).scalar()
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])
