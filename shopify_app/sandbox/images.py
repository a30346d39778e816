"""Product images: real PNG/JPEG files drawn with Pillow, with known colours.

Each image is a coloured shape centred on a white (or, for some PNGs,
transparent) background, with an optional accent band along the bottom. The
spec that draws it is stored with the media, so tests can assert what an
image analyzer should find without decoding anything themselves.
"""

from __future__ import annotations

import io
import math
import threading
from collections import OrderedDict
from typing import Any

from PIL import Image, ImageDraw

SHAPES = ("circle", "square", "triangle", "diamond")
SIZES = ((800, 800), (1000, 1000), (1200, 800), (800, 1200), (640, 480))
WHITE = (255, 255, 255)
_SHAPE_SCALE = 0.6  # the shape's bounding box, as a share of the shorter side
_ACCENT_BAND = 0.12  # the accent band's height, as a share of the image height


def _hex(rgb: tuple[int, int, int] | list[int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _shape_area(shape: str, side: float) -> float:
    if shape == "circle":
        return math.pi * (side / 2) ** 2
    if shape == "square":
        return side * side
    return side * side / 2  # triangle and diamond


def dominant_colors(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The colours in the image, largest share first, as drawn (before JPEG noise)."""
    width, height = spec["width"], spec["height"]
    total = float(width * height)
    side = _SHAPE_SCALE * min(width, height)
    parts = [
        {
            "role": "subject",
            "name": spec["color_name"],
            "rgb": list(spec["color"]),
            "hex": _hex(spec["color"]),
            "share": round(_shape_area(spec["shape"], side) / total, 3),
        }
    ]
    accent_share = 0.0
    if spec.get("accent"):
        accent_share = _ACCENT_BAND
        parts.append(
            {
                "role": "accent",
                "name": spec["accent_name"],
                "rgb": list(spec["accent"]),
                "hex": _hex(spec["accent"]),
                "share": round(accent_share, 3),
            }
        )
    background = {
        "role": "background",
        "name": "transparent" if spec["background"] == "transparent" else "white",
        "rgb": list(WHITE),
        "hex": _hex(WHITE),
        "share": round(1.0 - parts[0]["share"] - accent_share, 3),
    }
    return sorted([*parts, background], key=lambda c: -c["share"])


def render(spec: dict[str, Any]) -> bytes:
    """Draw the image described by `spec` and encode it as PNG or JPEG."""
    width, height = spec["width"], spec["height"]
    transparent = spec["format"] == "png" and spec["background"] == "transparent"
    mode = "RGBA" if transparent else "RGB"
    background = (255, 255, 255, 0) if transparent else WHITE
    image = Image.new(mode, (width, height), background)
    draw = ImageDraw.Draw(image)
    color = tuple(spec["color"]) + ((255,) if transparent else ())
    side = _SHAPE_SCALE * min(width, height)
    cx, cy = width / 2, height / 2
    box = (cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2)
    shape = spec["shape"]
    if shape == "circle":
        draw.ellipse(box, fill=color)
    elif shape == "square":
        draw.rectangle(box, fill=color)
    elif shape == "triangle":
        draw.polygon([(cx, box[1]), (box[2], box[3]), (box[0], box[3])], fill=color)
    else:
        draw.polygon([(cx, box[1]), (box[2], cy), (cx, box[3]), (box[0], cy)], fill=color)
    if spec.get("accent"):
        accent = tuple(spec["accent"]) + ((255,) if transparent else ())
        draw.rectangle((0, height * (1 - _ACCENT_BAND), width, height), fill=accent)
    out = io.BytesIO()
    if spec["format"] == "png":
        image.save(out, format="PNG")
    else:
        image.save(out, format="JPEG", quality=90)
    return out.getvalue()


def scaled(spec: dict[str, Any], max_width: int | None, max_height: int | None
           ) -> dict[str, Any]:
    """The spec of a copy that fits within the given box (never larger than the original)."""
    factor = min([1.0, *(limit / size for limit, size in ((max_width, spec["width"]),
                                                           (max_height, spec["height"]))
                         if limit)])
    if factor >= 1.0:
        return spec
    return {**spec, "width": max(1, round(spec["width"] * factor)),
            "height": max(1, round(spec["height"] * factor))}


def mime_type(spec: dict[str, Any]) -> str:
    return "image/png" if spec["format"] == "png" else "image/jpeg"


class ImageCache:
    """Rendered images by key, least recently used dropped first."""

    def __init__(self, capacity: int = 256) -> None:
        self._capacity = capacity
        self._lock = threading.Lock()
        self._items: OrderedDict[str, bytes] = OrderedDict()

    def get(self, key: str, spec: dict[str, Any]) -> bytes:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        data = render(spec)  # outside the lock: rendering takes a few milliseconds
        with self._lock:
            self._items[key] = data
            while len(self._items) > self._capacity:
                self._items.popitem(last=False)
        return data
