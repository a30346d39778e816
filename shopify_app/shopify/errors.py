"""Typed errors raised by the Admin API client.

Every class carries a ``retryable`` flag so a caller can decide what to do per
class without knowing why it was raised: retry the job later (throttled,
transient), re-read before writing again (outcome unknown), ask the merchant to
re-authenticate (auth), or fail the item with a readable message (user error).
"""
from __future__ import annotations

from collections.abc import Iterable

from .messages import FieldError, merchant_summary


class ShopifyError(Exception):
    """Base class of every error this package raises."""

    retryable: bool = False

    def __init__(self, message: str, *, operation: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.operation = operation


class ThrottledError(ShopifyError):
    """The rate limit did not free up before the call's deadline."""

    retryable = True

    def __init__(self, message: str, *, operation: str | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message, operation=operation)
        self.retry_after = retry_after


class TransientError(ShopifyError):
    """5xx answers, timeouts or dropped connections that outlasted our retries."""

    retryable = True


class OutcomeUnknownError(ShopifyError):
    """A mutation may or may not have been applied (read timeout, 5xx, dropped
    connection after sending). Re-read the target before writing again."""

    retryable = False


class AuthError(ShopifyError):
    """The access token was refused and refreshing it did not help."""

    retryable = False


class AccessDeniedError(ShopifyError):
    """The app lacks a scope or permission for this call (``ACCESS_DENIED``)."""

    retryable = False


class BulkAccessDeniedError(AccessDeniedError):
    """Bulk operations are not granted to this app: use ordinary calls instead."""


class BulkOperationError(ShopifyError):
    """A bulk operation failed, expired or was canceled on Shopify's side."""

    retryable = True

    def __init__(self, message: str, *, operation: str | None = None,
                 status: str | None = None, error_code: str | None = None) -> None:
        super().__init__(message, operation=operation)
        self.status = status
        self.error_code = error_code


class NotFoundError(ShopifyError):
    """The shop or the requested object does not exist (any more)."""

    retryable = False


class ShopUnavailableError(ShopifyError):
    """The shop is frozen, locked or unpaid (HTTP 402/423)."""

    retryable = False


class BadResponseError(ShopifyError):
    """Malformed JSON, missing ``data``, or GraphQL errors that mean our bug."""

    retryable = False


class MaxCostExceededError(ShopifyError):
    """The query costs more than a single request may (``MAX_COST_EXCEEDED``)."""

    retryable = False


class UserError(ShopifyError):
    """Shopify refused the input (``userErrors``); the message is merchant-readable."""

    retryable = False

    def __init__(self, errors: Iterable[FieldError], *, operation: str | None = None) -> None:
        self.errors = list(errors)
        super().__init__(merchant_summary(self.errors), operation=operation)


class WriteInterruptedError(ShopifyError):
    """A write of many items stopped part-way.

    ``outcomes`` has one entry per item, in input order: the finished ones as
    they ended, the rest ``not_attempted`` (never executed by Shopify, so safe
    to send again). ``cause`` is the error that stopped the run; ``retryable``
    follows it.
    """

    def __init__(self, outcomes: list, cause: ShopifyError) -> None:
        done = sum(1 for o in outcomes if getattr(o, "reason", None) != "not_attempted")
        super().__init__(f"Stopped after {done} of {len(outcomes)} items: {cause.message}",
                         operation=cause.operation)
        self.outcomes = outcomes
        self.cause = cause
        self.retryable = cause.retryable
