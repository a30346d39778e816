"""The Admin API client against the sandbox store: reads, writes, faults, scopes.

Everything goes over real HTTP to a local fake Shopify that executes the real
Admin schema, charges query cost from a leaky bucket and keeps a log of every
write it carried out; the client shares its rate-limit estimate through a real
Redis.
"""
from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from shopify_app.sandbox import SandboxServer
from shopify_app.shopify import (
    AdminClient,
    AltTextChange,
    ProductFields,
    ProductTextChange,
    ShopifyError,
    StaticTokenProvider,
    WriteInterruptedError,
    WriteOutcome,
    get_products,
    iter_products,
    iter_scope,
    read_alt_texts,
    set_alt_texts,
    update_product_text,
    variants_by_sku,
)
from shopify_app.shopify.sku_lookup import lookup_variants

pytestmark = pytest.mark.e2e

PRODUCTS = 500
WRITES = 100  # descriptions, and as many image alt texts
FAULTY_SHOP = "faulty-e2e.myshopify.com"
# Restores 150 points/s into a 60-point bucket (Standard holds 2,000): six
# mutations drain it, so four concurrent writers spend most of the run waiting.
TINY_PLAN = "custom:150:60"
WITH_MEDIA = ProductFields(text=True, media=True)


class CountingSession(requests.Session):
    """A requests session that tallies what Shopify answered: THROTTLED
    answers, 5xx pages and dropped connections."""

    def __init__(self, tally: Counter, lock: threading.Lock) -> None:
        super().__init__()
        self.tally = tally
        self.lock = lock

    def post(self, url: Any, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if "/graphql.json" not in str(url):
            return super().post(url, *args, **kwargs)
        try:
            response = super().post(url, *args, **kwargs)
        except requests.ConnectionError:
            self._add("dropped")
            raise
        self._add("requests")
        if response.status_code >= 500:
            self._add("server_errors")
            return response
        try:
            body = response.json()
        except ValueError:
            return response
        codes = {(e.get("extensions") or {}).get("code")
                 for e in body.get("errors") or () if isinstance(e, dict)}
        if "THROTTLED" in codes or response.status_code == 429:
            self._add("throttled")
        return response

    def _add(self, key: str) -> None:
        with self.lock:
            self.tally[key] += 1


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    # Plus restores 1,000 points/s: reading 500 products with their media
    # costs about 4,000 points and would take half a minute on Standard.
    with SandboxServer(products=PRODUCTS, plan="plus") as server:
        yield server


def make_client(server: SandboxServer, redis: Any, shop: str | None = None,
                token: str | None = None,
                session: requests.Session | None = None) -> AdminClient:
    return AdminClient(shop or server.shop,
                       token_provider=StaticTokenProvider(token or server.token()),
                       redis=redis, admin_origin=server.origin, session=session,
                       throttle_deadline=60.0)


@pytest.fixture
def client(sandbox: SandboxServer, redis_client: Any) -> Iterator[AdminClient]:
    with make_client(sandbox, redis_client) as admin:
        yield admin


def write_log(server: SandboxServer, shop: str, since: int) -> list[dict[str, Any]]:
    response = requests.get(f"{server.origin}/sandbox/shops/{shop}/writes",
                            params={"since": since}, timeout=10)
    response.raise_for_status()
    return response.json()["writes"]


def last_seq(server: SandboxServer, shop: str) -> int:
    return max((w["seq"] for w in write_log(server, shop, 0)), default=0)


def assert_written_once(log: list[dict[str, Any]], operation: str, targets: set[str]) -> None:
    """Each target has exactly one entry of ``operation``, and it changed something."""
    entries = [w for w in log if w["operation"] == operation]
    per_target = Counter(w["target"] for w in entries)
    assert set(per_target) == targets, "writes to targets nobody asked for, or missing"
    repeated = {t: n for t, n in per_target.items() if n != 1}
    assert not repeated, f"{operation} written more than once: {repeated}"
    assert all(w["changed"] for w in entries)


# -- reads and writes -----------------------------------------------------------------------


def test_reads_every_product_then_writes_each_change_exactly_once(
        sandbox: SandboxServer, client: AdminClient) -> None:
    store = sandbox.store()
    products = list(iter_products(client, fields=WITH_MEDIA))

    ids = [p.id for p in products]
    assert len(products) == PRODUCTS
    assert len(set(ids)) == PRODUCTS
    assert set(ids) == {p["id"] for p in store.products.values()}
    media_ids = [m.id for p in products for m in p.media or ()]
    assert len(media_ids) == len(set(media_ids)) == len(store.media)

    mark = last_seq(sandbox, sandbox.shop)
    text_targets = products[:WRITES]
    new_text = {p.id: f"<p>Rewritten description {p.numeric_id}.</p>" for p in text_targets}
    images = [m for p in products[WRITES:] for m in p.media or ()][:WRITES]
    assert len(images) == WRITES
    new_alt = {m.id: f"Alt text for image {m.id.rsplit('/', 1)[-1]}" for m in images}

    text_outcomes = [update_product_text(client, ProductTextChange(
        p.id, description_html=new_text[p.id], previous={"description_html": p.description_html}))
        for p in text_targets]
    alt_outcomes = set_alt_texts(client, [AltTextChange(m.id, new_alt[m.id], previous=m.alt)
                                          for m in images])
    assert [o.target_id for o in text_outcomes if not o.ok] == []
    assert [o.target_id for o in alt_outcomes if not o.ok] == []

    reread = get_products(client, list(new_text), ProductFields(text=True))
    assert {pid: p.description_html for pid, p in reread.items() if p} == new_text
    owners = get_products(client, {p.id for p in products[WRITES:]
                                   if any(m.id in new_alt for m in p.media or ())}, WITH_MEDIA)
    alts = {m.id: m.alt for p in owners.values() if p for m in p.media or () if m.id in new_alt}
    assert alts == new_alt

    log = write_log(sandbox, sandbox.shop, mark)
    assert_written_once(log, "productUpdate", set(new_text))
    assert_written_once(log, "fileUpdate", set(new_alt))
    assert {w["operation"] for w in log} == {"productUpdate", "fileUpdate"}
    assert all(w["via"] == "api" for w in log)
    assert all(w["fields"] == {"descriptionHtml": new_text[w["target"]]}
               for w in log if w["operation"] == "productUpdate")


# -- the same writes through faults ---------------------------------------------------------


def _done(outcomes: list[WriteOutcome]) -> set[str]:
    return {o.target_id for o in outcomes if o.ok}


def _run_until_done(pending: dict[str, Any], write: Callable[[list[Any]], set[str]],
                    current: Callable[[list[str]], dict[str, Any]],
                    wanted: Callable[[Any], Any], rounds: int = 6) -> None:
    """Write ``pending`` (target id → change) until every change is in effect.

    What a job does with items left undecided: re-read them first, count the
    ones already showing the new value as done and send only the rest again.
    """
    for _ in range(rounds):
        if not pending:
            return
        done = write(list(pending.values()))
        for target in done:
            pending.pop(target, None)
        if not pending:
            return
        try:
            now = current(list(pending))
        except ShopifyError:
            continue  # could not check: check again after the next round
        for target, value in now.items():
            if value == wanted(pending[target]):
                pending.pop(target)
    assert not pending, f"never confirmed: {sorted(pending)}"


def test_writes_survive_server_errors_drops_and_throttling(
        sandbox: SandboxServer, redis_client: Any) -> None:
    created = requests.post(f"{sandbox.origin}/sandbox/shops", timeout=30, json={
        "shop": FAULTY_SHOP, "products": 150, "plan": TINY_PLAN, "token": True})
    created.raise_for_status()
    token = created.json()["access_token"]
    store = sandbox.store(FAULTY_SHOP)
    products = sorted(store.products.values(), key=lambda p: p["_n"])
    text_changes = {p["id"]: ProductTextChange(
        p["id"], description_html=f"<p>Written through faults {p['_n']}.</p>",
        previous={"description_html": p["descriptionHtml"]}) for p in products[:WRITES]}
    images = [m for p in products[WRITES:] + products[:WRITES] for m in p["media"]][:WRITES]
    alt_changes = {m["id"]: AltTextChange(m["id"], f"Fault-tolerant alt {m['_n']}",
                                          previous=m["alt"]) for m in images}
    mark = last_seq(sandbox, FAULTY_SHOP)

    tally: Counter = Counter()
    lock = threading.Lock()
    workers = 4
    clients = [make_client(sandbox, redis_client, FAULTY_SHOP, token,
                           CountingSession(tally, lock))
               for _ in range(workers)]
    # Some answers are edge 5xx pages, some connections close before or after
    # the request was carried out, a few calls are refused as THROTTLED outright.
    requests.put(f"{sandbox.origin}/sandbox/faults", timeout=10, json={
        "error_rate": 0.08, "drop_rate": 0.04, "drop_after_rate": 0.06, "throttle_next": 3,
        "seed": 11,
    }).raise_for_status()
    # The shop's bucket starts empty while the client still assumes a fresh one.
    requests.put(f"{sandbox.origin}/sandbox/shops/{FAULTY_SHOP}/plan", json={"available": 0},
                 timeout=10).raise_for_status()

    def write_texts(admin: AdminClient, changes: list[ProductTextChange]) -> set[str]:
        done = set()
        for change in changes:
            try:
                outcome = update_product_text(admin, change)
            except ShopifyError:
                continue
            if outcome.ok:
                done.add(outcome.target_id)
        return done

    def write_alts(admin: AdminClient, changes: list[AltTextChange]) -> set[str]:
        try:
            return _done(set_alt_texts(admin, changes, batch_size=10))
        except WriteInterruptedError as exc:
            return _done(exc.outcomes)

    def worker(index: int) -> None:
        admin = clients[index]
        texts = dict(list(text_changes.items())[index::workers])
        alts = dict(list(alt_changes.items())[index::workers])
        _run_until_done(
            texts, lambda batch: write_texts(admin, batch),
            lambda ids: {i: p.description_html if p else None
                         for i, p in get_products(admin, ids, ProductFields(text=True)).items()},
            lambda change: change.description_html)
        _run_until_done(alts, lambda batch: write_alts(admin, batch),
                        lambda ids: read_alt_texts(admin, ids), lambda change: change.alt)

    try:
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(worker, range(workers)))
    finally:
        requests.delete(f"{sandbox.origin}/sandbox/faults", timeout=10).raise_for_status()
        for admin in clients:
            admin.close()

    # The faults really happened.
    assert tally["throttled"] > 0
    assert tally["server_errors"] > 0
    assert tally["dropped"] > 0

    # Every change is in effect, read back through the client with faults off
    # (and a bucket large enough for a 100-product read).
    requests.put(f"{sandbox.origin}/sandbox/shops/{FAULTY_SHOP}/plan", json={"name": "plus"},
                 timeout=10).raise_for_status()
    with make_client(sandbox, redis_client, FAULTY_SHOP, token) as admin:
        texts = get_products(admin, list(text_changes), ProductFields(text=True))
        alts = read_alt_texts(admin, list(alt_changes))
    assert {i: p.description_html for i, p in texts.items() if p} == {
        i: c.description_html for i, c in text_changes.items()}
    assert alts == {i: c.alt for i, c in alt_changes.items()}

    # ...and was carried out exactly once, though some answers never arrived.
    log = write_log(sandbox, FAULTY_SHOP, mark)
    assert_written_once(log, "productUpdate", set(text_changes))
    assert_written_once(log, "fileUpdate", set(alt_changes))


