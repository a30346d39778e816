"""Job engine figures: overhead per item, API latency at 100k jobs / 10M items, SSE latency.

    python bench/bench_engine.py [--items 5000] [--workers 2] [--jobs 100000]
                                 [--job-items 10000000] [--large-job-items 20000]
                                 [--database-url postgresql+psycopg://...]

Prints its figures, the API's also as CPU used per request ("(cpu)" lines: this
process and the PostgreSQL server); it asserts nothing (targets: < 2 ms per item
end to end on 2 cores, list/detail p95 < 50 ms, SSE delivery p95 < 500 ms).
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    CpuClock,
    bench_env,
    install_shop,
    make_app,
    percentiles,
    redis_server,
    session_token,
    sqlite_url,
    worker_env,
)
from bench.seed_items import Layout, seed_items  # noqa: E402

SHOP = "bench-shop.myshopify.com"


def engine_overhead(app, env, items: int, workers: int) -> None:  # type: ignore[no-untyped-def]
    from shopify_app.extensions import db
    from shopify_app.jobs import service
    from shopify_app.models import Job, Shop

    with app.app_context():
        shop = db.session.query(Shop).filter_by(domain=SHOP).one()
        procs = [subprocess.Popen([sys.executable, "-m", "workers.worker"],
                                  env=worker_env(env), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL) for _ in range(workers)]
        time.sleep(2.0)  # let the workers boot before the clock starts
        started = time.perf_counter()
        job = service.create_job(shop, None, {"kind": "counter", "count": items},
                                 created_by="bench")
        while True:
            db.session.rollback()
            current = db.session.get(Job, job.id, populate_existing=True)
            if current.status not in ("pending", "processing"):
                break
            time.sleep(0.02)
        elapsed = time.perf_counter() - started
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait()
        print(f"engine: {items} instant items on {workers} workers in {elapsed:.2f} s "
              f"-> {elapsed * 1000 / items:.3f} ms per item end to end, "
              f"{items / elapsed:.0f} items/s (status {current.status}, "
              f"{current.succeeded} succeeded)")


def seed_jobs(app, count: int) -> list[str]:  # type: ignore[no-untyped-def]
    from sqlalchemy import insert

    from shopify_app.extensions import db
    from shopify_app.jobs.ids import new_id
    from shopify_app.models import Job, Shop
    from shopify_app.models.types import utcnow

    statuses = ["completed", "completed_with_errors", "failed", "review", "cancelled"]
    with app.app_context():
        shop = db.session.query(Shop).filter_by(domain=SHOP).one()
        other = install_shop("other-bench.myshopify.com")
        now, ids, rows = utcnow(), [], []
        rng = random.Random(7)
        for n in range(count):
            job_id = new_id()
            ids.append(job_id)
            customer = rng.choice(["Acme", "Globex", "Initech", "Umbrella"])
            rows.append({
                "id": job_id, "shop_id": shop.id if n % 10 else other.id,
                # One job in 200 is a catalog: a kind filter that matches few jobs.
                "kind": "build_catalog" if n % 200 == 1 else "counter",
                "field": None if n % 200 == 1 else "counter", "title": f"Job {n} for spring",
                "status": statuses[n % len(statuses)], "mode": "production",
                "strategy": "review", "archived": n % 50 == 0,
                "customer_name": customer,
                "reference": f"PO-{n}", "total": 100, "succeeded": 100,
                "search_text": f"job {n} for spring {customer.lower()} po-{n}",
                "created_at": now - timedelta(minutes=n), "updated_at": now,
            })
            if len(rows) == 5000:
                db.session.execute(insert(Job), rows)
                db.session.commit()
                rows = []
        if rows:
            db.session.execute(insert(Job), rows)
            db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # A live database is vacuumed and analyzed by autovacuum; a freshly bulk-loaded
            # one is not, and would be measured with stale statistics and visibility maps.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE jobs")
    return ids


def api_latency(app, ids: list[str], rounds: int,  # type: ignore[no-untyped-def]
                cpu: CpuClock | None = None, layout: Layout | None = None) -> None:
    client = app.test_client()

    def headers() -> dict[str, str]:  # session tokens live one minute: a fresh one each time
        return {"Authorization": f"Bearer {session_token(SHOP)}"}
    cases = {
        "list (first page)": lambda: "/api/jobs",
        "list (status filter)": lambda: "/api/jobs?status=failed",
        "list (search q)": lambda: "/api/jobs?q=acme",
        "list (search rare)": lambda: f"/api/jobs?q=po-{random.randrange(1, 100_000, 10)}",
        "list (7d, kind)": lambda: "/api/jobs?created=7d&kind=counter",
        "list (rare kind)": lambda: "/api/jobs?kind=build_catalog",
        "detail": lambda: f"/api/jobs/{random.choice(ids[1::10][:5000])}",
    }
    if layout is not None and layout.large_ids:
        large = sorted(layout.large_ids)
        typical = [job_id for job_id in ids[1::10][:5000] if job_id not in layout.large_ids]
        cases[f"items ({layout.per_job}-item job)"] = \
            lambda: f"/api/jobs/{random.choice(typical)}/items"
        cases[f"items ({layout.large_size}-item job)"] = \
            lambda: f"/api/jobs/{random.choice(large)}/items"
        cases["items (large, failed)"] = \
            lambda: f"/api/jobs/{random.choice(large)}/items?status=failed"
    for name, path in cases.items():
        samples, cpu_samples = [], []
        for _ in range(rounds):
            cpu_before = cpu() if cpu else 0.0
            started = time.perf_counter()
            response = client.get(path(), headers=headers())
            samples.append((time.perf_counter() - started) * 1000)
            if cpu:
                cpu_samples.append((cpu() - cpu_before) * 1000)
            assert response.status_code == 200, response.get_json()
        print(f"api {name:<26} {percentiles(samples)}")
        if cpu:
            print(f"api {name + ' (cpu)':<26} {percentiles(cpu_samples)}")
    # Deep pages: follow cursors 20 pages in.
    samples, cursor = [], None
    for _ in range(20):
        started = time.perf_counter()
        response = client.get("/api/jobs" + (f"?cursor={cursor}" if cursor else ""),
                              headers=headers())
        samples.append((time.perf_counter() - started) * 1000)
        cursor = response.get_json()["meta"]["next_cursor"]
    print(f"api {'list (cursor pages)':<26} {percentiles(samples)}")


def sse_latency(app, count: int) -> None:  # type: ignore[no-untyped-def]
    import requests
    from werkzeug.serving import make_server

    from shopify_app.extensions import db
    from shopify_app.jobs import events
    from shopify_app.models import Shop

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/api/events?token={session_token(SHOP)}"
    latencies: list[float] = []
    response = requests.get(url, stream=True, timeout=60)

    def read() -> None:
        for line in response.iter_lines(decode_unicode=True):
            if line.startswith("data: "):
                data = json.loads(line[6:])
                if "sent" in data:
                    latencies.append((time.time() - data["sent"]) * 1000)
                    if len(latencies) >= count:
                        return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    time.sleep(0.5)
    with app.app_context():
        shop_id = db.session.query(Shop).filter_by(domain=SHOP).one().id
        for _ in range(count):
            events.publish(shop_id, [("bench", {"sent": time.time()})])
            time.sleep(0.01)
    reader.join(timeout=30)
    response.close()
    server.shutdown()
    print(f"sse delivery           {percentiles(latencies)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--job-items", type=int, default=10_000_000,
                        help="items across the seeded jobs (default: ten million)")
    parser.add_argument("--large-job-items", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    args = parser.parse_args()
    with redis_server() as redis_url:
        database_url = args.database_url or sqlite_url()
        env = bench_env(redis_url, database_url)
        app = make_app(env)
        with app.app_context():
            install_shop(SHOP)
        print(f"database: {database_url.split('://')[0]}")
        engine_overhead(app, env, args.items, args.workers)
        ids = seed_jobs(app, args.jobs)
        print(f"seeded {args.jobs} jobs")
        mine = [job_id for n, job_id in enumerate(ids) if n % 10]  # every tenth: another shop
        layout = seed_items(app, ids, mine, args.job_items, large_size=args.large_job_items)
        cpu = CpuClock(database_url)
        api_latency(app, ids, args.rounds, cpu, layout)
        cpu.close()
        sse_latency(app, 200)


if __name__ == "__main__":
    main()
