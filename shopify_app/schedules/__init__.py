"""Scheduled sweeps: a job template started every hour, day or week in the shop's time zone.

`tick(now)` is called by every worker's periodic maintenance; the API and the
Settings page manage the schedules (service.py).
"""
from __future__ import annotations

from datetime import datetime


def tick(now: datetime) -> int:
    """Start the job of each schedule due at `now`; returns how many jobs were created."""
    from shopify_app.schedules.runner import tick as run_due

    return run_due(now)
