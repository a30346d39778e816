"""The retrying JSON client: Retry-After, back-off bounds, what is and is not retried."""
from __future__ import annotations

import email.utils
import random

import pytest
import requests

from shopify_app.ai import ConcurrencyTimeoutError, RateLimitedError
from shopify_app.ai.http import JsonClient, RetryPolicy, parse_retry_after

URL = "http://127.0.0.1:9999/v1/chat/completions"


def make_client(sleep, **kwargs):
    return JsonClient("openai", session=requests.Session(), sleep=sleep,
                      rng=random.Random(1), **kwargs)


def test_parse_retry_after_seconds_and_dates():
    now = 1_700_000_000.0
    assert parse_retry_after("3", now) == 3.0
    assert parse_retry_after("0.5", now) == 0.5
    assert parse_retry_after(email.utils.formatdate(now + 30, usegmt=True), now) == \
        pytest.approx(30.0)
    assert parse_retry_after(email.utils.formatdate(now - 30, usegmt=True), now) == 0.0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


def test_a_wait_longer_than_we_block_is_handed_to_the_caller(mock, sleep):
    mock.post(URL, status=429, headers={"Retry-After": "600"}, json={"error": "busy"})

    with pytest.raises(RateLimitedError) as caught:
        make_client(sleep).post(URL, {}, {"a": 1})

    assert caught.value.retry_after == 600.0
    assert sleep.calls == [] and len(mock.calls) == 1


def test_backoff_grows_exponentially_within_the_cap(mock, sleep):
    mock.post(URL, status=500, json={"error": {"message": "boom"}})
    policy = RetryPolicy(max_attempts=6, base_delay=1.0, max_delay=5.0)

    with pytest.raises(Exception, match="boom"):
        make_client(sleep, policy=policy).post(URL, {}, {})

    ceilings = [1.0, 2.0, 4.0, 5.0, 5.0]
    assert len(sleep.calls) == 5
    assert all(0 <= wait <= ceiling for wait, ceiling in zip(sleep.calls, ceilings, strict=True))


def test_a_2xx_that_is_not_json_is_retried(mock, sleep):
    mock.post(URL, status=200, body="<html>proxy page</html>")
    mock.post(URL, json={"ok": True})

    assert make_client(sleep).post(URL, {}, {}) == {"ok": True}
    assert len(sleep.calls) == 1


def test_the_body_is_json_with_our_headers(mock, sleep):
    mock.post(URL, json={"ok": True})

    make_client(sleep).post(URL, {"X-Test": "1"}, {"model": "m", "n": [1, 2]})

    request = mock.calls[0].request
    assert request.headers["X-Test"] == "1"
    assert request.headers["Content-Type"] == "application/json"
    assert request.body in (b'{"model": "m", "n": [1, 2]}', '{"model": "m", "n": [1, 2]}')


def test_a_full_limiter_is_not_retried(mock, sleep):
    class FullLimiter:
        def slot(self):
            raise ConcurrencyTimeoutError("busy")

    with pytest.raises(ConcurrencyTimeoutError):
        make_client(sleep, limiter=FullLimiter()).post(URL, {}, {})
    assert sleep.calls == [] and len(mock.calls) == 0
