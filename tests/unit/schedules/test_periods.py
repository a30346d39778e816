"""When schedules run: occurrences in the schedule's time zone and one key per period."""
from __future__ import annotations

from datetime import UTC, datetime

from shopify_app.schedules.periods import Frequency, describe, following, latest, period_key


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_hourly_runs_at_the_minute_each_hour():
    freq = Frequency("hourly", minute=15)
    assert latest(freq, at("2026-12-02T08:20")) == at("2026-12-02T08:15")
    assert latest(freq, at("2026-12-02T08:10")) == at("2026-12-02T07:15")
    assert following(freq, at("2026-12-02T08:15")) == at("2026-12-02T09:15")
    assert period_key(freq, at("2026-12-02T08:15")) == period_key(freq, at("2026-12-02T09:14"))
    assert period_key(freq, at("2026-12-02T09:15")) != period_key(freq, at("2026-12-02T09:14"))


def test_hourly_in_a_half_hour_zone_follows_local_minutes():
    freq = Frequency("hourly", minute=0, timezone="Asia/Kolkata")  # UTC+05:30
    assert latest(freq, at("2026-12-02T08:40")) == at("2026-12-02T08:30")


def test_daily_runs_at_local_time():
    freq = Frequency("daily", hour=6, minute=30, timezone="Europe/Berlin")  # UTC+1 in winter
    assert latest(freq, at("2026-12-02T05:29")) == at("2026-12-01T05:30")
    assert latest(freq, at("2026-12-02T05:30")) == at("2026-12-02T05:30")
    assert following(freq, at("2026-12-02T05:30")) == at("2026-12-03T05:30")
    assert period_key(freq, at("2026-12-02T06:00")) == period_key(freq, at("2026-12-03T05:29"))


def test_daily_keeps_local_time_across_daylight_saving():
    freq = Frequency("daily", hour=6, minute=0, timezone="Europe/Berlin")
    assert following(freq, at("2026-03-28T05:00")) == at("2026-03-29T04:00")  # now UTC+2


def test_weekly_runs_on_the_weekday():
    freq = Frequency("weekly", hour=9, minute=0, weekday=0, timezone="America/New_York")
    # 2026-12-02 is a Wednesday; the Monday before was 2026-11-30, 09:00 EST = 14:00 UTC.
    assert latest(freq, at("2026-12-02T12:00")) == at("2026-11-30T14:00")
    assert following(freq, at("2026-12-02T12:00")) == at("2026-12-07T14:00")
    assert latest(freq, at("2026-11-30T13:59")) == at("2026-11-23T14:00")
    assert describe(freq) == "Every Monday at 09:00 (America/New_York)"
