"""Spreadsheet exchange against the sandbox store: an export of N products, and the import
of a large file up to its review.

Starts the sandbox store (its own process, Standard plan), a throwaway Redis and SQLite
database and one worker process; exports every product (CSV, one row per variant) and
waits for the file. Then takes the first `--import-rows` rows of that file, changes the
description of some products and the price of some variants (`--changed`, a share of
each) and leaves the other values as the store has them, uploads it (POST /api/uploads:
check, preview, counts) and runs an import job on a fresh worker until it waits for
review.

Prints wall time and the time each stage started, the worker's peak memory as the items
stored pass 1k, 10k, 25k, 50k and 100k (flat memory: the same figure at each), the file
size, rows per second, and what each job left in the database.

    python bench/bench_exchange.py [--products 2000] [--format csv] [--import-rows 50000]

Targets: the worker's memory stays flat (under 200 MB) whatever the product count.
"""
from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_catalog import SHOP, peak_rss_mb, start_sandbox  # noqa: E402
from bench.bench_generation import stop, wait_for_workers  # noqa: E402
from bench.common import (  # noqa: E402
    ROOT,
    bench_env,
    make_app,
    redis_server,
    session_token,
    sqlite_url,
    worker_env,
)

TARGET_MB = 200.0
COLUMNS = ["id", "handle", "title", "vendor", "type", "tags", "description_html",
           "seo_title", "seo_description", "variant_id", "sku", "price", "compare_at_price"]
MILESTONES = (1_000, 10_000, 25_000, 50_000, 100_000, 200_000, 500_000)


