"""Millions of job items and their events, generated inside the database.

The list, search, detail and monitor benchmarks run at 100,000 jobs and ten
million items. Sending ten million rows from Python would take longer than the
measurements, so each statement makes a chunk of jobs' items in the database
itself from a numbers table, with the item table's secondary indexes and
triggers set aside and rebuilt afterwards (what a restore from a dump does).

Items are shaped like a description job's: a title, original and proposed HTML,
the input facts and an SEO result, about 800 bytes a row with its indexes.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

# Items of a job are numbered 0..n-1; titles are what the search trigger would add.
SEARCH_ITEMS = 25
JOBS_PER_STATEMENT = 1000
EVENTS_PER_JOB = 4

ITEMS_SQL = """
INSERT INTO job_items (job_id, position, batch, product_id, product_title, status,
    publish_status, input_json, original, proposed, seo_json, seo_score, flagged,
    attempts, tokens_in, tokens_out, cost, created_at, updated_at)
SELECT j.id, s.x, s.x / 25, 'gid://shopify/Product/' || (s.x + 1001),
    'Product ' || (s.x + 1) || ' linen shirt',
    CASE WHEN s.x % 20 = 0 THEN 'failed' WHEN s.x % 20 = 1 THEN 'skipped'
         ELSE 'succeeded' END,
    CASE WHEN j.status = 'completed' AND s.x % 20 > 1 THEN 'published'
         ELSE 'unpublished' END,
    '{"title": "Product ' || (s.x + 1) || ' linen shirt", "vendor": "Acme", '
      || '"product_type": "Shirts", "tags": ["linen", "summer", "bench"], '
      || '"thumbnail_url": "https://cdn.example.com/p/' || (s.x + 1001) || '.jpg"}',
    '<p>Our product ' || (s.x + 1) || ' is a shirt in washed linen. Loose cut, two '
      || 'pockets, mother-of-pearl buttons. Machine washable at 30 degrees.</p>',
    '<p>Meet product ' || (s.x + 1) || ': a relaxed shirt in washed European linen that '
      || 'softens with every wear. Two chest pockets, mother-of-pearl buttons and a '
      || 'loose cut keep it cool from the first warm morning to late summer evenings. '
      || 'Machine washable at 30 degrees.</p>',
    '{"before": 54, "after": ' || (60 + s.x % 40) || ', "reasons": ["length", "keyword"]}',
    60 + s.x % 40, (s.x % 50 = 7), 1, 420, 180, 0.00123, j.created_at, j.created_at
FROM jobs j JOIN bench_seq s ON s.x < :count
WHERE j.id IN ({ids})
"""

EVENTS_SQL = """
INSERT INTO job_events (shop_id, job_id, item_id, action, actor, data_json, created_at)
SELECT j.shop_id, j.id, NULL,
    CASE s.x WHEN 0 THEN 'job.created' WHEN 1 THEN 'job.started'
             WHEN 2 THEN 'job.finished' ELSE 'job.published' END,
    'staff:1', '{"items": ' || j.total || '}', j.created_at
FROM jobs j JOIN bench_seq s ON s.x < :events
WHERE j.id IN ({ids})
"""


@dataclass
class Layout:
    """How many items each job gets: a few large jobs, the rest share what is left."""

    large_ids: set[str]
    large_size: int
    per_job: int

    def size(self, job_id: str) -> int:
        return self.large_size if job_id in self.large_ids else self.per_job


def plan(job_ids: list[str], candidates: list[str], total: int,
         large_jobs: int, large_size: int) -> Layout:
    large_jobs = min(large_jobs, len(candidates), total // max(1, large_size))
    step = max(1, len(candidates) // max(1, large_jobs))
    large_ids = set(candidates[::step][:large_jobs])
    rest = max(1, len(job_ids) - len(large_ids))
    return Layout(large_ids, large_size, max(0, (total - len(large_ids) * large_size) // rest))


def _counts(size: int) -> dict[str, int]:
    failed = len(range(0, size, 20))
    skipped = len(range(1, size, 20))
    return {"total": size, "failed": failed, "skipped": skipped,
            "succeeded": size - failed - skipped}


def _search_suffix(size: int) -> str:
    return "".join(f" product {n + 1} linen shirt" for n in range(min(size, SEARCH_ITEMS)))


def _set_aside(conn: Any, dialect: str) -> list[str]:
    """Drop job_items' secondary indexes and search trigger; return the DDL to restore."""
    if dialect == "sqlite":
        rows = conn.execute(text(
            "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'job_items' "
            "AND type IN ('index', 'trigger') AND sql IS NOT NULL")).all()
        for kind, name, _ in rows:
            conn.execute(text(f"DROP {kind.upper()} {name}"))
        return [sql for _, _, sql in rows]
    rows = conn.execute(text(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'job_items' "
        "AND indexname NOT LIKE '%pkey'")).all()
    for name, _ in rows:
        conn.execute(text(f"DROP INDEX {name}"))
    conn.execute(text("ALTER TABLE job_items DISABLE TRIGGER USER"))
    return [definition for _, definition in rows] + [
        "ALTER TABLE job_items ENABLE TRIGGER USER"]


