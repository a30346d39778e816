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
    third = second.try_acquire()
    assert third is not None
    second.release(tokens[1])
    second.release(third)


def test_a_live_holder_keeps_its_slot_past_the_lease_until_it_releases(redis_client):
    limiter = RedisLimiter(redis_client, "test:slots", 1, lease_seconds=0.3)
    token = limiter.try_acquire()
    assert token is not None

    time.sleep(1.0)  # three leases: the heartbeat renews it meanwhile

    assert limiter.in_use() == 1 and limiter.try_acquire() is None
    limiter.release(token)
    assert limiter.in_use() == 0
    again = limiter.try_acquire()
    assert again is not None
    limiter.release(again)


def test_a_slot_lost_with_redis_comes_back_on_the_next_renewal(redis_client):
    limiter = RedisLimiter(redis_client, "test:slots", 2, lease_seconds=30)
    token = limiter.try_acquire()
    redis_client.flushdb()  # as if Redis restarted without persistence

    assert limiter.renew() == 1
    assert limiter.in_use() == 1
    limiter.release(token)


_HOLDER = """
import sys, time
import redis
from shopify_app.ai import RedisLimiter
limiter = RedisLimiter(redis.Redis.from_url(sys.argv[1]), "test:slots", 2, lease_seconds=1.0)
assert limiter.try_acquire() and limiter.try_acquire()
print("held", flush=True)
time.sleep(600)
"""


def test_a_killed_workers_slots_come_back_within_seconds(redis_url, redis_client):
    import os
    import signal
    import subprocess
    import sys

    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, redis_url],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              cwd=os.path.dirname(os.path.dirname(os.path.dirname(
                                  os.path.dirname(os.path.abspath(__file__))))))
    try:
        assert holder.stdout.readline().strip() == "held", holder.stderr.read()
        other = RedisLimiter(redis_client, "test:slots", 2, lease_seconds=1.0,
                             wait_timeout=0.1, poll_interval=0.02)
        time.sleep(2.5)  # past two leases: the live holder's heartbeat keeps both slots
        assert other.in_use() == 2
        with pytest.raises(ConcurrencyTimeoutError), other.slot():
            pass
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)

    # Another shop's request waits at most one lease for the dead worker's slots.
    other.wait_timeout = 2.0
    with other.slot(), other.slot():
        assert other.in_use() == 2


def test_waiting_gives_up_with_a_retryable_error(redis_client):
    limiter = RedisLimiter(redis_client, "test:slots", 1, wait_timeout=0.1,
                           poll_interval=0.02)
    token = limiter.try_acquire()

    with pytest.raises(ConcurrencyTimeoutError) as caught, limiter.slot():
        pass
    assert caught.value.retryable is True
    limiter.release(token)


def test_the_key_expires_when_unused(redis_client):
    limiter = RedisLimiter(redis_client, "test:slots", 2, lease_seconds=10)
    token = limiter.try_acquire()
    assert 0 < redis_client.pttl("test:slots") <= 20_000
    limiter.release(token)


def test_keys_differ_per_provider_and_base_url():
    assert limiter_key("openai", "http://127.0.0.1:9999/v1") == \
        limiter_key("openai", "http://127.0.0.1:9999/v1/")
    assert limiter_key("openai", "http://127.0.0.1:9999/v1") != \
        limiter_key("openai", "https://api.openai.com/v1")


def test_local_limiter_bounds_threads_of_one_process():
    assert _hammer(LocalLimiter(2)) == 2
