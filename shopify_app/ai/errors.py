"""Typed errors raised by the text-generation library.

Every class carries a ``retryable`` flag so the caller can decide per class
what to do without knowing the cause: re-queue the item later (rate limited,
provider down, no free concurrency slot) or fail it with the message, which is
written for a merchant to read.
"""
from __future__ import annotations


class AIError(Exception):
    """Base class of every error this package raises."""

    retryable: bool = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigurationError(AIError):
    """The provider configuration cannot work (unknown provider, missing key)."""


class ProviderError(AIError):
    """A text provider could not produce a usable result."""

    def __init__(self, message: str, *, provider: str | None = None,
                 status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.provider = provider
        self.status = status
        # Seconds the provider asked us to wait (``Retry-After``), when it said.
        self.retry_after = retry_after


class RateLimitedError(ProviderError):
    """The provider kept answering 429 (or asked us to wait longer than we block)."""

    retryable = True


class ProviderUnavailableError(ProviderError):
    """5xx answers, timeouts or dropped connections that outlasted our retries."""

    retryable = True


class ConcurrencyTimeoutError(ProviderError):
    """No concurrency slot for the provider became free in time."""

    retryable = True


class ProviderAuthError(ProviderError):
    """The API key was refused (401/403): retrying will not help."""


class BadRequestError(ProviderError):
    """The provider rejected the request itself (unknown model, bad parameter)."""


class InvalidOutputError(ProviderError):
    """The provider answered, but the text is not usable for the field."""

    def __init__(self, reason: str, *, provider: str | None = None,
                 text: str | None = None) -> None:
        super().__init__(reason, provider=provider)
        self.reason = reason
        # The rejected text, for logs; never stored as a result.
        self.text = text


class TemplateError(ProviderError):
    """A merchant template does not parse, breaks a sandbox rule, or fails to render."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message, provider="template")
        self.line = line
