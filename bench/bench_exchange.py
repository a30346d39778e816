"""Spreadsheet exchange against the sandbox store: an export of N products, and the upload
(check + preview + counts) of a large file.

Starts the sandbox store (its own process, Standard plan), a throwaway Redis and SQLite
database and one worker process; exports every product (CSV, one row per variant) and
waits for the file; then uploads a file of `--upload-rows` rows through POST /api/uploads.
Prints wall time, the worker's peak memory, the file size and rows per second.

    python bench/bench_exchange.py [--products 2000] [--format csv] [--upload-rows 50000]

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


def wait_for(app: Any, job_id: str, timeout: float) -> Any:
    from shopify_app.extensions import db
    from shopify_app.models import Job

    started = time.perf_counter()
    with app.app_context():
        while True:
            db.session.rollback()
            job = db.session.get(Job, job_id, populate_existing=True)
            if job.status not in ("pending", "processing"):
                return job, time.perf_counter() - started
            if time.perf_counter() - started > timeout:
                raise SystemExit(f"timed out after {timeout:.0f} s in {job.status}/{job.stage}")
            time.sleep(0.1)


def upload_file(rows: int) -> bytes:
    lines = ["handle,title,seo_title,sku,price"]
    lines += [f"product-{n},Product {n},Title {n},SKU-{n:06d},{10 + n % 90}.50"
              for n in range(rows)]
    return ("\r\n".join(lines) + "\r\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--upload-rows", type=int, default=50_000)
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()
    import subprocess

    logs = Path(tempfile.mkdtemp(prefix="shelf-bench-exchange-"))
    sandbox, origin = start_sandbox(args.products, logs / "sandbox.log")
    procs: list[subprocess.Popen[bytes]] = []
    try:
        with redis_server() as redis_url:
            env = bench_env(redis_url, sqlite_url(), SHOPIFY_ADMIN_ORIGIN=origin,
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
            print(f"setup: {args.products} products in the sandbox (Standard plan), "
                  f"1 worker, logs in {logs}")
            created = api("post", "/api/jobs", json={
                "kind": "export", "options": {"format": args.format, "columns": COLUMNS}})
            job, elapsed = wait_for(app, created["data"]["id"], args.timeout)
            files = job.file_locations
            peak = peak_rss_mb(procs[0].pid)
            print("export")
            print(f"  status:        {job.status} ({job.succeeded} products)"
                  f"{' — ' + job.error if job.error else ''}")
            print(f"  wall time:     {elapsed:.1f} s ({job.succeeded / max(elapsed, 1e-9):.0f} "
                  "products/s)")
            if files:
                print(f"  file:          {files[0]['name']}, {files[0]['size'] / 1e6:.1f} MB, "
                      f"{files[0].get('rows')} rows")
            verdict = "ok" if peak < TARGET_MB else "over target"
            print(f"  peak memory:   {peak:.0f} MB in the worker (target < {TARGET_MB:.0f} MB: "
                  f"{verdict})")
            stop(procs)

            data = upload_file(args.upload_rows)
            tracemalloc.start()
            started = time.perf_counter()
            upload = api("post", "/api/uploads", data={"file": (io.BytesIO(data), "big.csv")},
                         content_type="multipart/form-data")["data"]
            elapsed = time.perf_counter() - started
            _now, peak_bytes = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print("upload (check, preview, counts)")
            print(f"  file:          {len(data) / 1e6:.1f} MB, {upload['counts']['rows']} rows, "
                  f"{upload['counts']['changes']} values")
            print(f"  wall time:     {elapsed:.1f} s ({upload['counts']['rows'] / elapsed:.0f} "
                  "rows/s)")
            print(f"  peak memory:   {peak_bytes / 1e6:.0f} MB allocated by Python while reading")
    finally:
        stop(procs)
        sandbox.terminate()
        sandbox.wait()


if __name__ == "__main__":
    main()
