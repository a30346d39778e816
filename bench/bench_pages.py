"""Server-side render time of the pages with 100,000 jobs and 10 million items.

    python bench/bench_pages.py [--jobs 100000] [--items 10000000] [--rounds 200]
                                [--large-job-items 20000] [--database-url URL]

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
from bench.seed_items import seed_items  # noqa: E402


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
    parser.add_argument("--items", type=int, default=10_000_000,
                        help="items across all jobs (default: ten million)")
    parser.add_argument("--large-job-items", type=int, default=20_000)
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
        mine = [job_id for n, job_id in enumerate(ids) if n % 10]  # every tenth: another shop
        print(f"seeded {args.jobs} jobs in {time.perf_counter() - started:.1f} s")
        layout = seed_items(app, ids, mine, args.items, large_size=args.large_job_items)
        typical = [job_id for job_id in mine[:5000] if job_id not in layout.large_ids]
        large = sorted(layout.large_ids)
        rng = random.Random(3)
        cpu = CpuClock(database_url)
        page_latency(app, "jobs (first page)", lambda: "/", 20)  # warm-up, not counted
        pages = {
            "jobs (first page)": lambda: "/",
            "jobs (status=failed)": lambda: "/?status=failed",
            "jobs (search q=acme)": lambda: "/?q=acme",
            "jobs (search, one match)": lambda: f"/?q=po-{rng.randrange(1, args.jobs, 10)}",
            "jobs (archived, 7d)": lambda: "/?archived=true&created=7d",
            "jobs (rare kind)": lambda: "/?kind=build_catalog",
            f"job detail ({layout.per_job} items)": lambda: f"/jobs/{rng.choice(typical)}",
            "new job": lambda: "/jobs/new",
            "monitor": lambda: "/monitor",
            "settings": lambda: "/settings",
        }
        if large:
            pages[f"job detail ({layout.large_size} items)"] = lambda: f"/jobs/{rng.choice(large)}"
        for name, path in pages.items():
            page_latency(app, name, path, args.rounds, cpu)
        cpu.close()

if __name__ == "__main__":
    main()
