"""A fleet: many shops on the sandbox store, several workers, big and small jobs arriving.

    python bench/bench_fleet.py [--shops 200] [--workers 8] [--high-workers 0]
                                [--large 3] [--small 400]
                                [--large-products 2000] [--small-products 5]
                                [--arrival-seconds 60] [--database-url URL]

Starts the sandbox store with `--shops` shops on mixed plans (standard,
advanced, plus, enterprise in turn), a throwaway Redis, the database (SQLite
unless `--database-url`), and `--workers` worker processes, `--high-workers` of
which take work from the `high` queue only (the rest from every queue). Then `--large`
description jobs over `--large-products` products each start at once, and
`--small` jobs over `--small-products` products arrive at random over
`--arrival-seconds` on the other shops. The template provider writes the text,
so Shopify reads, the engine, Redis and the database are what is measured.

Prints: items/s overall; p50/p95 time from creation to start and to finish for
small jobs (target: start p95 < 10 s); whether any shop went past its Admin API
bucket (Shopify answering THROTTLED); Redis commands per item; peak memory per
worker. It asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_generation import cpu_seconds, stop, wait_for_workers  # noqa: E402
from bench.common import (  # noqa: E402
    API_KEY,
    API_SECRET,
    ROOT,
    bench_env,
    free_port,
    make_app,
    percentiles,
    redis_server,
    session_token,
    sqlite_url,
    worker_env,
)

PLANS = ("standard", "advanced", "plus", "enterprise")


def start_sandbox(log_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "shopify_app.sandbox", "--port", str(port), "--products", "1",
             "--api-key", API_KEY, "--api-secret", API_SECRET, "--app-url", ""],
            cwd=ROOT, env=worker_env({}), stdout=log, stderr=subprocess.STDOUT)
    origin = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the sandbox exited; see {log_path}")
        try:
            requests.get(f"{origin}/sandbox/faults", timeout=2)
            return proc, origin
        except requests.RequestException:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit(f"the sandbox did not start in time; see {log_path}")


def install_fleet(app: Any, origin: str, domains: list[str], products: dict[str, int]) -> None:
    """Each shop in the sandbox (its plan, its products) and in Shelf with its token."""
    from shopify_app.extensions import db
    from shopify_app.models import Shop, StaffMember
    from shopify_app.models.types import utcnow

    with app.app_context():
        for n, domain in enumerate(domains):
            answer = requests.post(f"{origin}/sandbox/shops", timeout=60, json={
                "shop": domain, "products": products[domain], "plan": PLANS[n % len(PLANS)],
                "token": True})
            answer.raise_for_status()
            shop = Shop(domain=domain, access_token=answer.json()["access_token"],
                        installed_at=utcnow(),
                        access_token_expires_at=utcnow() + timedelta(days=1))
            db.session.add(shop)
            db.session.flush()
            db.session.add(StaffMember(shop_id=shop.id, shopify_user_id="1", role="admin"))
        db.session.commit()


def redis_commands(connection: Any) -> int:
    return int(connection.info("stats")["total_commands_processed"])


def peak_memory_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def run(args: argparse.Namespace) -> None:
    import redis

    from shopify_app.extensions import db
    from shopify_app.models import Job

    logs = Path(tempfile.mkdtemp(prefix="shelf-bench-fleet-"))
    metrics_dir = logs / "metrics"
    metrics_dir.mkdir()
    domains = [f"fleet-{n:03d}.myshopify.com" for n in range(args.shops)]
    large_shops = domains[:args.large]
    small_shops = domains[args.large:] or domains
    products = {d: args.large_products if d in large_shops else args.small_products
                for d in domains}
    sandbox, origin = start_sandbox(logs / "sandbox.log")
    procs: list[subprocess.Popen[bytes]] = []
    try:
        with redis_server() as redis_url:
            database_url = args.database_url or sqlite_url()
            env = bench_env(redis_url, database_url, SHOPIFY_ADMIN_ORIGIN=origin,
                            PROMETHEUS_MULTIPROC_DIR=str(metrics_dir))
            app = make_app(env)
            started_setup = time.perf_counter()
            install_fleet(app, origin, domains, products)
            print(f"setup: {args.shops} shops ({', '.join(PLANS)} in turn), "
                  f"{sum(products.values())} products, {args.workers} workers "
                  f"({args.high_workers} on high only), "
                  f"{database_url.split('://')[0]}, {os.cpu_count()} CPUs "
                  f"({time.perf_counter() - started_setup:.0f} s to install)")
            client = app.test_client()

            def create(domain: str, title: str) -> str:
                response = client.post("/api/jobs", headers={
                    "Authorization": f"Bearer {session_token(domain)}"}, json={
                    "kind": "generate", "field": "description", "scope": {"type": "all"},
                    "title": title})
                if response.status_code != 201:
                    raise SystemExit(f"{domain}: {response.status_code} "
                                     f"{response.get_data(as_text=True)[:300]}")
                return response.get_json()["data"]["id"]

            for n in range(args.workers):
                only_high = ["--queues", "high"] if n < args.high_workers else []
                with (logs / f"worker-{n}.log").open("wb") as log:
                    procs.append(subprocess.Popen(
                        [sys.executable, "-m", "workers.worker", *only_high], cwd=ROOT,
                        env=worker_env(env), stdout=log, stderr=subprocess.STDOUT))
            wait_for_workers(redis_url, args.workers, procs)
            connection = redis.Redis.from_url(redis_url)
            commands_before = redis_commands(connection)
            rng = random.Random(11)
            arrivals = sorted(rng.uniform(0, args.arrival_seconds) for _ in range(args.small))
            started = time.perf_counter()
            large_ids = [create(domain, f"Large {n}") for n, domain in enumerate(large_shops)]
            small_ids: list[str] = []
            for n, at in enumerate(arrivals):
                time.sleep(max(0.0, started + at - time.perf_counter()))
                small_ids.append(create(small_shops[n % len(small_shops)], f"Small {n}"))
            deadline = started + args.timeout
            with app.app_context():
                while True:
                    db.session.rollback()
                    busy = db.session.query(Job).filter(
                        Job.status.in_(("pending", "processing"))).count()
                    if not busy or time.perf_counter() > deadline:
                        break
                    time.sleep(0.25)
                elapsed = time.perf_counter() - started
                db.session.rollback()
                jobs = {job.id: job for job in db.session.query(Job).all()}
            commands = redis_commands(connection) - commands_before
            memory = [peak_memory_mib(proc.pid) for proc in procs]
            cpu = sum(cpu_seconds(proc.pid) for proc in procs)
            sandbox_cpu = cpu_seconds(sandbox.pid)
            stop(procs)
            throttled, waits, waited = _throttling(metrics_dir)
    finally:
        stop(procs)
        sandbox.terminate()
        sandbox.wait()
    items = sum(job.done for job in jobs.values())
    unfinished = [job for job in jobs.values() if job.status in ("pending", "processing")]
    small = [jobs[i] for i in small_ids]
    to_start = [(job.started_at - job.created_at).total_seconds() * 1000
                for job in small if job.started_at]
    to_finish = [((job.completed_at or job.updated_at) - job.created_at).total_seconds() * 1000
                 for job in small if job.status not in ("pending", "processing")]
    statuses: dict[str, int] = {}
    for job in jobs.values():
        statuses[job.status] = statuses.get(job.status, 0) + 1
    print(f"jobs: {len(large_ids)} large, {len(small_ids)} small; statuses {statuses}"
          + (f"; {len(unfinished)} unfinished after {args.timeout:.0f} s" if unfinished else ""))
    print(f"fleet: {items} items in {elapsed:.1f} s -> {items / elapsed:.1f} items/s overall; "
          f"worker CPU {cpu:.0f} s ({cpu * 1000 / max(items, 1):.1f} ms per item)")
    if to_start:
        print(f"small jobs, create to start   {percentiles(to_start)}")
    if to_finish:
        print(f"small jobs, create to finish  {percentiles(to_finish)}")
    print(f"admin api: {throttled} answers THROTTLED by Shopify "
          f"({'every shop stayed within its bucket' if not throttled else 'over a bucket'}); "
          f"{waits} waits for points in our shared buckets, {waited:.1f} s in all")
    print(f"sandbox store: {sandbox_cpu:.0f} s CPU ({sandbox_cpu / elapsed:.0%} of one core)")
    print(f"redis: {commands} commands -> {commands / max(items, 1):.1f} per item")
    print(f"memory: peak per worker {min(memory):.0f}-{max(memory):.0f} MiB "
          f"(mean {sum(memory) / len(memory):.0f} MiB)")
    print(f"logs: {logs}")


def _throttling(directory: Path) -> tuple[int, int, float]:
    """From the workers' metrics files: Shopify THROTTLED answers, waits for points in
    the shared buckets, and the seconds spent waiting."""
    from prometheus_client import CollectorRegistry
    from prometheus_client.multiprocess import MultiProcessCollector

    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=str(directory))
    throttled = waits = seconds = 0.0
    for family in registry.collect():
        for sample in family.samples:
            if sample.name == "shelf_shopify_throttle_waits_total":
                if sample.labels.get("reason") == "throttled":
                    throttled += sample.value
                else:
                    waits += sample.value
            elif sample.name == "shelf_shopify_throttle_wait_seconds_total":
                seconds += sample.value
    return int(throttled), int(waits), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shops", type=int, default=200)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--high-workers", type=int, default=0,
                        help="how many of the workers take work from the high queue only")
    parser.add_argument("--large", type=int, default=3)
    parser.add_argument("--small", type=int, default=400)
    parser.add_argument("--large-products", type=int, default=2000)
    parser.add_argument("--small-products", type=int, default=5)
    parser.add_argument("--arrival-seconds", type=float, default=60.0)
    parser.add_argument("--timeout", type=float, default=1800.0)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    args = parser.parse_args()
    if not 0 <= args.high_workers < args.workers:
        # Large jobs' work is on default and low: some worker must take it.
        parser.error("--high-workers must be from 0 to one less than --workers")
    run(args)


if __name__ == "__main__":
    main()
