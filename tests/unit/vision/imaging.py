"""Build small test images in memory."""
from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable

from PIL import Image, ImageDraw

Color = tuple[int, ...]
WHITE = (255, 255, 255)


def encode(image: Image.Image, fmt: str = "PNG", **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def solid(color: Color, size: tuple[int, int] = (200, 200), fmt: str = "PNG") -> bytes:
    return encode(Image.new("RGB", size, color), fmt)


def drawn(draw: Callable[[ImageDraw.ImageDraw], object], *, size: tuple[int, int] = (400, 400),
          background: Color = WHITE, mode: str = "RGB", fmt: str = "PNG",
          **options: object) -> bytes:
    image = Image.new(mode, size, background)
    draw(ImageDraw.Draw(image))
    return encode(image, fmt, **options)


def product_on_white(color: Color, *, fmt: str = "PNG", size: int = 400) -> bytes:
    """A round product of one color in the middle of a white picture."""
    m = size // 5
    return drawn(lambda d: d.ellipse((m, m, size - m, size - m), fill=color),
                 size=(size, size), fmt=fmt, **({"quality": 90} if fmt == "JPEG" else {}))


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width × height`` but carries almost no pixel data."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + chunk(b"IEND", b""))


SVG = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
       b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<rect width="10" height="10" fill="red"/></svg>')
HTML = b"<!DOCTYPE html><html><head><title>Not found</title></head><body></body></html>"
