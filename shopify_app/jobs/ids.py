"""Opaque, time-ordered ids and list cursors."""
from __future__ import annotations

import base64
import json
import re
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


# The largest id a BIGINT column holds; a larger number can match no row, and
# PostgreSQL would refuse it as a parameter instead of just finding nothing.
MAX_ROW_ID = 2**63 - 1
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")
_JOB_ID = re.compile(r"[0-9A-Za-z_-]{1,26}")


def parse_row_id(value: Any) -> int | None:
    """A positive integer id from a path segment or a JSON value, or None.

    Strict on purpose: int() also takes "²", "١٢", " 12", "1_000" and floats;
    only ASCII digits (or a JSON integer) within the BIGINT range are ids.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _ASCII_DIGITS.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if 1 <= number <= MAX_ROW_ID else None


def is_job_id(value: Any) -> bool:
    """Whether a value could be a job id at all (printable ASCII, at most 26 characters)."""
    return isinstance(value, str) and _JOB_ID.fullmatch(value) is not None