# -- scopes ---------------------------------------------------------------------------------


def _expected(store: Any, keep: Callable[[dict[str, Any]], bool]) -> set[str]:
    return {p["id"] for p in store.products.values() if keep(p)}


@pytest.mark.parametrize("use_bulk", [False, True], ids=["paged", "bulk"])
def test_scope_reads_return_exactly_the_matching_products(
        sandbox: SandboxServer, client: AdminClient, use_bulk: bool) -> None:
    store = sandbox.store()

    def read(scope: dict[str, Any]) -> set[str]:
        found = [p.id for p in iter_scope(client, scope,
                                          bulk_threshold=0 if use_bulk else 10_000)]
        assert len(found) == len(set(found))
        return set(found)

    tag_counts = Counter(t for p in store.products.values() for t in p["tags"])
    tag = min(tag_counts, key=lambda t: abs(tag_counts[t] - PRODUCTS // 5))
    by_tag = _expected(store, lambda p: tag in p["tags"])
    assert 0 < len(by_tag) < PRODUCTS
    assert read({"type": "tag", "value": tag}) == by_tag

    vendor = "Fjord & Pine"  # a search-syntax character in the value
    by_vendor = _expected(store, lambda p: p["vendor"] == vendor)
    assert 0 < len(by_vendor) < PRODUCTS
    assert read({"type": "vendor", "value": vendor}) == by_vendor

    missing_alt = _expected(store, lambda p: any(not (m["alt"] or "").strip()
                                                 for m in p["media"]))
    assert 0 < len(missing_alt) < PRODUCTS
    assert read({"type": "missing", "field": "alt_text"}) == missing_alt


def test_bulk_sku_lookup_finds_what_paged_reads_find(sandbox: SandboxServer,
                                                     client: AdminClient) -> None:
    skus = [variant["sku"] for product in list(sandbox.store().products.values())[:40]
            for variant in product["variants"]][:40] + ["NO-SUCH-SKU"]
    bulk = lookup_variants(client, skus, image_size=300, bulk_threshold=0)
    paged = variants_by_sku(client, skus, image_size=300)
    assert bulk == paged
    assert sum(1 for found in bulk.values() if found) == 40 and bulk["NO-SUCH-SKU"] == []
    assert any(v.image_url for found in bulk.values() for v in found)  # variant media lines
