"""Opaque, time-ordered ids and list cursors."""
from __future__ import annotations

import base64
import json
import secrets
import time
from datetime import datetime
from typing import Any


def new_id() -> str:
    """26 lowercase hex-ish chars: 12 of milliseconds, 14 random. Sorts by creation time."""
    return f"{int(time.time() * 1000):012x}{secrets.token_hex(7)}"


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps([v.isoformat() if isinstance(v, datetime) else v for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    """Raise ValueError on anything that is not a cursor we made."""
    padded = cursor + "=" * (-len(cursor) % 4)
    try:
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError("not a valid cursor") from exc
    if not isinstance(values, list):
        raise ValueError("not a valid cursor")
    return values
