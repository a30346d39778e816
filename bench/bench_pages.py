"""Server-side render time of the pages with 100,000 jobs in the database.

    python bench/bench_pages.py [--jobs 100000] [--rounds 200] [--database-url URL]

Each request is a whole page load the way Shopify admin makes it (shop, host,
embedded and a fresh id_token in the query): session check, the first page of
jobs (or the job and its first items), and the template. Prints p50/p95 of the
wall-clock time and, on a "(cpu)" line, of the CPU the request used in this
process and in the PostgreSQL server (SQLite runs in this process); it asserts
nothing (target: p95 < 50 ms).
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from urllib.parse import parse_qsl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_engine import SHOP, seed_jobs  # noqa: E402
from bench.common import (  # noqa: E402
    CpuClock,
    bench_env,
    install_shop,
    make_app,
    percentiles,
    redis_server,
    session_token,
    sqlite_url,
)


def seed_items(app, job_ids: list[str], per_job: int = 40) -> None:  # type: ignore[no-untyped-def]
    """Give the jobs the detail page opens some items to list."""
    from sqlalchemy import insert

    from shopify_app.extensions import db
    from shopify_app.models import JobItem
    from shopify_app.models.types import utcnow

    now, rows = utcnow(), []
    with app.app_context():
        for job_id in job_ids:
            for n in range(per_job):
                rows.append({"job_id": job_id, "position": n, "batch": 0,
                             "product_id": f"gid://shopify/Product/{n + 1}",
                             "product_title": f"Product {n + 1}", "status": "succeeded",
                             "publish_status": "unpublished", "original": f"<p>Old {n}</p>",
                             "proposed": f"<p>New copy for product {n}, warm and clear.</p>",
                             "attempts": 1, "updated_at": now})
        db.session.execute(insert(JobItem), rows)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # The items' search-text trigger rewrote jobs rows: vacuum again, as
            # autovacuum would, or index-only scans read the table for every row.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE jobs, job_items")


def page_latency(app, name: str, path, rounds: int,  # type: ignore[no-untyped-def]
                 cpu: CpuClock | None = None) -> list[float]:
    client = app.test_client()
    samples, cpu_samples = [], []
    for _ in range(rounds):
        target, _, extra = path().partition("?")
        query = {"shop": SHOP, "host": "YmVuY2g", "embedded": "1",
                 "id_token": session_token(SHOP), **dict(parse_qsl(extra))}
        cpu_before = cpu() if cpu else 0.0
        started = time.perf_counter()
        response = client.get(target, query_string=query)
        samples.append((time.perf_counter() - started) * 1000)
        if cpu:
            cpu_samples.append((cpu() - cpu_before) * 1000)
        assert response.status_code == 200, response.status_code
    print(f"page {name:<26} {percentiles(samples)}")
    if cpu:
        print(f"page {name + ' (cpu)':<26} {percentiles(cpu_samples)}")
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    args = parser.parse_args()
    with redis_server() as redis_url:
        database_url = args.database_url or sqlite_url()
        app = make_app(bench_env(redis_url, database_url))
        with app.app_context():
            install_shop(SHOP)
        print(f"database: {database_url.split('://')[0]}")
        started = time.perf_counter()
        ids = seed_jobs(app, args.jobs)
        mine = ids[1::10]  # seed_jobs gives every tenth job to another shop
        seed_items(app, mine[:50])
        print(f"seeded {args.jobs} jobs in {time.perf_counter() - started:.1f} s")
        rng = random.Random(3)
        cpu = CpuClock(database_url)
        page_latency(app, "jobs (first page)", lambda: "/", 20)  # warm-up, not counted
        pages = {
            "jobs (first page)": lambda: "/",
            "jobs (status=failed)": lambda: "/?status=failed",
            "jobs (search q=acme)": lambda: "/?q=acme",
            "jobs (search, one match)": lambda: f"/?q=po-{rng.randrange(1, args.jobs, 10)}",
            "jobs (archived, 7d)": lambda: "/?archived=true&created=7d",
            "job detail (40 items)": lambda: f"/jobs/{rng.choice(mine[:50])}",
            "new job": lambda: "/jobs/new",
            "monitor": lambda: "/monitor",
            "settings": lambda: "/settings",
        }
        for name, path in pages.items():
            page_latency(app, name, path, args.rounds, cpu)
        cpu.close()

if __name__ == "__main__":
    main()
