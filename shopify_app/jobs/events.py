"""Live events per shop: a Redis stream (for replay) plus pub/sub (for live delivery).

Stream entry ids double as SSE event ids, so a client that reconnects with
Last-Event-ID gets exactly what it missed. The stream is capped; a client
further behind than the cap is told to `reset` (re-read everything).
"""
from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import redis

from shopify_app import redis_keys
from shopify_app.extensions import redis_ext
from shopify_app.redis_keys import ShopRef

log = logging.getLogger(__name__)
STREAM_MAXLEN = 20_000


# A shop with no activity for this long loses its replay history (clients then reload).
STREAM_TTL_SECONDS = 7 * 24 * 3600


def stream_key(shop_id: ShopRef) -> str:
    return redis_keys.for_shop(shop_id).events_stream()


def channel(shop_id: ShopRef) -> str:
    return redis_keys.for_shop(shop_id).events_channel()


def publish(shop_id: ShopRef, events: list[tuple[str, dict[str, Any]]]) -> None:
    """Append events to the shop's stream and announce them. Never fails the caller."""
    keys = redis_keys.for_shop(shop_id)
    if not events or not keys.present:
        return  # nothing to say, or the shop was deleted meanwhile
    connection: redis.Redis = redis_ext.client
    try:
        pipe = connection.pipeline(transaction=False)
        for event_type, data in events:
            pipe.xadd(keys.events_stream(), {"type": event_type, "data": json.dumps(data)},
                      maxlen=STREAM_MAXLEN, approximate=True)
        pipe.expire(keys.events_stream(), STREAM_TTL_SECONDS)
        ids = pipe.execute()[:-1]
        pipe = connection.pipeline(transaction=False)
        for entry_id, (event_type, data) in zip(ids, events, strict=True):
            message = {"id": entry_id.decode(), "type": event_type, "data": data}
            pipe.publish(keys.events_channel(), json.dumps(message))
        pipe.execute()
    except redis.RedisError:
        log.warning("could not publish %d live events for shop %s", len(events), shop_id)


def _decode(entry_id: bytes, fields: dict[bytes, bytes]) -> dict[str, Any]:
    return {"id": entry_id.decode(), "type": fields[b"type"].decode(),
            "data": json.loads(fields[b"data"])}


def replay(shop_id: ShopRef, after: str) -> Iterator[dict[str, Any]] | None:
    """Events after `after` (a stream id); None when some of them were trimmed (reset)."""
    connection: redis.Redis = redis_ext.client
    key = stream_key(shop_id)
    try:
        info = connection.xinfo_stream(key)
    except redis.ResponseError:
        info = {}  # no stream yet: nothing was ever trimmed
    trimmed = info.get("max-deleted-entry-id") or b"0-0"
    trimmed = trimmed.decode() if isinstance(trimmed, bytes) else str(trimmed)
    if _parse(after) < _parse(trimmed):
        return None

    def entries() -> Iterator[dict[str, Any]]:
        cursor = after
        while True:
            chunk = connection.xrange(key, min=f"({cursor}", count=500)
            if not chunk:
                return
            for entry_id, fields in chunk:
                yield _decode(entry_id, fields)
            cursor = chunk[-1][0].decode()

    return entries()


def stream_id_for(moment: datetime) -> str:
    """The stream position just before a moment (for ?updated_since=)."""
    return f"{max(int(moment.timestamp() * 1000) - 1, 0)}-0"


def last_id(shop_id: ShopRef) -> str:
    connection: redis.Redis = redis_ext.client
    newest = connection.xrevrange(stream_key(shop_id), count=1)
    return newest[0][0].decode() if newest else "0-0"


_STREAM_ID = re.compile(r"([0-9]{1,20})(?:-([0-9]{1,20}))?")


def _parse(stream_id: str) -> tuple[int, int]:
    millis, _, seq = stream_id.partition("-")
    return int(millis), int(seq or 0)



def valid_stream_id(value: str) -> bool:
    """A Redis stream id ("<ms>-<seq>", ASCII digits, each within 64 bits)."""
    match = _STREAM_ID.fullmatch(value)
    return match is not None and all(int(part) < 2**64 for part in match.groups() if part)
