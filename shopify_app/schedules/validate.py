"""Reading a schedule from a request body: strict, every problem named by its field."""
from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from shopify_app.jobs.errors import InvalidInput
from shopify_app.models.schedule import FREQUENCIES
from shopify_app.schedules.periods import WEEKDAYS

FIELDS = ("name", "template", "frequency", "time", "minute", "weekday", "timezone", "paused")
TEMPLATE_KEYS = ("kind", "field", "scope", "options", "strategy", "mode", "title")
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def parse(body: dict[str, Any], current: dict[str, Any] | None = None) -> dict[str, Any]:
    """The schedule's values: a whole body for a new one, or changes over `current`."""
    problems: list[tuple[str, str]] = []
    unknown = [key for key in body if key not in FIELDS]
    if unknown:
        problems.append((unknown[0], f"unknown field {unknown[0]}; allowed: {', '.join(FIELDS)}"))
    values = {**(current or {}), **{k: v for k, v in body.items() if k in FIELDS}}
    values.setdefault("timezone", "UTC")
    values.setdefault("paused", False)
    name = values.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 255:
        problems.append(("name", "name must be text of 1 to 255 characters"))
    template = values.get("template")
    if not isinstance(template, dict):
        problems.append(("template", "template must be an object: the job to create, as for "
                                     "POST /api/jobs (kind, field, scope, options, strategy)"))
    else:
        bad = [key for key in template if key not in TEMPLATE_KEYS]
        if bad:
            problems.append((f"template.{bad[0]}", f"unknown field {bad[0]}; allowed: "
                                                   f"{', '.join(TEMPLATE_KEYS)}"))
    frequency = values.get("frequency")
    if frequency not in FREQUENCIES:
        problems.append(("frequency", f"frequency must be one of: {', '.join(FREQUENCIES)}"))
    hour, minute, weekday = 0, 0, None
    if frequency == "hourly":
        minute = values.get("minute", 0)
        if not isinstance(minute, int) or isinstance(minute, bool) or not 0 <= minute <= 59:
            problems.append(("minute", "minute must be a whole number from 0 to 59"))
    elif frequency in ("daily", "weekly"):
        match = _TIME.match(values.get("time") or "") if isinstance(values.get("time"),
                                                                    str) else None
        if match is None:
            problems.append(("time", "time must be HH:MM on a 24-hour clock, e.g. 06:30"))
        else:
            hour, minute = int(match.group(1)), int(match.group(2))
    if frequency == "weekly":
        day = values.get("weekday")
        if day not in WEEKDAYS:
            problems.append(("weekday", f"weekday must be one of: {', '.join(WEEKDAYS)}"))
        else:
            weekday = WEEKDAYS.index(day)
    zone = values.get("timezone")
    try:
        if not isinstance(zone, str) or not zone or len(zone) > 64:
            raise ZoneInfoNotFoundError(zone)
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(("timezone", "timezone must be an IANA time zone such as "
                                     "Europe/Berlin or America/New_York"))
    if not isinstance(values.get("paused"), bool):
        problems.append(("paused", "paused must be true or false"))
    if problems:
        raise InvalidInput(problems)
    return {**values, "name": name.strip(), "hour": hour, "minute": minute,
            "weekday": weekday}
