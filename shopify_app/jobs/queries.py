"""Listing jobs and items: filters, search, keyset cursors and totals."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, func, or_, select

from shopify_app.extensions import db
from shopify_app.jobs import search
from shopify_app.jobs.errors import InvalidInput
from shopify_app.jobs.ids import MAX_ROW_ID, decode_cursor, encode_cursor, is_job_id, parse_row_id
from shopify_app.models import Job, JobItem, Shop
from shopify_app.models.job import ITEM_STATUSES, JOB_STATUSES, MODES, PUBLISH_STATUSES
from shopify_app.models.types import utcnow

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
CREATED_RANGES = {"7d": timedelta(days=7), "30d": timedelta(days=30)}


@dataclass
class Page:
    rows: list[Any]
    total: int
    next_cursor: str | None
    # True when `total` is an estimate (a very long list on PostgreSQL).
    approximate: bool = False


def parse_limit(raw: str | None) -> int:
    if raw is None or raw == "":
        return DEFAULT_LIMIT
    limit = parse_row_id(raw)  # ASCII digits only: "²".isdigit() is true, int("²") fails
    if limit is None or limit > MAX_LIMIT:
        raise InvalidInput([("limit", f"limit must be a whole number from 1 to {MAX_LIMIT}")])
    return limit


def _choice(args: dict[str, str], name: str, allowed: tuple[str, ...] | list[str],
            problems: list[tuple[str, str]]) -> list[str]:
    raw = args.get(name)
    if not raw:
        return []
    values = [v.strip() for v in raw.split(",") if v.strip()]
    bad = [v for v in values if v not in allowed]
    if bad:
        problems.append((name, f"{name} must be one of: {', '.join(allowed)}"))
    return values


def _created_since(value: str, now: datetime) -> datetime:
    if value == "today":
        return now.replace(hour=0, minute=0, second=0, microsecond=0)
    return now - CREATED_RANGES[value]


def list_jobs(shop: Shop, args: dict[str, str], kinds: list[str]) -> Page:
    problems: list[tuple[str, str]] = []
    statuses = _choice(args, "status", JOB_STATUSES, problems)
    kind_filter = _choice(args, "kind", kinds, problems)
    modes = _choice(args, "mode", MODES, problems)
    created = args.get("created")
    if created and created not in ("today", *CREATED_RANGES):
        problems.append(("created", "created must be today, 7d or 30d"))
    archived = args.get("archived", "false").lower()
    if archived not in ("true", "false", "all"):
        problems.append(("archived", "archived must be true, false or all"))
    limit = parse_limit(args.get("limit"))
    cursor = _decode(args.get("cursor"), problems, _job_position)
    if problems:
        raise InvalidInput(problems)

    match = search.match_condition(args.get("q") or "")
    conditions = [search.shop_condition(shop.id, match)]
    if archived != "all":
        conditions.append(Job.archived.is_(archived == "true"))
    if statuses:
        conditions.append(Job.status.in_(statuses))
    if kind_filter:
        conditions.append(Job.kind.in_(kind_filter))
    if modes:
        conditions.append(Job.mode.in_(modes))
    if created:
        conditions.append(Job.created_at >= _created_since(created, utcnow()))
    # Later pages carry the first page's total in their cursor: counting a big shop's
    # jobs again for every "load more" would cost more than the page itself.
    total = _carried_total(cursor, 2)
    approximate = bool(cursor and len(cursor) > 3 and cursor[3] is True)
    if total is None:
        # Filtered by archived state and kind only: the maintained totals know the count.
        base_total = None if statuses or modes or created else \
            search.maintained_total(shop.id, archived, kind_filter)
        total, approximate = search.page_total(conditions, match, base_total)
    if match is not None:
        conditions.append(match.condition)
    stmt: Select[Any] = select(Job).where(*conditions)
    if cursor:
        created_at, job_id = _job_position(cursor)
        stmt = stmt.where(or_(Job.created_at < created_at,
                              and_(Job.created_at == created_at, Job.id < job_id)))
    rows = list(db.session.scalars(stmt.order_by(Job.created_at.desc(), Job.id.desc())
                                   .limit(limit + 1)))
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor([rows[-1].created_at, rows[-1].id, total, approximate])
    return Page(rows, total, next_cursor, approximate)


ITEM_SORTS = ("id", "seo_score", "-seo_score")
# Items scoring below this show under the "low score" filter.
LOW_SEO_SCORE = 60


def list_items(job: Job, args: dict[str, str], known_total: int | None = None) -> Page:
    """A page of the job's items; `known_total` is the filters' count when the caller
    has it already (the job page counts every tab at once), sparing a second count."""
    problems: list[tuple[str, str]] = []
    statuses = _choice(args, "status", ITEM_STATUSES, problems)
    publish = _choice(args, "publish_status", PUBLISH_STATUSES, problems)
    flagged = (args.get("flagged") or "").lower()
    if flagged not in ("", "true", "false"):
        problems.append(("flagged", "flagged must be true or false"))
    seo = args.get("seo") or ""
    if seo not in ("", "low"):
        problems.append(("seo", f"seo must be low (scores under {LOW_SEO_SCORE})"))
    sort = args.get("sort") or "id"
    if sort not in ITEM_SORTS:
        problems.append(("sort", f"sort must be one of: {', '.join(ITEM_SORTS)}"))
    limit = parse_limit(args.get("limit"))
    by_id = sort == "id"
    cursor = _decode(args.get("cursor"), problems,
                     _item_position if by_id else _score_position(sort))
    if problems:
        raise InvalidInput(problems)
    conditions = [JobItem.job_id == job.id]
    if statuses:
        conditions.append(JobItem.status.in_(statuses))
    if publish:
        conditions.append(JobItem.publish_status.in_(publish))
    if flagged:
        conditions.append(JobItem.flagged.is_(flagged == "true"))
    if seo == "low":
        conditions.append(JobItem.seo_score < LOW_SEO_SCORE)
    total = _carried_total(cursor, 1 if by_id else 2)
    if total is None:
        total = known_total
    if total is None:
        total = db.session.scalar(select(func.count()).select_from(JobItem)
                                  .where(*conditions)) or 0
    stmt = select(JobItem).where(*conditions)
    if by_id:
        if cursor:
            stmt = stmt.where(JobItem.id > _item_position(cursor))
        rows = list(db.session.scalars(stmt.order_by(JobItem.id).limit(limit + 1)))
    else:
        rows = _sorted_by_score(stmt, sort, cursor, limit)
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor([last.id, total] if by_id else
                                    [_score(last.seo_score), last.id, total, sort])
    return Page(rows, total, next_cursor)


MATCHING_CAP = 10_000  # the most items one bulk action takes (the selection limit)


def _item_conditions(job: Job, args: dict[str, str]) -> list[Any]:
    problems: list[tuple[str, str]] = []
    statuses = _choice(args, "status", ITEM_STATUSES, problems)
    publish = _choice(args, "publish_status", PUBLISH_STATUSES, problems)
    if problems:
        raise InvalidInput(problems)
    conditions = [JobItem.job_id == job.id]
    if statuses:
        conditions.append(JobItem.status.in_(statuses))
    if publish:
        conditions.append(JobItem.publish_status.in_(publish))
    return conditions


def matching_item_ids(job: Job, args: dict[str, str]) -> tuple[list[int], int]:
    """Ids of every item matching the filters (up to MATCHING_CAP) and how many match."""
    conditions = _item_conditions(job, args)
    total = db.session.scalar(select(func.count()).select_from(JobItem)
                              .where(*conditions)) or 0
    ids = list(db.session.scalars(select(JobItem.id).where(*conditions)
                                  .order_by(JobItem.id).limit(MATCHING_CAP)))
    return ids, total


def status_counts(job: Job) -> dict[tuple[str, str], int]:
    """How many items the job has in each (status, publish status) pair: one query."""
    rows = db.session.execute(select(JobItem.status, JobItem.publish_status, func.count())
                              .where(JobItem.job_id == job.id)
                              .group_by(JobItem.status, JobItem.publish_status)).all()
    return {(status, publish): int(count) for status, publish, count in rows}


def _score(value: int | None) -> int:
    return -1 if value is None else value  # unscored items sort below every score


def _sorted_by_score(stmt: Select[Any], sort: str, cursor: list[Any] | None,
                     limit: int) -> list[Any]:
    """Keyset pages on (score, id): lowest first, or highest first with "-seo_score"."""
    key = func.coalesce(JobItem.seo_score, -1)
    if sort == "seo_score":
        if cursor:
            stmt = stmt.where(or_(key > cursor[0], and_(key == cursor[0],
                                                        JobItem.id > cursor[1])))
        order = (key.asc(), JobItem.id.asc())
    else:
        if cursor:
            stmt = stmt.where(or_(key < cursor[0], and_(key == cursor[0],
                                                        JobItem.id > cursor[1])))
        order = (key.desc(), JobItem.id.asc())
    return list(db.session.scalars(stmt.order_by(*order).limit(limit + 1)))


def _score_position(sort: str) -> Callable[[list[Any]], tuple[int, int]]:
    def position(cursor: list[Any]) -> tuple[int, int]:
        """(score, id) of the last item on the previous page; ValueError if not one."""
        score, row_id = (cursor[0], parse_row_id(cursor[1])) if len(cursor) == 4 \
            and cursor[3] == sort and isinstance(cursor[1], int) else (None, None)
        if not isinstance(score, int) or isinstance(score, bool) or not -1 <= score <= 100 \
                or row_id is None:
            raise ValueError("not a cursor of this order")
        return score, row_id

    return position


def _job_position(cursor: list[Any]) -> tuple[datetime, str]:
    """(created_at, id) of the last job on the previous page; ValueError if not one."""
    if len(cursor) < 2 or not isinstance(cursor[0], str) or not is_job_id(cursor[1]):
        raise ValueError("not a jobs cursor")
    created_at = datetime.fromisoformat(cursor[0])
    if created_at.tzinfo is None:
        raise ValueError("not a jobs cursor")
    try:
        return created_at.astimezone(UTC), cursor[1]
    except OverflowError as exc:  # year 1 at +14:00, year 9999 at -14:00
        raise ValueError("not a jobs cursor") from exc


def _item_position(cursor: list[Any]) -> int:
    """The id of the last item on the previous page; ValueError if not one."""
    position = parse_row_id(cursor[0]) if cursor and isinstance(cursor[0], int) else None
    if position is None:
        raise ValueError("not an items cursor")
    return position


def _decode(raw: str | None, problems: list[tuple[str, str]],
            position: Callable[[list[Any]], Any]) -> list[Any] | None:
    """A cursor this list made, or a problem: hand-made cursors never reach the query."""
    if not raw:
        return None
    try:
        values = decode_cursor(raw)
        position(values)
        return values
    except ValueError:
        problems.append(("cursor", "cursor is not valid; use meta.next_cursor from a list"))
        return None


def _carried_total(cursor: list[Any] | None, index: int) -> int | None:
    if cursor and len(cursor) > index and isinstance(cursor[index], int) \
            and not isinstance(cursor[index], bool) and 0 <= cursor[index] <= MAX_ROW_ID:
        return cursor[index]
    return None


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
