"""Generation throughput against a provider with a fixed latency.

Starts a fake OpenAI-compatible chat-completions server in this process (every
answer takes `--latency` seconds), the sandbox store with `--items` products,
a throwaway Redis and SQLite database, and `--workers` worker processes; then
times one `generate` job for descriptions over every product, from creation
until it leaves `processing`.

    python bench/bench_generation.py [--items 1000] [--latency 1.0]
                                     [--concurrency 16] [--workers 2]

With the provider as the bottleneck the best possible rate is
AI_CONCURRENCY / latency items per second; the benchmark prints how close the
job came (target: at least 0.9 of it for 1,000 items on 2 workers) and the
most requests the fake provider ever saw at once (never above AI_CONCURRENCY).
Prints its figures; it asserts nothing.
"""
from __future__ import annotations

import argparse
import html
import json
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    API_KEY,
    API_SECRET,
    ROOT,
    bench_env,
    free_port,
    make_app,
    redis_server,
    session_token,
    sqlite_url,
    worker_env,
)

SHOP = "bench-shop.myshopify.com"
TARGET_RATIO = 0.9
DATA_OPEN = '<product_data trust="untrusted">'
DATA_CLOSE = "</product_data>"


class FakeProvider(ThreadingHTTPServer):
    """An OpenAI-compatible chat-completions endpoint that answers after a fixed delay.

    Counts requests and how many are being worked on at once; a request stops
    counting as in flight just before its answer is written, so a client can
    never start its next request while the finished one still counts.
    """

    daemon_threads = True
    request_queue_size = 256  # a burst of new connections must not overflow the backlog

    def __init__(self, latency: float) -> None:
        super().__init__(("127.0.0.1", free_port()), _ProviderHandler)
        self.latency = latency
        self.lock = threading.Lock()
        self.requests = 0
        self.in_flight = 0
        self.peak = 0
        self.first_at: float | None = None
        self.last_at: float | None = None
        self.busy_seconds = 0.0  # integral of in-flight requests over time
        self.changed_at = time.perf_counter()
        self.spans: list[tuple[float, float]] = []  # (began, answered) per request

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def _account(self, now: float) -> None:
        self.busy_seconds += self.in_flight * (now - self.changed_at)
        self.changed_at = now

    def begin(self) -> float:
        with self.lock:
            now = time.perf_counter()
            self._account(now)
            self.requests += 1
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
            if self.first_at is None:
                self.first_at = now
            return now

    def end(self, began: float) -> None:
        with self.lock:
            now = time.perf_counter()
            self._account(now)
            self.in_flight -= 1
            self.last_at = now
            self.spans.append((began, now))

    def reset(self) -> None:
        with self.lock:
            self.requests = self.peak = 0
            self.first_at = self.last_at = None
            self.busy_seconds, self.changed_at = 0.0, time.perf_counter()
            self.spans = []


class _ProviderHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the app's connection pool expects
    # Headers and body leave in two writes; with Nagle's algorithm the body would wait
    # for the client's delayed ACK (~40 ms), which no real provider adds.
    disable_nagle_algorithm = True
    server: FakeProvider

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._send(404, {"error": {"message": f"no route {self.path}"}})
            return
        began = self.server.begin()
        try:
            payload = json.loads(body)
            answer = _answer(payload)
            time.sleep(self.server.latency)
        except Exception as exc:  # noqa: BLE001 — report it to the client, keep serving
            self.server.end(began)
            self._send(400, {"error": {"message": f"bad request: {exc}"}})
            return
        self.server.end(began)
        self._send(200, answer)

    def _send(self, status: int, data: dict[str, Any]) -> None:
        raw = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)


def _answer(payload: dict[str, Any]) -> dict[str, Any]:
    messages = payload["messages"]
    system = str(messages[0]["content"])
    user = messages[-1]["content"]
    if isinstance(user, list):
        user = " ".join(str(part.get("text", "")) for part in user if isinstance(part, dict))
    title = "this product"
    if DATA_OPEN in user and DATA_CLOSE in user:
        data = json.loads(user.split(DATA_OPEN, 1)[1].split(DATA_CLOSE, 1)[0])
        title = str(data.get("title") or title)
    if "description as an HTML fragment" in system:
        text = (f"<p>The {html.escape(title)} is a well made piece that you will reach for "
                "every day. It is easy to care for and it is made to last for years.</p>"
                "<ul><li>Made with care</li><li>A perfect gift for you and your family</li>"
                "</ul>")
    else:
        text = f"{title} for every day"[:60]
    prompt_tokens = (len(system) + len(str(user))) // 4
    return {
        "id": f"chatcmpl-bench-{time.monotonic_ns()}", "object": "chat.completion",
        "created": int(time.time()), "model": payload.get("model", "bench-model"),
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": text}}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": len(text) // 4,
                  "total_tokens": prompt_tokens + len(text) // 4},
    }


