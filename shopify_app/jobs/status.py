"""Job and item statuses by name, so code says what it means and typos fail loudly.

The tuples of statuses live with the model (models/job.py); these name single values.
"""
from __future__ import annotations

from shopify_app.models.job import ACTIVE_STATUSES, OPEN_ITEM_STATUSES


class JobStatus:
    PENDING = "pending"
    PROCESSING = "processing"
    PAUSED = "paused"  # nothing new starts until resumed (jobs/pausing.py)
    REVIEW = "review"
    COMPLETED = "completed"
    COMPLETED_WITH_ERRORS = "completed_with_errors"
    FAILED = "failed"
    CANCELLED = "cancelled"
    ACTIVE = ACTIVE_STATUSES  # (PENDING, PROCESSING): work may still happen


class ItemStatus:
    PENDING = "pending"
    PROCESSING = "processing"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    SKIPPED = "skipped"
    OPEN = OPEN_ITEM_STATUSES  # (PENDING, PROCESSING): not finished yet


class Stage:
    FETCHING = "fetching"
    PUBLISHING = "publishing"