def rss_mb(pid: int) -> float:
    """The process's resident memory now (Linux VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def watch(app: Any, job_id: str, pid: int, timeout: float,
          until: tuple[str, ...] = ()) -> dict[str, Any]:
    """Poll the job until it leaves pending/processing (or reaches a status in ``until``),
    noting when each stage starts, the worker's peak memory as the items stored pass each
    milestone, and the largest resident memory sampled while each stage ran."""
    from shopify_app.extensions import db
    from shopify_app.models import Job

    started = time.perf_counter()
    stages: dict[str, float] = {}
    stage_rss: dict[str, float] = {}
    milestones: dict[int, float] = {}
    with app.app_context():
        while True:
            db.session.rollback()
            job = db.session.get(Job, job_id, populate_existing=True)
            key = job.stage or job.status
            now = time.perf_counter() - started
            stages.setdefault(key, now)
            stage_rss[key] = max(stage_rss.get(key, 0.0), rss_mb(pid))
            for mark in MILESTONES:
                if job.total >= mark and mark not in milestones:
                    milestones[mark] = peak_rss_mb(pid)
            if job.status not in ("pending", "processing") or job.status in until:
                break
            if now > timeout:
                raise SystemExit(f"timed out after {timeout:.0f} s in {job.status}/{job.stage}")
            time.sleep(0.1)
        return {"job": job, "elapsed": time.perf_counter() - started, "stages": stages,
                "stage_rss": stage_rss, "milestones": milestones, "peak": peak_rss_mb(pid)}


def database_figures(app: Any, job_id: str, db_path: Path) -> str:
    from sqlalchemy import func, select

    from shopify_app.extensions import db
    from shopify_app.models import JobItem

    with app.app_context():
        rows, stored = db.session.execute(
            select(func.count(), func.coalesce(func.sum(func.length(JobItem.input_json)), 0))
            .where(JobItem.job_id == job_id)).one()
    size = sum(p.stat().st_size for p in db_path.parent.glob(db_path.name + "*"))
    return (f"{rows} item rows, {stored / 1e6:.1f} MB of item input; database file "
            f"{size / 1e6:.1f} MB")


def report_run(label: str, run: dict[str, Any], unit: str, count: int) -> None:
    job, elapsed = run["job"], run["elapsed"]
    stages = ", ".join(f"{name} at {at:.1f} s (≤ {run['stage_rss'][name]:.0f} MB)"
                       for name, at in run["stages"].items())
    marks = ", ".join(f"{mark // 1000}k: {peak:.0f} MB"
                      for mark, peak in run["milestones"].items())
    print(label)
    print(f"  status:        {job.status}{' — ' + job.error if job.error else ''}")
    print(f"  wall time:     {elapsed:.1f} s ({count / max(elapsed, 1e-9):.0f} {unit}/s)")
    print(f"  stages:        {stages}")
    print(f"  peak memory:   {marks or 'no milestone reached'} (worker high-water mark as the "
          "items stored pass each count)")
    verdict = "ok" if run["peak"] < TARGET_MB else "over target"
    print(f"                 {run['peak']:.0f} MB at the end (target < {TARGET_MB:.0f} MB: "
          f"{verdict})")


def import_file(exported: Any, rows: int, changed: float) -> tuple[bytes, int, int]:
    """The first ``rows`` rows of an export with some descriptions and prices changed:
    (the file, descriptions changed, prices changed)."""
    import csv
    import random

    rng = random.Random(7)
    reader = csv.reader(io.TextIOWrapper(exported, encoding="utf-8-sig", newline=""))
    headers = next(reader)
    description, price = headers.index("description_html"), headers.index("price")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    descriptions = prices = 0
    for number, row in enumerate(reader):
        if number >= rows:
            break
        if row[2] and rng.random() < changed:  # a product's first row: it has the title
            row[description] = f"<p>{row[2]}: rewritten for the spring catalog.</p>"
            descriptions += 1
        if row[price] and rng.random() < changed:
            row[price] = f"{float(row[price]) + 1:.2f}"
            prices += 1
        writer.writerow(row)
    return out.getvalue().encode(), descriptions, prices


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--import-rows", type=int, default=50_000)
    parser.add_argument("--changed", type=float, default=0.2,
                        help="share of descriptions and of prices the imported file changes")
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()
    import subprocess

    logs = Path(tempfile.mkdtemp(prefix="shelf-bench-exchange-"))
    started = time.perf_counter()
    sandbox, origin = start_sandbox(args.products, logs / "sandbox.log")
    seeded = time.perf_counter() - started
    procs: list[subprocess.Popen[bytes]] = []
    try:
        with redis_server() as redis_url:
            database = sqlite_url()
            env = bench_env(redis_url, database, SHOPIFY_ADMIN_ORIGIN=origin,
                            SHELF_STORAGE_PATH=str(logs / "files"))
            app = make_app(env)
            client = app.test_client()

            def api(method: str, path: str, **kwargs: Any) -> Any:
                headers = {"Authorization": f"Bearer {session_token(SHOP)}"}
                response = getattr(client, method)(path, headers=headers, **kwargs)
                if response.status_code >= 400:
                    raise SystemExit(f"{method.upper()} {path}: {response.status_code} "
                                     f"{response.get_data(as_text=True)[:500]}")
                return response.get_json()

            api("get", "/api/me")
            with (logs / "worker.log").open("wb") as log:
                procs.append(subprocess.Popen([sys.executable, "-m", "workers.worker"],
                                              cwd=ROOT, env=worker_env(env), stdout=log,
                                              stderr=subprocess.STDOUT))
            wait_for_workers(redis_url, 1, procs)
            print(f"setup: {args.products} products in the sandbox (Standard plan; started in "
                  f"{seeded:.0f} s), 1 worker at {peak_rss_mb(procs[0].pid):.0f} MB idle, "
                  f"logs in {logs}")
            created = api("post", "/api/jobs", json={
                "kind": "export", "options": {"format": args.format, "columns": COLUMNS}})
            job_id = created["data"]["id"]
            run = watch(app, job_id, procs[0].pid, args.timeout)
            job = run["job"]
            report_run(f"export ({args.format})", run, "products", job.succeeded)
            files = job.file_locations
            if files:
                print(f"  file:          {files[0]['name']}, {files[0]['size'] / 1e6:.1f} MB, "
                      f"{files[0].get('rows')} rows of {files[0].get('products')} products "
                      f"({files[0].get('rows') / run['elapsed']:.0f} rows/s)")
            print(f"  database:      {database_figures(app, job_id, Path(database[10:]))}")
            stop(procs)
            if not files or not args.import_rows:
                return

            from shopify_app.storage import storage

            with app.app_context(), storage().open(files[0]["key"]) as exported:
                data, descriptions, prices = import_file(exported, args.import_rows,
                                                         args.changed)
            tracemalloc.start()
            started = time.perf_counter()
            upload = api("post", "/api/uploads", data={"file": (io.BytesIO(data), "edited.csv")},
                         content_type="multipart/form-data")["data"]
            elapsed = time.perf_counter() - started
            _now, peak_bytes = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            counts = upload["counts"]
            print("upload (POST /api/uploads: check, preview, counts)")
            print(f"  file:          {len(data) / 1e6:.1f} MB, {counts['rows']} rows, "
                  f"{counts['changes']} values ({descriptions} descriptions and {prices} prices "
                  "changed, the rest as in the store)")
            print(f"  wall time:     {elapsed:.1f} s ({counts['rows'] / elapsed:.0f} rows/s)")
            print(f"  peak memory:   {peak_bytes / 1e6:.0f} MB allocated by Python while reading")

            with (logs / "worker-import.log").open("wb") as log:
                procs = [subprocess.Popen([sys.executable, "-m", "workers.worker"],
                                          cwd=ROOT, env=worker_env(env), stdout=log,
                                          stderr=subprocess.STDOUT)]
            wait_for_workers(redis_url, 1, procs)
            created = api("post", "/api/jobs", json={
                "kind": "import", "options": {"upload_id": upload["id"]}})
            job_id = created["data"]["id"]
            run = watch(app, job_id, procs[0].pid, args.timeout, until=("review",))
            report_run("import to review", run, "rows", counts["rows"])
            summary = run["job"].params.get("import_summary") or {}
            fields = ", ".join(f"{name} {c['change']}/{c['unchanged']}/{c['invalid']}"
                               for name, c in (summary.get("fields") or {}).items())
            print(f"  summary:       {summary.get('rows_read')} rows read, "
                  f"{summary.get('items')} items to review, {summary.get('failed_rows')} "
                  f"failed rows")
            print(f"  per field:     {fields} (changed/unchanged/invalid)")
            print(f"  database:      {database_figures(app, job_id, Path(database[10:]))}")
    finally:
        stop(procs)
        sandbox.terminate()
        sandbox.wait()


if __name__ == "__main__":
    main()
