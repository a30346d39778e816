"""Recognise image formats from their first bytes and from Content-Type headers.

Servers mislabel files, so the bytes decide: a file served as ``image/png``
that starts with ``<svg`` is an SVG. The header is only used to refuse
obvious non-images (web pages, SVG) before the body is read.
"""
from __future__ import annotations

SUPPORTED_FORMATS = ("jpeg", "png", "webp", "gif")
SUPPORTED_TEXT = "only JPEG, PNG, WebP and GIF can be analyzed"

# Enough leading bytes for every signature below, and for the text sniffing.
SNIFF_BYTES = 512

_CONTENT_TYPES = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "gif": "image/gif",
}

# Declared types that are neither refused nor trusted: the bytes decide.
_NEUTRAL_TYPES = {"", "application/octet-stream", "binary/octet-stream",
                  "application/binary", "application/unknown"}

_FORMAT_NAMES = {
    "svg": "an SVG",
    "html": "a web page, not an image",
    "avif": "an AVIF image",
    "heic": "a HEIC image",
    "tiff": "a TIFF image",
    "bmp": "a BMP image",
    "ico": "an icon file",
    "pdf": "a PDF document",
    "text": "a text file, not an image",
}

_DECLARED_UNSUPPORTED = {
    "image/svg+xml": "svg",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "image/avif": "avif",
    "image/heic": "heic",
    "image/heif": "heic",
    "image/tiff": "tiff",
    "image/bmp": "bmp",
    "image/x-ms-bmp": "bmp",
    "image/x-icon": "ico",
    "image/vnd.microsoft.icon": "ico",
    "application/pdf": "pdf",
    "application/json": "text",
    "text/plain": "text",
    "text/xml": "text",
    "application/xml": "text",
}


def sniff_format(head: bytes) -> str | None:
    """Name the format of a file from its first bytes.

    Returns one of :data:`SUPPORTED_FORMATS`, a key of the unsupported formats
    (``svg``, ``html``, ``avif``, ``heic``, ``tiff``, ``bmp``, ``ico``, ``pdf``,
    ``text``), or ``None`` when nothing matches.
    """
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"avif", b"avis"):
            return "avif"
        if brand in (b"heic", b"heix", b"hevc", b"mif1", b"msf1"):
            return "heic"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head.startswith(b"BM"):
        return "bmp"
    if head.startswith(b"\x00\x00\x01\x00"):
        return "ico"
    if head.startswith(b"%PDF"):
        return "pdf"
    return _sniff_text(head)


def _sniff_text(head: bytes) -> str | None:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()  # UTF-8 BOM, whitespace
    if not text:
        return None
    if b"<svg" in text[:SNIFF_BYTES]:
        return "svg"
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return "html"
    if text.startswith((b"<?xml", b"<!doctype svg")):
        return "svg" if b"svg" in text[:SNIFF_BYTES] else "text"
    if text.startswith((b"{", b"[", b"<")):
        return "text"
    return None


def main_type(content_type: str | None) -> str:
    """``"image/png; charset=x"`` → ``"image/png"`` (lower case, no parameters)."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def declared_unsupported(content_type: str | None) -> str | None:
    """The unsupported format a Content-Type header announces, if it announces one.

    ``text/*`` types other than those listed count as ``text``; neutral types
    (``application/octet-stream``, missing) and any supported or unknown
    ``image/*`` type return ``None`` so the bytes can decide.
    """
    kind = main_type(content_type)
    if kind in _DECLARED_UNSUPPORTED:
        return _DECLARED_UNSUPPORTED[kind]
    if kind in _NEUTRAL_TYPES or kind.startswith("image/"):
        return None
    if kind.startswith("text/"):
        return "text"
    return None


def unsupported_reason(fmt: str | None) -> str:
    """A merchant-readable sentence for a format we cannot analyze."""
    if fmt is None:
        return f"The file is not a recognised image; {SUPPORTED_TEXT}"
    if fmt == "svg":
        return f"The image is an SVG; {SUPPORTED_TEXT}"
    if fmt == "html":
        return "The image address returned a web page, not an image"
    described = _FORMAT_NAMES.get(fmt, f"a {fmt.upper()} file")
    return f"The file is {described}; {SUPPORTED_TEXT}"


def content_type_for(fmt: str) -> str:
    """The canonical Content-Type of a supported format."""
    return _CONTENT_TYPES[fmt]
