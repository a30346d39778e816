"""Download one product image with a byte limit, and check that it is one we can analyze.

The body is streamed in chunks and the download stops as soon as the limit
is passed (a Content-Length over the limit stops it before any byte is read).
The first bytes are checked as soon as they arrive, so an SVG or a web page
is refused without reading the rest.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlparse

import requests

from .decode import DEFAULT_MAX_PIXELS, open_image
from .errors import ImageDownloadError, ImageTooLargeError, UnsupportedImageError
from .formats import (
    SNIFF_BYTES,
    SUPPORTED_FORMATS,
    content_type_for,
    declared_unsupported,
    sniff_format,
    unsupported_reason,
)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_TIMEOUT = (5.0, 20.0)
DEFAULT_DEADLINE = 60.0          # seconds for the whole download, however slowly it trickles
CHUNK_BYTES = 64 * 1024
USER_AGENT = "Shelf image analyzer"
_ACCEPT = "image/jpeg,image/png,image/webp,image/gif;q=0.9,*/*;q=0.1"
_RETRYABLE_STATUSES = {408, 425, 429, 500, 502, 503, 504}


@dataclass(frozen=True)
class FetchedImage:
    """A downloaded image whose format was confirmed from its bytes.

    ``format`` is one of ``jpeg``, ``png``, ``webp``, ``gif``; ``content_type``
    is the canonical type of that format (not what the server claimed);
    ``width`` and ``height`` come from the header, as displayed.
    """

    bytes: bytes
    content_type: str
    format: str
    url: str
    width: int = 0
    height: int = 0

    @property
    def size(self) -> int:
        return len(self.bytes)


def _megabytes(limit: int) -> str:
    value = limit / (1024 * 1024)
    return f"{value:.0f} MB" if value >= 1 else f"{limit // 1024} KB"


def _too_large(limit: int, url: str) -> ImageTooLargeError:
    return ImageTooLargeError(f"The image is larger than {_megabytes(limit)}", url=url)


def _retry_after(response: requests.Response) -> float | None:
    raw = response.headers.get("Retry-After")
    try:
        return max(0.0, float(raw)) if raw is not None else None
    except ValueError:
        return None


def fetch_image(url: str, *, session: requests.Session | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES,
                timeout: tuple[float, float] = DEFAULT_TIMEOUT,
                max_pixels: int = DEFAULT_MAX_PIXELS,
                deadline: float = DEFAULT_DEADLINE) -> FetchedImage:
    """Download an image and confirm it is a JPEG, PNG, WebP or GIF we may decode.

    Args:
        url: an ``http`` or ``https`` address.
        session: a ``requests`` session to reuse (one per worker thread).
        max_bytes: refuse bodies larger than this.
        timeout: ``(connect, read)`` seconds, per network read.
        max_pixels: refuse images whose header announces more pixels.
        deadline: seconds for the whole download.

    Raises:
        ImageDownloadError: HTTP error or network failure (``retryable`` for
            timeouts, dropped connections, 408/429/5xx).
        ImageTooLargeError, UnsupportedImageError, ImageTooManyPixelsError,
        DamagedImageError: the file cannot be analyzed.
    """
    if urlparse(url).scheme not in ("http", "https"):
        raise UnsupportedImageError("The image address is not a web address", url=url)
    http = session or requests.Session()
    try:
        data, declared = _download(http, url, max_bytes, timeout, deadline)
    finally:
        if session is None:
            http.close()
    fmt = sniff_format(data[:SNIFF_BYTES])
    if fmt not in SUPPORTED_FORMATS:
        raise UnsupportedImageError(unsupported_reason(fmt or declared), url=url)
    image, info = open_image(data, max_pixels=max_pixels, url=url)
    image.close()
    return FetchedImage(bytes=data, content_type=content_type_for(fmt), format=fmt, url=url,
                        width=info.width, height=info.height)


def _download(http: requests.Session, url: str, max_bytes: int,
              timeout: tuple[float, float], deadline: float) -> tuple[bytes, str | None]:
    """The body (at most ``max_bytes``) and the unsupported format the headers announced."""
    started = time.monotonic()
    try:
        response = http.get(url, stream=True, timeout=timeout,
                            headers={"Accept": _ACCEPT, "User-Agent": USER_AGENT})
    except requests.Timeout as exc:
        raise ImageDownloadError("The image could not be downloaded: the server did not answer "
                                 "in time", url=url, retryable=True) from exc
    except requests.RequestException as exc:
        raise ImageDownloadError("The image could not be downloaded: the connection failed",
                                 url=url, retryable=True) from exc
    with response:
        status = response.status_code
        if status != 200:
            raise ImageDownloadError(f"The image could not be downloaded: HTTP {status}",
                                     url=url, status=status,
                                     retryable=status in _RETRYABLE_STATUSES,
                                     retry_after=_retry_after(response))
        declared = declared_unsupported(response.headers.get("Content-Type"))
        if declared in ("svg", "html"):
            raise UnsupportedImageError(unsupported_reason(declared), url=url)
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > max_bytes:
            raise _too_large(max_bytes, url)
        return _read_body(response, url, max_bytes, started, deadline), declared


def _read_body(response: requests.Response, url: str, max_bytes: int,
               started: float, deadline: float) -> bytes:
    chunks: list[bytes] = []
    received = 0
    sniffed = False
    try:
        for chunk in response.iter_content(CHUNK_BYTES):
            received += len(chunk)
            if received > max_bytes:
                raise _too_large(max_bytes, url)
            chunks.append(chunk)
            if not sniffed and received >= 16:
                sniffed = True
                head = b"".join(chunks)[:SNIFF_BYTES]
                fmt = sniff_format(head)
                if fmt is not None and fmt not in SUPPORTED_FORMATS:
                    raise UnsupportedImageError(unsupported_reason(fmt), url=url)
            if time.monotonic() - started > deadline:
                raise ImageDownloadError("The image could not be downloaded: it took longer "
                                         f"than {deadline:.0f} seconds", url=url,
                                         retryable=True)
    except requests.RequestException as exc:  # dropped mid-body, read timeout
        raise ImageDownloadError("The image could not be downloaded: the connection was "
                                 "interrupted", url=url, retryable=True) from exc
    if received == 0:
        raise UnsupportedImageError("The image address returned an empty file", url=url)
    return b"".join(chunks)
