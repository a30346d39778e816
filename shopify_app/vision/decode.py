"""Open untrusted image bytes safely and decode a small working copy.

Pillow's own decompression-bomb limit is a process-wide setting; we leave it
alone and check the size from the file header against our own limit before
anything is decoded. Only the JPEG, PNG, WebP and GIF plugins are allowed to
open a file. GIFs and other animations are read at their first frame.
"""
from __future__ import annotations

import io
import math
from dataclasses import dataclass

import numpy as np
from PIL import Image

from .errors import DamagedImageError, ImageTooManyPixelsError, UnsupportedImageError
from .formats import SNIFF_BYTES, SUPPORTED_FORMATS, sniff_format, unsupported_reason

DEFAULT_MAX_PIXELS = 50_000_000
_PILLOW_FORMATS = ["JPEG", "PNG", "WEBP", "GIF"]
_DAMAGED = "The image file is damaged or truncated"
# EXIF orientations that turn the picture by 90°: width and height swap on display.
_ROTATED_ORIENTATIONS = {5, 6, 7, 8}
# Modes Pillow can box-reduce directly (others are converted first).
_REDUCIBLE_MODES = {"L", "LA", "RGB", "RGBA", "CMYK", "I", "F"}


@dataclass(frozen=True)
class ImageInfo:
    """What the file header says, with width and height as the image is displayed."""

    format: str
    width: int
    height: int
    animated: bool
    mode: str


def _too_many_pixels(width: int, height: int, max_pixels: int,
                     url: str | None) -> ImageTooManyPixelsError:
    return ImageTooManyPixelsError(
        f"The image is {width} × {height} pixels ({width * height / 1e6:.0f} megapixels); "
        f"images over {max_pixels / 1e6:.0f} megapixels are not analyzed", url=url)


def open_image(data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS,
               url: str | None = None) -> tuple[Image.Image, ImageInfo]:
    """Read the header of an image and check it may be decoded.

    Nothing is decoded yet: the returned image is lazy.

    Raises:
        UnsupportedImageError: not JPEG, PNG, WebP or GIF.
        ImageTooManyPixelsError: more than ``max_pixels`` pixels.
        DamagedImageError: the header cannot be read.
    """
    fmt = sniff_format(data[:SNIFF_BYTES])
    if fmt not in SUPPORTED_FORMATS:
        raise UnsupportedImageError(unsupported_reason(fmt), url=url)
    try:
        image = Image.open(io.BytesIO(data), formats=_PILLOW_FORMATS)
    except Image.DecompressionBombError:
        raise ImageTooManyPixelsError(
            f"The image has too many pixels; images over {max_pixels / 1e6:.0f} megapixels "
            "are not analyzed", url=url) from None
    except Exception as exc:  # Pillow raises many types on malformed headers
        raise DamagedImageError(_DAMAGED, url=url) from exc
    width, height = image.size
    if width <= 0 or height <= 0:
        raise DamagedImageError(_DAMAGED, url=url)
    if width * height > max_pixels:
        raise _too_many_pixels(width, height, max_pixels, url)
    try:
        orientation = _orientation(image)
        animated = bool(getattr(image, "is_animated", False))
    except Exception as exc:
        raise DamagedImageError(_DAMAGED, url=url) from exc
    if orientation in _ROTATED_ORIENTATIONS:
        width, height = height, width
    return image, ImageInfo(format=fmt, width=width, height=height, animated=animated,
                            mode=image.mode)


def _orientation(image: Image.Image) -> int | None:
    """The EXIF orientation, read from the header only.

    Pillow's PNG reader decodes the whole image to look for EXIF data after
    the pixels; we only use EXIF found before them.
    """
    if image.format in ("JPEG", "WEBP") or "exif" in image.info:
        value = image.getexif().get(0x0112)
        return value if isinstance(value, int) else None
    return None


