"""Per-item results of writes, and how an unknown outcome is resolved."""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from .errors import ShopifyError
from .messages import FieldError, merchant_summary

# Why an item failed, for callers that branch on it.
USER_ERROR = "user_error"        # Shopify refused the value: show the message
CONFLICT = "conflict"            # someone else changed the target meanwhile
OUTCOME_UNKNOWN = "outcome_unknown"  # still unknown after re-reading: check by hand
NOT_FOUND = "not_found"          # the target no longer exists
NOT_ATTEMPTED = "not_attempted"  # never executed (the run stopped first): safe to resend


@dataclass(frozen=True)
class WriteOutcome:
    """What happened to one write.

    ``value`` is the value Shopify now holds when known (ours when ``ok``, the
    other writer's on a conflict). ``reason`` is one of the module constants
    when ``ok`` is False.
    """

    target_id: str
    ok: bool
    value: Any = None
    error_message: str | None = None
    field: str | None = None
    reason: str | None = None
    errors: tuple[FieldError, ...] = dataclasses.field(default=(), compare=False)

    @classmethod
    def success(cls, target_id: str, field_name: str, value: Any) -> WriteOutcome:
        return cls(target_id=target_id, ok=True, value=value, field=field_name)

    @classmethod
    def rejected(cls, target_id: str, field_name: str,
                 errors: list[FieldError]) -> WriteOutcome:
        return cls(target_id=target_id, ok=False, field=field_name, reason=USER_ERROR,
                   error_message=merchant_summary(errors), errors=tuple(errors))

    @classmethod
    def failed(cls, target_id: str, field_name: str, reason: str, message: str,
               value: Any = None) -> WriteOutcome:
        return cls(target_id=target_id, ok=False, field=field_name, reason=reason,
                   error_message=message, value=value)


class Verdict(Enum):
    """What a re-read says about a write whose outcome was unknown."""

    APPLIED = "applied"    # the target holds our value: the write went through
    NOT_APPLIED = "not_applied"  # it still holds the old value: write again
    CONFLICT = "conflict"  # it holds something else: do not overwrite


def _norm(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        text = " ".join(value.split())
        try:  # JSON-typed values may come back re-serialised
            parsed = json.loads(value)
        except ValueError:
            return text
        return parsed if isinstance(parsed, dict | list) else text
    return value


def same_value(a: Any, b: Any) -> bool:
    """Equal once Shopify's normalisation is allowed for (None and "" alike,
    whitespace runs collapsed, JSON re-serialised)."""
    return _norm(a) == _norm(b)


def judge(current: Mapping[str, Any], desired: Mapping[str, Any],
          previous: Mapping[str, Any] | None) -> Verdict:
    """Compare the re-read ``current`` values with what we wrote.

    Without ``previous`` any value other than ours counts as not applied, since
    there is nothing to tell an older write from a newer one.
    """
    if all(same_value(current.get(k), v) for k, v in desired.items()):
        return Verdict.APPLIED
    if previous is None:
        return Verdict.NOT_APPLIED
    for key, value in desired.items():
        now = current.get(key)
        if not (same_value(now, previous.get(key)) or same_value(now, value)):
            return Verdict.CONFLICT
    return Verdict.NOT_APPLIED


def user_errors(payload: Mapping[str, Any] | None) -> list[FieldError]:
    """The ``userErrors`` of a mutation payload as :class:`FieldError`."""
    return [FieldError.from_payload(e) for e in (payload or {}).get("userErrors") or ()]


def not_attempted(target_id: str, field_name: str, cause: ShopifyError) -> WriteOutcome:
    """The outcome of an item a stopped run never sent."""
    return WriteOutcome.failed(target_id, field_name, NOT_ATTEMPTED,
                               f"Not sent to Shopify: {cause.message}")


def unchecked(target_id: str, field_name: str, cause: ShopifyError) -> WriteOutcome:
    """The outcome of an item whose write may have happened but could not be
    read back."""
    return WriteOutcome.failed(target_id, field_name, OUTCOME_UNKNOWN,
                               f"Shopify did not confirm the change and it could not be "
                               f"checked: {cause.message}")
