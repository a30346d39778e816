"""Downloading images: limits, format checks and error classes, against ``responses``."""
from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
import requests
import responses

from shopify_app.vision import (
    DamagedImageError,
    ImageDownloadError,
    ImageTooLargeError,
    ImageTooManyPixelsError,
    UnsupportedImageError,
    fetch_image,
)

from .imaging import HTML, SVG, png_header_only, product_on_white, solid

URL = "https://cdn.example.com/files/shirt.jpg"
MB = 1024 * 1024


class LazyBody(io.RawIOBase):
    """A response body of ``size`` bytes produced on demand (nothing is allocated up
    front); counts how much was read, and can fail after ``fail_after`` bytes."""

    def __init__(self, size: int, head: bytes = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
                 fail_after: int | None = None) -> None:
        self.size, self.head, self.fail_after, self.sent = size, head, fail_after, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def,override]
        if self.fail_after is not None and self.sent >= self.fail_after:
            raise ConnectionResetError("peer went away")
        n = min(len(buffer), self.size - self.sent)
        if n <= 0:
            return 0
        chunk = bytearray(n)
        if self.sent < len(self.head):
            part = self.head[self.sent:self.sent + n]
            chunk[:len(part)] = part
        buffer[:n] = chunk
        self.sent += n
        return n


@pytest.fixture
def http() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def test_fetches_a_jpeg(http: responses.RequestsMock) -> None:
    data = product_on_white((200, 20, 30), fmt="JPEG")
    http.get(URL, body=data, content_type="image/jpeg")
    image = fetch_image(URL)
    assert image.bytes == data
    assert (image.format, image.content_type, image.url) == ("jpeg", "image/jpeg", URL)
    assert (image.width, image.height) == (400, 400)
    assert image.size == len(data)
    sent = http.calls[0].request
    assert "image/jpeg" in sent.headers["Accept"]


def test_the_bytes_decide_the_format(http: responses.RequestsMock) -> None:
    http.get(URL, body=solid((0, 0, 255), fmt="PNG"), content_type="application/octet-stream")
    assert fetch_image(URL).format == "png"


def test_reuses_a_given_session(http: responses.RequestsMock) -> None:
    http.get(URL, body=solid((0, 0, 255), fmt="WEBP"), content_type="image/webp")
    with requests.Session() as session:
        assert fetch_image(URL, session=session).format == "webp"


@pytest.mark.parametrize("content_type", ["image/svg+xml", "image/png"])
def test_svg_is_refused_even_when_served_as_png(http: responses.RequestsMock,
                                                content_type: str) -> None:
    http.get(URL, body=SVG, content_type=content_type)
    with pytest.raises(UnsupportedImageError) as caught:
        fetch_image(URL)
    assert caught.value.reason == ("The image is an SVG; only JPEG, PNG, WebP and GIF can be "
                                   "analyzed")
    assert caught.value.retryable is False
    assert caught.value.url == URL


@pytest.mark.parametrize("content_type", ["text/html", "image/jpeg"])
def test_html_page_is_refused(http: responses.RequestsMock, content_type: str) -> None:
    http.get(URL, body=HTML, content_type=content_type)
    with pytest.raises(UnsupportedImageError, match="returned a web page, not an image"):
        fetch_image(URL)


def test_streamed_body_over_the_limit_stops_early(http: responses.RequestsMock) -> None:
    body = LazyBody(60 * MB)
    http.get(URL, body=io.BufferedReader(body, buffer_size=64 * 1024), content_type="image/jpeg",
             auto_calculate_content_length=False)
    with pytest.raises(ImageTooLargeError) as caught:
        fetch_image(URL)
    assert caught.value.reason == "The image is larger than 20 MB"
    assert body.sent < 21 * MB  # stopped just past the limit, not at 60 MB


def test_declared_length_over_the_limit_reads_nothing(http: responses.RequestsMock) -> None:
    body = LazyBody(60 * MB)
    http.get(URL, body=io.BufferedReader(body), content_type="image/jpeg",
             headers={"Content-Length": str(60 * MB)}, auto_calculate_content_length=False)
    with pytest.raises(ImageTooLargeError, match="larger than 20 MB"):
        fetch_image(URL)
    assert body.sent == 0


def test_limit_is_configurable(http: responses.RequestsMock) -> None:
    http.get(URL, body=product_on_white((1, 2, 3), fmt="PNG"), content_type="image/png")
    with pytest.raises(ImageTooLargeError, match="larger than 1 KB"):
        fetch_image(URL, max_bytes=1024)


def test_not_found_is_final(http: responses.RequestsMock) -> None:
    http.get(URL, status=404, body=HTML, content_type="text/html")
    with pytest.raises(ImageDownloadError) as caught:
        fetch_image(URL)
    assert caught.value.reason == "The image could not be downloaded: HTTP 404"
    assert (caught.value.status, caught.value.retryable) == (404, False)


@pytest.mark.parametrize("status", [503, 429, 500])
def test_server_trouble_is_retryable(http: responses.RequestsMock, status: int) -> None:
    http.get(URL, status=status, headers={"Retry-After": "7"})
    with pytest.raises(ImageDownloadError) as caught:
        fetch_image(URL)
    assert caught.value.reason == f"The image could not be downloaded: HTTP {status}"
    assert caught.value.retryable is True
    assert caught.value.retry_after == 7.0


@pytest.mark.parametrize("failure", [requests.ConnectionError("refused"),
                                     requests.ReadTimeout("slow")])
def test_network_failures_are_retryable(http: responses.RequestsMock,
                                        failure: Exception) -> None:
    http.get(URL, body=failure)
    with pytest.raises(ImageDownloadError) as caught:
        fetch_image(URL)
    assert caught.value.retryable is True
    assert caught.value.reason.startswith("The image could not be downloaded:")


def test_connection_dropped_mid_body_is_retryable(http: responses.RequestsMock) -> None:
    body = LazyBody(2 * MB, fail_after=256 * 1024)
    http.get(URL, body=io.BufferedReader(body, buffer_size=64 * 1024), content_type="image/jpeg",
             auto_calculate_content_length=False)
    with pytest.raises(ImageDownloadError, match="interrupted") as caught:
        fetch_image(URL)
    assert caught.value.retryable is True


def test_empty_body(http: responses.RequestsMock) -> None:
    http.get(URL, body=b"", content_type="image/jpeg")
    with pytest.raises(UnsupportedImageError, match="empty file"):
        fetch_image(URL)


def test_garbage_behind_a_jpeg_signature_is_damaged(http: responses.RequestsMock) -> None:
    http.get(URL, body=b"\xff\xd8\xff" + b"\x00" * 500, content_type="image/jpeg")
    with pytest.raises(DamagedImageError, match="damaged or truncated"):
        fetch_image(URL)


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_too_many_pixels_is_refused_at_download(http: responses.RequestsMock) -> None:
    http.get(URL, body=png_header_only(8000, 8000), content_type="image/png")
    with pytest.raises(ImageTooManyPixelsError, match="64 megapixels"):
        fetch_image(URL)


def test_only_web_addresses(http: responses.RequestsMock) -> None:
    with pytest.raises(UnsupportedImageError, match="not a web address"):
        fetch_image("file:///etc/passwd")
    assert len(http.calls) == 0