def start_sandbox(products: int, log_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    """The sandbox store in its own process, so its work never competes with ours."""
    port = free_port()
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "shopify_app.sandbox", "--port", str(port),
             "--products", str(products), "--plan", "plus", "--api-key", API_KEY,
             "--api-secret", API_SECRET, "--shop", SHOP, "--app-url", ""],
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


class SlotSampler(threading.Thread):
    """Samples how many of the shared limiter's slots are held, every few milliseconds."""

    def __init__(self, redis_url: str, base_url: str, limit: int) -> None:
        super().__init__(name="slot-sampler", daemon=True)
        import redis

        from shopify_app.ai import RedisLimiter, limiter_key

        self.limiter = RedisLimiter(redis.Redis.from_url(redis_url),
                                    limiter_key("openai", base_url), limit)
        self.samples: list[int] = []
        self.times: list[float] = []
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.wait(0.005):
            self.samples.append(self.limiter.in_use())
            self.times.append(time.perf_counter())


def wait_for_workers(redis_url: str, count: int, procs: list[subprocess.Popen[bytes]]) -> None:
    """Until every worker has registered with RQ (a loaded machine boots them slowly)."""
    import redis
    from rq import Worker

    connection = redis.Redis.from_url(redis_url)
    deadline = time.monotonic() + 120
    while Worker.count(connection=connection) < count:
        if any(proc.poll() is not None for proc in procs) or time.monotonic() > deadline:
            raise SystemExit("the workers did not start; see their logs")
        time.sleep(0.1)
    time.sleep(0.5)  # past registration, into the first wait for work


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a live process has used so far (Linux; else 0)."""
    import os

    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        proc.wait()


def run(args: argparse.Namespace) -> None:
    from shopify_app.extensions import db
    from shopify_app.models import Job

    logs = Path(tempfile.mkdtemp(prefix="shelf-bench-generation-"))
    provider = FakeProvider(args.latency)
    threading.Thread(target=provider.serve_forever, name="fake-provider", daemon=True).start()
    sandbox, origin = start_sandbox(args.items, logs / "sandbox.log")
    procs: list[subprocess.Popen[bytes]] = []
    try:
        with redis_server() as redis_url:
            env = bench_env(redis_url, sqlite_url(), SHOPIFY_ADMIN_ORIGIN=origin,
                            AI_PROVIDER="openai", AI_BASE_URL=provider.base_url,
                            AI_API_KEY="bench", AI_MODEL="bench-model",
                            AI_CONCURRENCY=str(args.concurrency))
            app = make_app(env)
            client = app.test_client()

            def api(method: str, path: str, **kwargs: Any) -> Any:
                headers = {"Authorization": f"Bearer {session_token(SHOP)}"}
                response = getattr(client, method)(path, headers=headers, **kwargs)
                if response.status_code >= 400:
                    raise SystemExit(f"{method.upper()} {path}: {response.status_code} "
                                     f"{response.get_data(as_text=True)[:500]}")
                return response.get_json()

            api("get", "/api/me")  # token exchange against the sandbox: the offline token
            for n in range(args.workers):
                with (logs / f"worker-{n}.log").open("wb") as log:
                    procs.append(subprocess.Popen([sys.executable, "-m", "workers.worker"],
                                                  cwd=ROOT, env=worker_env(env), stdout=log,
                                                  stderr=subprocess.STDOUT))
            wait_for_workers(redis_url, args.workers, procs)  # before the clock starts
            booted_cpu = sum(cpu_seconds(proc.pid) for proc in procs)
            provider.reset()
            sampler = SlotSampler(redis_url, provider.base_url, args.concurrency)
            sampler.start()
            started = time.perf_counter()
            job_id = api("post", "/api/jobs", json={
                "kind": "generate", "field": "description", "scope": {"type": "all"},
                "title": "Benchmark descriptions"})["data"]["id"]
            deadline = started + args.timeout
            with app.app_context():
                while True:
                    db.session.rollback()
                    job = db.session.get(Job, job_id, populate_existing=True)
                    if job.status not in ("pending", "processing"):
                        break
                    if time.perf_counter() > deadline:
                        print(f"timed out after {args.timeout:.0f} s")
                        break
                    time.sleep(0.02)
                elapsed = time.perf_counter() - started
                status, total = job.status, job.total
                succeeded, failed = job.succeeded, job.failed
                error = job.error
            sampler.halt.set()
            cpu = sum(cpu_seconds(proc.pid) for proc in procs) - booted_cpu
            stop(procs)
    finally:
        stop(procs)
        sandbox.terminate()
        sandbox.wait()
        provider.shutdown()
        provider.server_close()
    with (logs / "slots.csv").open("w") as out:
        out.write("at,held\n")
        for at, held in zip(sampler.times, sampler.samples, strict=False):
            out.write(f"{at - started:.4f},{held}\n")
    report(args, provider, sampler.samples, status=status, total=total, succeeded=succeeded,
           failed=failed, error=error, elapsed=elapsed, started=started, cpu=cpu, logs=logs)


def report(args: argparse.Namespace, provider: FakeProvider, slots: list[int], *, status: str,
           total: int, succeeded: int, failed: int, error: str | None, elapsed: float,
           started: float, cpu: float, logs: Path) -> None:
    import os

    rate = total / elapsed if elapsed else 0.0
    ideal = args.concurrency / args.latency
    first = (provider.first_at - started) if provider.first_at else float("nan")
    last = (provider.last_at - started) if provider.last_at else float("nan")
    window = (provider.last_at - provider.first_at) if provider.first_at and provider.last_at \
        else 0.0
    mean = provider.busy_seconds / window if window else 0.0
    print(f"setup:             {args.items} products, {args.workers} workers, "
          f"AI_CONCURRENCY={args.concurrency}, latency {args.latency:.2f} s, "
          f"{os.cpu_count()} CPUs")
    print(f"job:               status {status}, {total} items, {succeeded} succeeded, "
          f"{failed} failed" + (f" ({error})" if error else ""))
    print(f"time:              {elapsed:.2f} s from creation to {status}")
    print(f"throughput:        {rate:.2f} items/s; ideal {ideal:.2f} items/s "
          f"(AI_CONCURRENCY / latency)")
    print(f"achieved / ideal:  {rate / ideal:.3f} (target >= {TARGET_RATIO})")
    print(f"provider requests: {provider.requests} "
          f"({provider.requests - succeeded:+d} beyond one per succeeded item)")
    print(f"peak concurrency:  {provider.peak} requests at once "
          f"(limit {args.concurrency}{', EXCEEDED' if provider.peak > args.concurrency else ''})")
    print(f"provider busy:     first request at {first:.2f} s, last answer at {last:.2f} s; "
          f"mean {mean:.2f} requests in flight in between "
          f"({mean / args.concurrency:.1%} of the slots)")
    if window:
        print(f"generating only:   {succeeded / window:.2f} items/s from first request to "
              f"last answer = {succeeded / window / ideal:.3f} of ideal (the rest of the "
              f"time is creation and fan-out)")
    busy = slots[next((n for n, v in enumerate(slots) if v), 0):] or [0]
    print(f"limiter slots:     {sum(busy) / len(busy):.2f} held on average from the first "
          f"request on ({len(busy)} samples; all {args.concurrency} held in "
          f"{sum(1 for v in busy if v >= args.concurrency) / len(busy):.1%} of them)")
    print(f"worker CPU:        {cpu:.1f} s in {args.workers} processes after they booted "
          f"({cpu * 1000 / max(total, 1):.1f} ms per item, fan-out included)")
    print(f"failed items:      {failed}")
    with (logs / "requests.csv").open("w") as out:  # for a closer look at idle slots
        out.write("began,answered\n")
        for began, answered in sorted(provider.spans):
            out.write(f"{began - started:.4f},{answered - started:.4f}\n")
    print(f"logs:              {logs} (worker logs, requests.csv: seconds after creation)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=1000, help="products in the store")
    parser.add_argument("--latency", type=float, default=1.0,
                        help="seconds the fake provider takes per answer")
    parser.add_argument("--concurrency", type=int, default=16, help="AI_CONCURRENCY")
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    parser.add_argument("--timeout", type=float, default=1800.0,
                        help="give up waiting for the job after this many seconds")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
