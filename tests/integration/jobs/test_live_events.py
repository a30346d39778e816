"""Server-Sent Events: a connected client sees item changes; a reconnect replays what it missed."""
from __future__ import annotations

import json
import threading
import time

import pytest
import requests
from werkzeug.serving import make_server

from tests.integration.jobs.test_lifecycle import create

SHOP = "test-shop.myshopify.com"


@pytest.fixture
def live_server(app):  # type: ignore[no-untyped-def]
    app.config["SHELF_SSE_MAX_SECONDS"] = 20
    app.config["SHELF_SSE_HEARTBEAT_SECONDS"] = 0.5  # notice closed clients quickly
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


class Listener:
    """Reads an SSE stream in a thread and keeps the parsed events."""

    def __init__(self, url: str, headers: dict[str, str] | None = None) -> None:
        self.events: list[dict[str, object]] = []
        self.response = requests.get(url, stream=True, headers=headers or {}, timeout=30)
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        current: dict[str, object] = {}
        try:
            for raw in self.response.iter_lines(decode_unicode=True):
                if raw == "":
                    if "event" in current:
                        self.events.append(current)
                    current = {}
                elif raw.startswith("id: "):
                    current["id"] = raw[4:]
                elif raw.startswith("event: "):
                    current["event"] = raw[7:]
                elif raw.startswith("data: "):
                    current["data"] = json.loads(raw[6:])
        except Exception:  # noqa: BLE001 — closing the response ends the read loop
            pass

    def wait_for(self, predicate, timeout: float = 15):  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [e for e in self.events if predicate(e)]
            if found:
                return found
            time.sleep(0.05)
        raise AssertionError(f"no matching event; got {[e.get('event') for e in self.events]}")

    def close(self) -> None:
        self.response.close()


def test_connected_client_receives_item_changes(api, live_server, tokens, run_worker):
    listener = Listener(f"{live_server}/api/events?token={tokens.token(SHOP, '1')}")
    try:
        time.sleep(0.3)  # let the stream subscribe
        job = create(api, count=5)
        run_worker()
        created = listener.wait_for(lambda e: e["event"] == "job.created")
        assert created[0]["data"]["id"] == job["id"]
        items = listener.wait_for(lambda e: e["event"] == "items.updated")
        changed = {i["id"] for e in items for i in e["data"]["items"]}
        assert len(changed) == 5
        done = listener.wait_for(lambda e: e["event"] == "job.updated"
                                 and e["data"]["status"] == "completed")
        assert done[-1]["data"]["counts"]["succeeded"] == 5
    finally:
        listener.close()


def test_reconnect_with_last_event_id_replays_missed_events(api, live_server, tokens,
                                                           run_worker):
    first = Listener(f"{live_server}/api/events?token={tokens.token(SHOP, '1')}")
    time.sleep(0.3)
    job_a = create(api, count=2)
    seen = first.wait_for(lambda e: e["event"] == "job.created")
    last_id = seen[-1]["id"]
    first.close()

    run_worker()  # events happen while the client is away
    job_b = create(api, count=1)

    again = Listener(f"{live_server}/api/events?token={tokens.token(SHOP, '1')}",
                     headers={"Last-Event-ID": last_id})
    try:
        again.wait_for(lambda e: e["event"] == "job.created" and e["data"]["id"] == job_b["id"])
        replayed = again.events
        assert all(e["id"] > last_id for e in replayed)  # nothing old repeated
        assert any(e["event"] == "job.updated" and e["data"]["id"] == job_a["id"]
                   and e["data"]["status"] == "completed" for e in replayed)
    finally:
        again.close()


def test_updated_since_replays_too(api, live_server, tokens, run_worker):
    from datetime import UTC, datetime

    since = datetime.now(UTC).isoformat()
    job = create(api, count=1)
    run_worker()
    response = requests.get(f"{live_server}/api/events", params={
        "token": tokens.token(SHOP, "1"), "updated_since": since}, stream=True, timeout=30)
    assert response.status_code == 200
    replay = Listener.__new__(Listener)
    replay.events, replay.response = [], response
    replay.thread = threading.Thread(target=replay._read, daemon=True)
    replay.thread.start()
    try:
        replay.wait_for(lambda e: e["event"] == "job.created" and e["data"]["id"] == job["id"])
    finally:
        replay.close()


def test_stream_needs_a_valid_token(live_server, tokens):
    assert requests.get(f"{live_server}/api/events", timeout=10).status_code == 401
    bad = tokens.token(SHOP, "1", secret="wrong-secret-0123456789abcdef0123456789")
    response = requests.get(f"{live_server}/api/events?token={bad}", timeout=10)
    assert response.status_code == 401
    assert response.json()["errors"][0]["status"] == "401"


def test_bad_last_event_id_is_422(live_server, tokens, shopify_oauth):
    response = requests.get(f"{live_server}/api/events?token={tokens.token(SHOP, '1')}",
                            headers={"Last-Event-ID": "yesterday"}, timeout=10)
    assert response.status_code == 422


def test_normal_requests_are_served_while_streams_are_open(live_server, tokens, api):
    streams = [Listener(f"{live_server}/api/events?token={tokens.token(SHOP, '1')}")
               for _ in range(5)]
    try:
        started = time.monotonic()
        response = requests.get(f"{live_server}/healthz", timeout=5)
        assert response.status_code == 200 and time.monotonic() - started < 2
    finally:
        for stream in streams:
            stream.close()
