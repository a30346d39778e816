"""Admin API client figures against the sandbox store on the Standard plan.

    python bench/bench_shopify.py [--products 2000] [--workers 4] [--duration 60]
                                  [--items N] [--bulk-items 5000]

Starts the sandbox (Standard: 100 points/s into a 2,000-point bucket) and a
throwaway Redis, then runs worker processes, each with its own AdminClient
sharing the Redis cost bucket, that read their share of the catalog (text and
media) and write every product's description and its images' alt texts. It
prints the points per second charged (the sandbox's actualQueryCost) beyond
the bucket the shop started with, as a share of the restore rate (target: at
least 0.9), THROTTLED answers and retries, and checks the sandbox's write log:
every write a worker sent must have landed exactly once. Then it times 5,000
description writes as one bulk mutation and checks that they all landed.

Prints its figures; it asserts nothing.
"""
from __future__ import annotations

import argparse
import multiprocessing
import queue
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import redis_server  # noqa: E402

CHUNK = 25  # products read at once, then written one by one
BULK_SHOP = "bench-bulk.myshopify.com"


class MeteredSession(requests.Session):
    """Counts GraphQL requests, THROTTLED answers and failures, and keeps the
    reported cost of every executed call."""

    def __init__(self) -> None:
        super().__init__()
        # (actualQueryCost, requestedQueryCost) of every executed call
        self.answers: list[tuple[int, int]] = []
        self.tally: Counter = Counter()

    def post(self, url: Any, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if "/graphql.json" not in str(url):
            return super().post(url, *args, **kwargs)
        self.tally["requests"] += 1
        try:
            response = super().post(url, *args, **kwargs)
        except requests.ConnectionError:
            self.tally["connection_errors"] += 1
            raise
        if response.status_code >= 500:
            self.tally["server_errors"] += 1
            return response
        try:
            body = response.json()
        except ValueError:
            return response
        codes = {(e.get("extensions") or {}).get("code")
                 for e in body.get("errors") or () if isinstance(e, dict)}
        if "THROTTLED" in codes or response.status_code == 429:
            self.tally["throttled"] += 1
        cost = (body.get("extensions") or {}).get("cost") or {}
        if cost.get("actualQueryCost") is not None:
            self.answers.append((int(cost["actualQueryCost"]),
                                 int(cost.get("requestedQueryCost") or 0)))
        return response


def worker(index: int, workers: int, origin: str, shop: str, token: str, redis_url: str,
           product_ids: list[str], span: float, item_limit: int | None,
           start: Any, results: Any) -> None:
    """One worker process: read a chunk, write each product's text and its images' alt."""
    import redis

    from shopify_app.shopify import (
        NOT_ATTEMPTED,
        AdminClient,
        AltTextChange,
        ProductFields,
        ProductTextChange,
        ShopifyError,
        StaticTokenProvider,
        ThrottledError,
        WriteInterruptedError,
        get_products,
        set_alt_texts,
        update_product_text,
    )

    session = MeteredSession()
    waits: Counter = Counter()

    def sleep(seconds: float) -> None:
        waits["sleeps"] += 1
        waits["slept"] += seconds
        time.sleep(seconds)

    class CountingClient(AdminClient):
        def execute(self, operation_name: str, variables: Any = None) -> dict:
            before = session.tally["requests"]
            try:
                return super().execute(operation_name, variables)
            finally:
                waits["retries"] += max(0, session.tally["requests"] - before - 1)

    client = CountingClient(shop, token_provider=StaticTokenProvider(token),
                            redis=redis.Redis.from_url(redis_url), admin_origin=origin,
                            session=session, sleep=sleep)
    mine = product_ids[index::workers]
    texts: dict[str, str] = {}  # writes this worker sent: target → new value
    alts: dict[str, str] = {}
    failed: list[str] = []
    errors: list[str] = []
    start.wait()
    stop_at = time.time() + span

    def in_time() -> bool:
        """Whether to go on; no call may wait for the bucket past the end of the run."""
        remaining = stop_at - time.time()
        client.throttle_deadline = min(max(remaining, 0.0), 180.0)
        return remaining > 0

    def more() -> bool:
        return in_time() and not (item_limit and len(texts) >= item_limit)

    try:
        for offset in range(0, len(mine), CHUNK):
            if not more():
                break
            try:
                products = get_products(client, mine[offset:offset + CHUNK],
                                        ProductFields(text=True, media=True))
            except ThrottledError:
                break  # the run ended while this read waited for the bucket
            changes = []
            for product in products.values():
                if product is None:
                    continue
                if not more():
                    break
                value = f"<p>Benchmark description {index}-{product.numeric_id}.</p>"
                try:
                    outcome = update_product_text(client, ProductTextChange(
                        product.id, description_html=value,
                        previous={"description_html": product.description_html}))
                except ThrottledError:
                    break  # never sent: the run ended while it waited for the bucket
                texts[product.id] = value
                if not outcome.ok:
                    failed.append(f"{product.id}: {outcome.reason} {outcome.error_message}")
                changes += [AltTextChange(m.id, f"Benchmark alt {index}-{m.id.rsplit('/', 1)[-1]}",
                                          previous=m.alt) for m in product.media or ()]
            if changes and in_time():
                try:
                    outcomes = set_alt_texts(client, changes)
                except WriteInterruptedError as exc:
                    outcomes = exc.outcomes
                wanted = {c.media_id: c.alt for c in changes}
                for outcome in outcomes:
                    if outcome.reason == NOT_ATTEMPTED:
                        continue  # never sent
                    alts[outcome.target_id] = wanted[outcome.target_id]
                    if not outcome.ok:
                        failed.append(f"{outcome.target_id}: {outcome.reason} "
                                      f"{outcome.error_message}")
    except ShopifyError as exc:
        errors.append(f"worker {index}: {exc!r}")
    results.put({"index": index, "answers": session.answers, "tally": dict(session.tally),
                 "waits": dict(waits), "texts": texts, "alts": alts, "failed": failed,
                 "errors": errors})


def watch_bucket(store: Any, samples: list[tuple[float, float]], done: threading.Event) -> None:
    while not done.is_set():
        samples.append((time.time(), float(store.bucket.status()["currentlyAvailable"])))
        time.sleep(0.05)


def rate_limited_run(sandbox: Any, redis_url: str, workers: int, duration: float,
                     items: int | None) -> None:
    store = sandbox.store()
    product_ids = [p["id"] for p in sorted(store.products.values(), key=lambda p: p["_n"])]
    token = sandbox.token()
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    results = context.Queue()
    # Without --items the run lasts --duration; with it, until the workers
    # have written that many descriptions (an hour at most).
    span = duration if items is None else 3600.0
    per_worker = None if items is None else -(-items // workers)
    procs = [context.Process(target=worker, args=(
        index, workers, sandbox.origin, sandbox.shop, token, redis_url, product_ids,
        span, per_worker, start, results)) for index in range(workers)]
    for proc in procs:
        proc.start()
    time.sleep(5.0)  # let every worker import the app before the clock starts
    samples: list[tuple[float, float]] = []
    done = threading.Event()
    watcher = threading.Thread(target=watch_bucket, args=(store, samples, done), daemon=True)
    watcher.start()
    initial = float(store.bucket.status()["currentlyAvailable"])
    t0 = time.time()
    start.set()
    reports = []
    while len(reports) < workers:
        try:
            reports.append(results.get(timeout=5))
        except queue.Empty:
            if not any(p.is_alive() for p in procs):
                break
    t_end = time.time()
    done.set()
    watcher.join()
    for proc in procs:
        proc.join(timeout=30)
    report(store, reports, initial, samples, t0, t_end)


def report(store: Any, reports: list[dict[str, Any]], initial: float,
           samples: list[tuple[float, float]], t0: float, t_end: float) -> None:
    tally: Counter = Counter()
    waits: Counter = Counter()
    answers: list[tuple[int, int]] = []
    texts: dict[str, str] = {}
    alts: dict[str, str] = {}
    failed: list[str] = []
    errors: list[str] = []
    for item in reports:
        tally.update(item["tally"])
        waits.update(item["waits"])
        answers += item["answers"]
        texts.update(item["texts"])
        alts.update(item["alts"])
        failed += item["failed"]
        errors += item["errors"]

    # Every point spent came out of the bucket the shop started with or out of
    # what it restored since. Points/s beyond that initial bucket is the part
    # of the restore rate the workers used; points still in the bucket when
    # the run ends count as unused.
    seconds = t_end - t0
    spent = sum(actual for actual, _ in answers)
    requested = sum(asked for _, asked in answers)
    rate = (spent - initial) / seconds
    restore_rate, maximum = store.bucket.plan.restore_rate, store.bucket.plan.maximum
    left = float(store.bucket.status()["currentlyAvailable"])
    drained = next((i for i, (_, level) in enumerate(samples) if level < maximum - 1), None)
    full = sum(later - earlier for (earlier, level), (later, _)
               in zip(samples[drained or 0:], samples[(drained or 0) + 1:], strict=False)
               if level >= maximum - 1) if drained is not None else seconds
    print(f"workers: {len(reports)} processes for {seconds:.1f} s, {tally['requests']} "
          f"GraphQL requests; {spent} points charged (actualQueryCost), {requested} "
          f"requested up front")
    if spent <= initial:
        print(f"points/s: not measured, the run spent less than the initial {initial:.0f}-point "
              f"bucket (run longer); restore lost to a full bucket: {full:.1f} s")
    else:
        print(f"points/s: {rate:.1f} beyond the initial {initial:.0f}-point bucket = "
              f"{rate / restore_rate:.3f} of the {restore_rate:.0f} points/s restore rate "
              f"(target >= 0.9); left in the bucket at the end: {left:.0f} points, "
              f"restore lost to a full bucket: {full:.1f} s")
    print(f"throttled answers: {tally['throttled']}  retries: {waits['retries']}  "
          f"5xx: {tally['server_errors']}  connection errors: {tally['connection_errors']}  "
          f"client sleeps: {waits['sleeps']} ({waits['slept']:.1f} s in all)")

    log = [w for w in store.writes if w["via"] == "api"]
    landed, lost, duplicated = verify(store, log, "productUpdate", texts, "descriptionHtml")
    alt_landed, alt_lost, alt_duplicated = verify(store, log, "fileUpdate", alts, "alt")
    unexpected = {w["target"] for w in log} - set(texts) - set(alts)
    print(f"items written: {landed} descriptions + {alt_landed} alt texts = "
          f"{landed + alt_landed} ({(landed + alt_landed) / seconds:.1f}/s)")
    print(f"items lost: {lost + alt_lost}  written more than once: "
          f"{duplicated + alt_duplicated}  unexpected writes: {len(unexpected)}  "
          f"(checked against the sandbox write log: {len(texts) + len(alts)} writes sent)")
    for line in (failed + errors)[:10]:
        print(f"  not written: {line}")


def verify(store: Any, log: list[dict[str, Any]], operation: str, intended: dict[str, str],
           field: str) -> tuple[int, int, int]:
    """(landed exactly once, lost, written more than once) for ``intended``."""
    entries: dict[str, list[dict[str, Any]]] = {}
    for entry in log:
        if entry["operation"] == operation:
            entries.setdefault(entry["target"], []).append(entry)
    landed = lost = duplicated = 0
    for target, value in intended.items():
        record = store.lookup(target) or {}
        mine = entries.get(target, [])
        if len(mine) > 1:
            duplicated += 1
        if record.get(field) == value and len(mine) == 1 and mine[0]["changed"]:
            landed += 1
        elif record.get(field) != value or not mine:
            lost += 1
    return landed, lost, duplicated


def bulk_run(sandbox: Any, redis_url: str, count: int) -> None:
    import redis

    from shopify_app.shopify import AdminClient, StaticTokenProvider, run_mutations

    seeded = time.perf_counter()
    response = requests.post(f"{sandbox.origin}/sandbox/shops", timeout=600, json={
        "shop": BULK_SHOP, "products": count, "plan": "standard", "token": True})
    response.raise_for_status()
    token = response.json()["access_token"]
    store = sandbox.store(BULK_SHOP)
    print(f"bulk: seeded {len(store.products)} products in {time.perf_counter() - seeded:.1f} s")
    ids = [p["id"] for p in sorted(store.products.values(), key=lambda p: p["_n"])][:count]
    wanted = {pid: f"<p>Bulk description {n}.</p>" for n, pid in enumerate(ids)}
    client = AdminClient(BULK_SHOP, token_provider=StaticTokenProvider(token),
                         redis=redis.Redis.from_url(redis_url), admin_origin=sandbox.origin)
    mark = len(store.writes)
    started = time.perf_counter()
    outcomes = run_mutations(client, "ProductUpdateText",
                             [{"product": {"id": pid, "descriptionHtml": value}}
                              for pid, value in wanted.items()])
    elapsed = time.perf_counter() - started
    ok = sum(1 for o in outcomes if o.ok)
    log = store.writes[mark:]
    via = Counter(w["via"] for w in log)
    landed, lost, duplicated = verify(store, log, "productUpdate", wanted, "descriptionHtml")
    print(f"bulk: {len(wanted)} description writes in {elapsed:.1f} s = "
          f"{len(wanted) / elapsed:.0f} items/s ({ok} ok outcomes, writes by {dict(via)})")
    print(f"bulk: landed exactly once: {landed} of {len(wanted)}  lost: {lost}  "
          f"written more than once: {duplicated}"
          f"{'  (all landed)' if landed == len(wanted) else ''}")
    client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--duration", type=float, default=60.0,
                        help="seconds of reading and writing (default 60)")
    parser.add_argument("--items", type=int, default=None,
                        help="stop after this many description writes (shared out between "
                             "the workers) instead")
    parser.add_argument("--bulk-items", type=int, default=5000)
    args = parser.parse_args()

    from shopify_app.sandbox import SandboxServer

    with redis_server() as redis_url, \
            SandboxServer(products=args.products, plan="standard") as sandbox:
        plan = sandbox.store().bucket.plan
        print(f"sandbox: {args.products} products, plan {plan.name} "
              f"({plan.restore_rate:.0f} points/s, bucket {plan.maximum:.0f})")
        rate_limited_run(sandbox, redis_url, args.workers, args.duration, args.items)
        if args.bulk_items:
            bulk_run(sandbox, redis_url, args.bulk_items)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
