"""GET /api/events: Server-Sent Events of the shop's job and item changes.

EventSource cannot send headers, so the session token comes as `?token=`.
A reconnect with Last-Event-ID (or ?last_event_id= / ?updated_since=) replays
what was missed from the shop's event stream; if that was trimmed away the
client gets a `reset` event and re-reads its lists.
"""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from flask import current_app, g, request, stream_with_context
from werkzeug.wrappers import Response

from shopify_app import redis_keys
from shopify_app.auth.current import require_role
from shopify_app.errors import ApiError, ValidationError
from shopify_app.extensions import db
from shopify_app.jobs import events
from shopify_app.web.api import bp

HEARTBEAT_SECONDS = 15.0
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_slots_lock = threading.Lock()
_open_streams = 0


def _sse(event: dict[str, Any]) -> str:
    return f"id: {event['id']}\nevent: {event['type']}\ndata: {json.dumps(event['data'])}\n\n"


def _starting_point(shop_id: int) -> str | None:
    last = request.headers.get("Last-Event-ID") or request.args.get("last_event_id")
    since = request.args.get("updated_since")
    if last:
        if not events.valid_stream_id(last):
            raise ValidationError([("last_event_id", "Last-Event-ID is not an event id we sent")])
        return last
    if since:
        return events.stream_id_for(_moment(since))
    return None


def _moment(since: str) -> datetime:
    """?updated_since= as an aware time; a time without a zone is UTC, as the API's are."""
    try:
        moment = datetime.fromisoformat(since.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        # Before the epoch (0001-01-01) means "everything still kept"; clamping here also
        # keeps timestamp() away from years it cannot express.
        return max(moment, EPOCH)
    except (ValueError, OverflowError) as exc:
        raise ValidationError([("updated_since", "updated_since must be an ISO 8601 time, "
                                                 "e.g. 2026-01-31T09:00:00Z")]) from exc


@bp.get("/events")
@require_role("read")
def stream_events() -> Response:
    global _open_streams
    shop_id = g.shop.id
    start = _starting_point(shop_id)
    limit = int(current_app.config.get("SHELF_SSE_MAX_STREAMS", 48))
    with _slots_lock:
        if _open_streams >= limit:
            raise ApiError(429, "Too many live connections; retrying shortly",
                           headers={"Retry-After": "5"})
        _open_streams += 1
    connection = current_app.extensions["redis"]
    pubsub = connection.pubsub(ignore_subscribe_messages=True)
    keys = redis_keys.for_shop(g.shop)  # resolved now: the session closes below
    pubsub.subscribe(events.channel(keys))  # subscribe first, then replay: no gap
    max_seconds = float(current_app.config.get("SHELF_SSE_MAX_SECONDS", 300))
    heartbeat = float(current_app.config.get("SHELF_SSE_HEARTBEAT_SECONDS", HEARTBEAT_SECONDS))
    # A stream may stay open for minutes: give its database connection back now.
    db.session.close()

    def generate() -> Iterator[str]:
        global _open_streams
        try:
            yield f"retry: 3000\n: connected to shop {shop_id}\n\n"
            sent = start or events.last_id(keys)
            if start is not None:
                replayed = events.replay(keys, start)
                if replayed is None:
                    yield _sse({"id": events.last_id(keys), "type": "reset",
                                "data": {"reason": "missed events were trimmed; reload"}})
                else:
                    for event in replayed:
                        sent = event["id"]
                        yield _sse(event)
            deadline, beat = time.monotonic() + max_seconds, time.monotonic()
            while time.monotonic() < deadline:
                message = pubsub.get_message(timeout=1.0)
                if message is None:
                    if time.monotonic() - beat >= heartbeat:
                        beat = time.monotonic()
                        yield ": keep-alive\n\n"
                    continue
                event = json.loads(message["data"])
                if _position(event["id"]) <= _position(sent):
                    continue  # already sent during replay
                sent = event["id"]
                yield _sse(event)
        finally:
            pubsub.close()
            with _slots_lock:
                _open_streams -= 1

    response = Response(stream_with_context(generate()), mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Accel-Buffering"] = "no"
    return response


def _position(stream_id: str) -> tuple[int, int]:
    millis, _, seq = stream_id.partition("-")
    return int(millis), int(seq or 0)
