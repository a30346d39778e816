"""Shared set-up for benchmarks: a throwaway Redis, a migrated database, the app, tokens."""
from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jwt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

API_KEY = "bench-api-key-0123456789abcdef0123"
API_SECRET = "bench-api-secret-0123456789abcdef0123456789"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def redis_server():  # type: ignore[no-untyped-def]
    import redis

    port = free_port()
    workdir = tempfile.mkdtemp(prefix="shelf-bench-redis-")
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                             "--save", "", "--appendonly", "no", "--dir", workdir],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = redis.Redis(port=port)
    for _ in range(200):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(workdir, ignore_errors=True)


def bench_env(redis_url: str, database_url: str, **extra: str) -> dict[str, str]:
    return {"SHOPIFY_API_KEY": API_KEY, "SHOPIFY_API_SECRET": API_SECRET,
            "SHELF_ENCRYPTION_KEY": "bench-key", "REDIS_URL": redis_url,
            "DATABASE_URL": database_url, "SHELF_QUEUE_PREFIX": "bench",
            "SHELF_EXTRA_KINDS": "tests.support.kinds",
            # One client measuring at full speed: the per-shop limit runs but never refuses.
            "SHELF_API_RATE_PER_MINUTE": "10000000", **extra}


def make_app(env: dict[str, str]):  # type: ignore[no-untyped-def]
    from flask_migrate import upgrade

    from shopify_app import create_app

    app = create_app({"ENV": env})
    with app.app_context():
        upgrade()
    return app


def sqlite_url() -> str:
    path = Path(tempfile.mkdtemp(prefix="shelf-bench-db-")) / "bench.db"
    return f"sqlite:///{path}"


def session_token(shop: str, user: str = "1") -> str:
    now = int(time.time())
    return jwt.encode({"iss": f"https://{shop}/admin", "dest": f"https://{shop}", "aud": API_KEY,
                       "sub": user, "exp": now + 60, "nbf": now - 5, "iat": now,
                       "jti": uuid.uuid4().hex, "sid": "bench"}, API_SECRET, algorithm="HS256")


def install_shop(shop_domain: str) -> Any:
    """A shop with a long-lived token, so requests never need a token exchange."""
    from datetime import timedelta

    from shopify_app.extensions import db
    from shopify_app.models import Shop, StaffMember
    from shopify_app.models.types import utcnow

    shop = Shop(domain=shop_domain, access_token="shpat_bench", installed_at=utcnow(),
                access_token_expires_at=utcnow() + timedelta(days=1))
    db.session.add(shop)
    db.session.flush()
    db.session.add(StaffMember(shop_id=shop.id, shopify_user_id="1", role="admin"))
    db.session.commit()
    return shop


def percentiles(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)
    p50 = statistics.median(ordered)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"p50 {p50:7.2f} ms  p95 {p95:7.2f} ms  (n={len(ordered)})"


def worker_env(env: dict[str, str]) -> dict[str, str]:
    return {**os.environ, **env, "PYTHONPATH": str(ROOT)}


class CpuClock:
    """CPU seconds used so far by this process and, when the database is a PostgreSQL
    server on this machine, by that database's server processes.

    On a shared machine wall-clock percentiles mostly measure the other work queued for
    the cores; CPU time is what a request itself costs. Linux /proc/<pid>/schedstat
    gives server processes' CPU in nanoseconds (no clock-tick rounding).
    """

    def __init__(self, database_url: str) -> None:
        self._connection = None
        if database_url.startswith("postgresql"):
            import psycopg

            self._connection = psycopg.connect(database_url.replace("+psycopg", ""),
                                               autocommit=True)

    def _server_pids(self) -> list[int]:
        if self._connection is None:
            return []
        rows = self._connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()").fetchall()
        return [row[0] for row in rows]

    def __call__(self) -> float:
        total = time.process_time()
        for pid in self._server_pids():
            try:
                with open(f"/proc/{pid}/schedstat") as stats:
                    total += int(stats.read().split()[0]) / 1e9
            except (OSError, ValueError, IndexError):
                continue  # gone, or not on this machine: counted as nothing
        return total

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
