"""The shared concurrency limit: never more than N holders, crashed holders expire."""
from __future__ import annotations

import threading
import time

import pytest

from shopify_app.ai import ConcurrencyTimeoutError, LocalLimiter, RedisLimiter, limiter_key


def _hammer(limiter, threads: int = 12, hold: float = 0.03) -> int:
    """Run ``threads`` workers through the limiter at once; return the peak holders."""
    lock = threading.Lock()
    state = {"now": 0, "peak": 0, "done": 0}
    start = threading.Barrier(threads)

    def work() -> None:
        start.wait()
        for _ in range(3):
            with limiter.slot():
                with lock:
                    state["now"] += 1
                    state["peak"] = max(state["peak"], state["now"])
                time.sleep(hold)
                with lock:
                    state["now"] -= 1
        with lock:
            state["done"] += 1

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert state["done"] == threads
    return state["peak"]


def test_never_more_than_n_holders_across_threads(redis_url):
    import redis as redis_lib

    # One client per "worker process" would be more realistic; one pool is enough to race.
    limiter = RedisLimiter(redis_lib.Redis.from_url(redis_url), limiter_key(
        "openai", "https://api.openai.com/v1"), 3, poll_interval=0.005)

    peak = _hammer(limiter)

    assert peak == 3  # the limit was reached, and never exceeded
    assert limiter.in_use() == 0


def test_separate_limiter_objects_share_the_limit(redis_client):
    key = limiter_key("anthropic", "https://api.anthropic.com")
    first = RedisLimiter(redis_client, key, 2)
    second = RedisLimiter(redis_client, key, 2)

    tokens = [first.try_acquire(), second.try_acquire()]

    assert all(tokens)
    assert first.try_acquire() is None and second.try_acquire() is None
    first.release(tokens[0])
    assert second.try_acquire() is not None


def test_a_crashed_holders_slot_frees_itself_after_the_lease(redis_client):
    limiter = RedisLimiter(redis_client, "test:slots", 1, lease_seconds=0.3,
                           wait_timeout=2.0, poll_interval=0.02)
    assert limiter.try_acquire() is not None  # this holder "crashes": it never releases

    assert limiter.try_acquire() is None
    started = time.monotonic()
    with limiter.slot():
        waited = time.monotonic() - started
        assert limiter.in_use() == 1
    assert 0.15 <= waited < 1.5
    assert limiter.in_use() == 0


def test_waiting_gives_up_with_a_retryable_error(redis_client):
    limiter = RedisLimiter(redis_client, "test:slots", 1, wait_timeout=0.1,
                           poll_interval=0.02)
    limiter.try_acquire()

    with pytest.raises(ConcurrencyTimeoutError) as caught, limiter.slot():
        pass
    assert caught.value.retryable is True


def test_the_key_expires_when_unused(redis_client):
    limiter = RedisLimiter(redis_client, "test:slots", 2, lease_seconds=10)
    limiter.try_acquire()
    assert 0 < redis_client.pttl("test:slots") <= 20_000


def test_keys_differ_per_provider_and_base_url():
    assert limiter_key("openai", "http://127.0.0.1:9999/v1") == \
        limiter_key("openai", "http://127.0.0.1:9999/v1/")
    assert limiter_key("openai", "http://127.0.0.1:9999/v1") != \
        limiter_key("openai", "https://api.openai.com/v1")


def test_local_limiter_bounds_threads_of_one_process():
    assert _hammer(LocalLimiter(2)) == 2