def _database_bytes(dialect: str) -> int:
    from shopify_app.extensions import db

    with db.engine.connect() as conn:
        if dialect == "sqlite":
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar() or 0
            return pages * (conn.exec_driver_sql("PRAGMA page_size").scalar() or 0)
        return conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar() or 0


def seed_items(app: Any, job_ids: list[str], candidates: list[str], total: int,
               large_jobs: int = 100, large_size: int = 20_000) -> Layout:
    """Give `job_ids` about `total` items: `large_jobs` of `candidates` get
    `large_size` each. Updates each job's counters and search text as the engine
    and the search trigger would, and adds a few events per job."""
    from shopify_app.extensions import db

    layout = plan(job_ids, candidates, total, large_jobs, large_size)
    ordered = sorted(job_ids)  # ids grow with time: items go in in index order
    with app.app_context():
        dialect = db.engine.dialect.name
        started = time.perf_counter()
        with db.engine.begin() as conn:
            if dialect == "sqlite":
                conn.exec_driver_sql("PRAGMA synchronous = OFF")
            else:
                conn.exec_driver_sql("SET synchronous_commit = off")
            restore = _set_aside(conn, dialect)
            conn.exec_driver_sql("DROP TABLE IF EXISTS bench_seq")
            conn.exec_driver_sql("CREATE TABLE bench_seq (x INTEGER PRIMARY KEY)")
            span = max(layout.large_size, layout.per_job, EVENTS_PER_JOB)
            conn.execute(text("INSERT INTO bench_seq (x) VALUES (:x)"),
                         [{"x": n} for n in range(span)])
        for size in sorted({layout.size(job_id) for job_id in ordered}):
            group = [job_id for job_id in ordered if layout.size(job_id) == size]
            counts, suffix = _counts(size), _search_suffix(size)
            for start in range(0, len(group), JOBS_PER_STATEMENT):
                chunk = group[start:start + JOBS_PER_STATEMENT]
                ids = ", ".join(f"'{job_id}'" for job_id in chunk)  # our own ULIDs
                with db.engine.begin() as conn:
                    if dialect == "postgresql":
                        conn.exec_driver_sql("SET LOCAL synchronous_commit = off")
                    conn.execute(text(ITEMS_SQL.replace("{ids}", ids)), {"count": size})
                    conn.execute(text(
                        "UPDATE jobs SET total = :total, succeeded = :succeeded, "
                        "failed = :failed, skipped = :skipped, search_text = search_text "
                        f"|| :suffix WHERE id IN ({ids})"), {**counts, "suffix": suffix})
                    conn.execute(text(EVENTS_SQL.replace("{ids}", ids)),
                                 {"events": EVENTS_PER_JOB})
        inserted = time.perf_counter() - started
        with db.engine.begin() as conn:
            for statement in restore:
                conn.exec_driver_sql(statement)
            conn.exec_driver_sql("DROP TABLE bench_seq")
        if dialect == "postgresql":
            # What autovacuum does after a load: statistics and visibility maps.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE jobs, job_items, job_events")
        # SQLite gets no ANALYZE: Shelf never runs one, so its plans come without statistics.
        count = sum(layout.size(job_id) for job_id in job_ids)
        print(f"seeded {count:,} items ({len(layout.large_ids)} jobs of {layout.large_size:,}, "
              f"the others {layout.per_job:,} each): inserted in {inserted:.0f} s, indexed in "
              f"{time.perf_counter() - started - inserted:.0f} s; database "
              f"{_database_bytes(dialect) / 2**30:.2f} GiB")
    return layout