@dataclass
class WorkingImage:
    """A decoded, downscaled copy of the first frame.

    ``rgb`` is ``[H, W, 3]`` uint8 (transparent pixels composited over white),
    ``alpha`` is ``[H, W]`` uint8 or ``None`` when the image is opaque.
    """

    rgb: np.ndarray
    alpha: np.ndarray | None


def decode_working(image: Image.Image, max_side: int, *, url: str | None = None) -> WorkingImage:
    """Decode the first frame of an opened image at most ``max_side`` pixels on its long side.

    JPEGs are decoded at a reduced DCT scale when that is enough (much faster
    than decoding the full picture and shrinking it).

    Raises:
        DamagedImageError: the pixel data is truncated or corrupt.
    """
    width, height = image.size
    long_side = max(width, height)
    try:
        if image.format == "JPEG" and long_side > max_side:
            scale = max_side / long_side
            image.draft(image.mode, (max(1, math.ceil(width * scale)),
                                     max(1, math.ceil(height * scale))))
        image.load()
        frame: Image.Image = image
        factor = max(frame.size) // max_side
        if factor >= 2 and frame.mode in _REDUCIBLE_MODES:  # shrink before converting
            frame = frame.reduce(factor)
        elif factor >= 4:  # palette images: sample down to about twice the size, then average
            step = factor // 2
            frame = frame.resize((max(1, frame.width // step), max(1, frame.height // step)),
                                 Image.Resampling.NEAREST)
        frame = _to_rgb_or_rgba(frame)
        if max(frame.size) > max_side:
            scale = max_side / max(frame.size)
            size = (max(1, round(frame.width * scale)), max(1, round(frame.height * scale)))
            frame = frame.resize(size, Image.Resampling.BOX)
    except Exception as exc:  # truncated data, bad chunks, decoder errors
        raise DamagedImageError(_DAMAGED, url=url) from exc
    pixels = np.asarray(frame)
    if frame.mode == "RGB":
        return WorkingImage(rgb=pixels, alpha=None)
    alpha = pixels[..., 3]
    if alpha.min() == 255:
        return WorkingImage(rgb=np.ascontiguousarray(pixels[..., :3]), alpha=None)
    weight = alpha[..., None].astype(np.float32) / 255.0
    over_white = pixels[..., :3].astype(np.float32) * weight + 255.0 * (1.0 - weight)
    return WorkingImage(rgb=np.rint(over_white).astype(np.uint8), alpha=alpha)


def _to_rgb_or_rgba(image: Image.Image) -> Image.Image:
    mode = image.mode
    if mode in ("RGB", "RGBA"):
        return image
    if mode.startswith(("I", "F")):  # 16-bit and float greyscale: scale, don't clip
        values = np.asarray(image, dtype=np.float64)
        top = 65535.0 if values.max(initial=0) > 255 else 255.0
        grey = np.clip(values / top * 255.0, 0, 255).astype(np.uint8)
        return Image.fromarray(grey).convert("RGB")
    has_alpha = mode in ("LA", "PA", "La", "RGBa") or "transparency" in image.info
    return image.convert("RGBA" if has_alpha else "RGB")


def shrink_for_upload(data: bytes, *, max_side: int = 1024, max_bytes: int = 1024 * 1024,
                      max_pixels: int = DEFAULT_MAX_PIXELS) -> tuple[bytes, str]:
    """A copy small enough to inline in a provider request: ``(bytes, content_type)``.

    Images already within ``max_side`` and ``max_bytes`` are returned as they
    are; larger ones are re-encoded as a JPEG of at most ``max_side`` pixels.
    """
    image, info = open_image(data, max_pixels=max_pixels)
    with image:
        if max(info.width, info.height) <= max_side and len(data) <= max_bytes:
            return data, f"image/{info.format}"
        frame = decode_working(image, max_side)
    out = io.BytesIO()
    Image.fromarray(frame.rgb).save(out, "JPEG", quality=85)
    return out.getvalue(), "image/jpeg"
