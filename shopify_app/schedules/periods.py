"""When a schedule runs: its occurrences in its time zone, and the key of each period.

Pure: no database, no clock (callers pass `now`, an aware UTC datetime).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Frequency:
    kind: str  # hourly, daily or weekly
    hour: int = 0
    minute: int = 0
    weekday: int | None = None  # 0 = Monday, weekly only
    timezone: str = "UTC"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def _at(day: date, freq: Frequency) -> datetime:
    """A local wall-clock moment in UTC (a time skipped by a DST change moves forward)."""
    local = datetime.combine(day, time(freq.hour, freq.minute), tzinfo=freq.zone)
    return local.astimezone(UTC).astimezone(freq.zone).astimezone(UTC)


def latest(freq: Frequency, now: datetime) -> datetime:
    """The most recent scheduled moment at or before `now` (UTC)."""
    local = now.astimezone(freq.zone)
    if freq.kind == "hourly":
        moment = local.replace(minute=freq.minute, second=0, microsecond=0).astimezone(UTC)
        return moment if moment <= now else moment - timedelta(hours=1)
    back = 0 if freq.kind == "daily" else (local.weekday() - (freq.weekday or 0)) % 7
    moment = _at(local.date() - timedelta(days=back), freq)
    if moment > now:
        moment = _at(local.date() - timedelta(days=back + (1 if freq.kind == "daily" else 7)),
                     freq)
    return moment


def following(freq: Frequency, now: datetime) -> datetime:
    """The first scheduled moment after `now` (UTC)."""
    last = latest(freq, now)
    if freq.kind == "hourly":
        return last + timedelta(hours=1)
    step = 1 if freq.kind == "daily" else 7
    day = last.astimezone(freq.zone).date()
    moment = _at(day + timedelta(days=step), freq)
    return moment if moment > now else _at(day + timedelta(days=2 * step), freq)


def period_key(freq: Frequency, now: datetime) -> str:
    """The period `now` falls in, named by its scheduled moment in UTC: one job each."""
    return latest(freq, now).strftime("%Y-%m-%dT%H:%MZ")


def describe(freq: Frequency) -> str:
    at = f"{freq.hour:02d}:{freq.minute:02d}"
    if freq.kind == "hourly":
        return f"Every hour at :{freq.minute:02d} ({freq.timezone})"
    if freq.kind == "daily":
        return f"Every day at {at} ({freq.timezone})"
    return f"Every {WEEKDAYS[freq.weekday or 0].capitalize()} at {at} ({freq.timezone})"
