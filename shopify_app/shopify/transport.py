"""One HTTP exchange with the Admin API, and what its failure means.

The distinction that matters for writes is whether the request may have
reached Shopify: a refused or timed-out *connect* sent nothing and is always
safe to repeat; a read timeout or a connection dropped mid-exchange may have
been executed.
"""
from __future__ import annotations

import json
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import requests
from urllib3.exceptions import NameResolutionError, NewConnectionError


class NotSent(Exception):
    """The request never reached Shopify (connect refused or timed out)."""


class MaybeSent(Exception):
    """The request may have been executed: no usable answer came back."""


@dataclass
class Reply:
    """An HTTP answer with its JSON body parsed when possible."""

    status: int
    headers: Mapping[str, str]
    body: dict[str, Any] | None
    text: str = ""
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def error_codes(self) -> set[str]:
        """The ``extensions.code`` of every top-level GraphQL error."""
        codes = set()
        for error in self.errors:
            code = (error.get("extensions") or {}).get("code") if isinstance(error, dict) else None
            if isinstance(code, str):
                codes.add(code)
        return codes

    @property
    def extensions(self) -> dict[str, Any] | None:
        value = self.body.get("extensions") if self.body else None
        return value if isinstance(value, dict) else None

    def error_summary(self) -> str:
        messages = [str(e.get("message", e)) if isinstance(e, dict) else str(e)
                    for e in self.errors]
        return "; ".join(messages)[:500] or self.text[:200]

    def retry_after(self) -> float | None:
        """``Retry-After`` in seconds, when given as a number."""
        raw = self.headers.get("Retry-After")
        try:
            return max(0.0, float(raw)) if raw is not None else None
        except ValueError:
            return None


def _nothing_sent(exc: requests.ConnectionError) -> bool:
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    reason = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)
    return isinstance(reason, NewConnectionError | NameResolutionError)


def post_graphql(session: requests.Session, url: str, headers: Mapping[str, str],
                 payload: Mapping[str, Any], timeout: tuple[float, float]) -> Reply:
    """POST one GraphQL request.

    Raises:
        NotSent: nothing reached Shopify; repeating is safe.
        MaybeSent: Shopify may have executed the request.
    """
    try:
        response = session.post(url, data=json.dumps(payload), headers=dict(headers),
                                timeout=timeout)
    except requests.ConnectionError as exc:
        if _nothing_sent(exc):
            raise NotSent(str(exc)) from exc
        raise MaybeSent(str(exc)) from exc
    except requests.Timeout as exc:  # ReadTimeout: sent, no answer in time
        raise MaybeSent(str(exc)) from exc
    except requests.RequestException as exc:
        raise MaybeSent(str(exc)) from exc
    try:
        text = response.text
    except requests.RequestException as exc:  # the body was cut off
        raise MaybeSent(str(exc)) from exc
    body: dict[str, Any] | None = None
    try:
        parsed = json.loads(text) if text else None
        body = parsed if isinstance(parsed, dict) else None
    except ValueError:
        body = None
    errors = body.get("errors") if body else None
    if isinstance(errors, str):  # a few error pages say {"errors": "Not Found"}
        errors = [{"message": errors}]
    return Reply(status=response.status_code, headers=response.headers, body=body,
                 text=text, errors=list(errors) if isinstance(errors, list) else [])


def backoff_delay(attempt: int, *, base: float = 0.5, cap: float = 20.0,
                  rng: random.Random | None = None) -> float:
    """Exponential back-off with full jitter: a random wait in
    ``[0, min(cap, base * 2**attempt)]`` so retrying workers spread out."""
    ceiling = min(cap, base * (2 ** max(attempt, 0)))
    return (rng or random).uniform(0, ceiling)
