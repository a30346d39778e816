"""Format sniffing from magic bytes and Content-Type headers."""
from __future__ import annotations

import pytest

from shopify_app.vision.formats import declared_unsupported, sniff_format, unsupported_reason

from .imaging import HTML, SVG, solid


@pytest.mark.parametrize(("head", "fmt"), [
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "png"),
    (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "webp"),
    (b"GIF87a\x01\x00", "gif"),
    (b"GIF89a\x01\x00", "gif"),
    (b"\x00\x00\x00\x1cftypavif\x00\x00", "avif"),
    (b"\x00\x00\x00\x18ftypheic\x00\x00", "heic"),
    (b"II*\x00\x08\x00\x00\x00", "tiff"),
    (b"%PDF-1.7\n", "pdf"),
    (SVG, "svg"),
    (b"\xef\xbb\xbf  <svg xmlns='http://www.w3.org/2000/svg'/>", "svg"),
    (HTML, "html"),
    (b"<html><body>oops</body></html>", "html"),
    (b'{"error": "not found"}', "text"),
    (b"RIFF\x24\x00\x00\x00WAVEfmt ", None),
    (b"", None),
])
def test_sniff_format(head: bytes, fmt: str | None) -> None:
    assert sniff_format(head) == fmt


def test_real_encoded_images_are_recognised() -> None:
    for pillow_format, fmt in (("PNG", "png"), ("JPEG", "jpeg"), ("WEBP", "webp"),
                               ("GIF", "gif")):
        assert sniff_format(solid((1, 2, 3), (8, 8), pillow_format)[:64]) == fmt


@pytest.mark.parametrize(("content_type", "declared"), [
    ("image/svg+xml", "svg"), ("text/html; charset=utf-8", "html"), ("IMAGE/AVIF", "avif"),
    ("text/csv", "text"), ("image/jpeg", None), ("image/png", None),
    ("application/octet-stream", None), (None, None), ("image/x-unknown", None),
])
def test_declared_content_types(content_type: str | None, declared: str | None) -> None:
    assert declared_unsupported(content_type) == declared


def test_reasons_are_merchant_readable() -> None:
    assert unsupported_reason("svg") == ("The image is an SVG; only JPEG, PNG, WebP and GIF "
                                         "can be analyzed")
    assert unsupported_reason("avif").startswith("The file is an AVIF image;")
    assert unsupported_reason(None).startswith("The file is not a recognised image;")
