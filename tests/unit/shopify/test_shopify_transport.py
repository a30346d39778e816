"""Whether a failed request may have reached Shopify, checked on real sockets."""
from __future__ import annotations

import random
import socket
import threading

import pytest
import requests

from shopify_app.shopify.transport import MaybeSent, NotSent, backoff_delay, post_graphql


def test_refused_connection_was_not_sent() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(NotSent):
        post_graphql(requests.Session(), f"http://127.0.0.1:{port}/g", {}, {}, (1, 1))


def test_connection_dropped_after_the_request_may_have_been_sent() -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def drop() -> None:
        conn, _ = server.accept()
        conn.recv(65536)
        conn.close()

    thread = threading.Thread(target=drop, daemon=True)
    thread.start()
    try:
        with pytest.raises(MaybeSent):
            post_graphql(requests.Session(), f"http://127.0.0.1:{server.getsockname()[1]}/g",
                         {}, {"query": "{ shop { name } }"}, (1, 2))
    finally:
        thread.join(timeout=2)
        server.close()


def test_backoff_uses_full_jitter_under_a_growing_cap() -> None:
    rng = random.Random(1)
    delays = [backoff_delay(n, base=0.5, cap=4.0, rng=rng) for n in range(8) for _ in range(20)]
    assert all(0 <= d <= 4.0 for d in delays)
    assert max(backoff_delay(0, rng=rng) for _ in range(50)) <= 0.5
    assert len({round(d, 6) for d in delays}) > 100  # spread, not a fixed schedule
