"""Typed errors raised by the vision package.

Every class carries a ``retryable`` flag so a caller can decide per class what
to do without knowing why it was raised: retry later (network trouble, a busy
provider) or fail the item with ``message``, which is written for a merchant.
"""
from __future__ import annotations


class VisionError(Exception):
    """Base class of every error this package raises."""

    retryable: bool = False

    def __init__(self, message: str, *, retryable: bool | None = None) -> None:
        super().__init__(message)
        self.message = message
        if retryable is not None:
            self.retryable = retryable


# --- images -------------------------------------------------------------------

class ImageError(VisionError):
    """An image cannot be downloaded or analyzed; ``message`` says why in plain words."""

    def __init__(self, message: str, *, url: str | None = None,
                 retryable: bool | None = None) -> None:
        super().__init__(message, retryable=retryable)
        self.url = url

    @property
    def reason(self) -> str:
        """The merchant-readable reason (same as ``message``)."""
        return self.message


class ImageDownloadError(ImageError):
    """The download failed: an HTTP error status, a refused or dropped connection.

    ``status`` is the HTTP status when one came back. 408, 429 and 5xx answers
    and network failures are retryable; other statuses are not.
    """

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None,
                 retryable: bool = False, retry_after: float | None = None) -> None:
        super().__init__(message, url=url, retryable=retryable)
        self.status = status
        self.retry_after = retry_after


class ImageTooLargeError(ImageError):
    """The file is bigger than the byte limit."""


class ImageTooManyPixelsError(ImageError):
    """The picture has more pixels than we agree to decode (decompression bomb guard)."""


class UnsupportedImageError(ImageError):
    """Not one of JPEG, PNG, WebP or GIF (an SVG, a web page, another format)."""


class DamagedImageError(ImageError):
    """The file claims a supported format but cannot be decoded (truncated, corrupt)."""


# --- attribute providers ------------------------------------------------------

class ProviderError(VisionError):
    """An attribute provider failed."""

    def __init__(self, message: str, *, provider: str | None = None,
                 retryable: bool | None = None) -> None:
        super().__init__(message, retryable=retryable)
        self.provider = provider


class ProviderConfigError(ProviderError):
    """The provider settings cannot work (unknown provider, missing URL, key or model)."""


class ProviderAuthError(ProviderError):
    """The provider refused our credentials (HTTP 401/403)."""


class ProviderTransientError(ProviderError):
    """Throttling, 5xx answers, timeouts or dropped connections that outlasted our retries.

    ``retry_after`` is the provider's requested wait in seconds, when it gave one.
    """

    retryable = True

    def __init__(self, message: str, *, provider: str | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message, provider=provider)
        self.retry_after = retry_after


class ProviderResponseError(ProviderError):
    """The provider answered, but not with something we can use (bad JSON, wrong shape,
    a 4xx refusal of the request). ``tokens_in``/``tokens_out`` count what the
    unusable answers still cost."""

    def __init__(self, message: str, *, provider: str | None = None,
                 tokens_in: int = 0, tokens_out: int = 0) -> None:
        super().__init__(message, provider=provider)
        self.tokens_in = tokens_in
        self.tokens_out = tokens_out
