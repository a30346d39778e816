"""Global ids, timestamps and time parsing shared by the sandbox modules."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

_GID = re.compile(r"^gid://shopify/([A-Za-z][A-Za-z0-9]*)/(\d+)(?:\?.*)?$")


def gid(kind: str, number: int) -> str:
    return f"gid://shopify/{kind}/{number}"


def parse_gid(value: object) -> tuple[str, int] | None:
    """Split `gid://shopify/Kind/123` into ("Kind", 123); None when malformed."""
    if not isinstance(value, str):
        return None
    match = _GID.match(value)
    if match is None:
        return None
    return match.group(1), int(match.group(2))


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """Shopify's GraphQL DateTime form: UTC, second precision, trailing Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def now_iso() -> str:
    return iso(utcnow())


def rest_time(value: str | None) -> str | None:
    """REST payloads carry an explicit offset instead of Z."""
    if not value:
        return None
    return value.replace("Z", "+00:00") if value.endswith("Z") else value


def parse_time(value: str) -> tuple[datetime, bool] | None:
    """Parse a search value such as `2024`, `2024-05-01`, `'2024-05-01T10:00:00Z'` or `now`.

    Returns the moment and whether the value named a whole day (no time part),
    or None when it is not a time at all.
    """
    text = value.strip().strip("'\"")
    if text.lower() == "now":
        return utcnow(), False
    try:
        if re.fullmatch(r"\d{4}", text):
            return datetime(int(text), 1, 1, tzinfo=UTC), True
        if re.fullmatch(r"\d{4}-\d{2}", text):
            year, month = text.split("-")
            return datetime(int(year), int(month), 1, tzinfo=UTC), True
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, tzinfo=UTC), True
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment, False


def parse_iso(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def days_ago(base: datetime, days: float) -> datetime:
    return base - timedelta(days=days)
