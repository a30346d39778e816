"""The built-in analyzer: dominant colors and quality facts from the pixels alone.

One image is decoded once at a small working size (at most
:data:`~.quality.SHARPNESS_SIDE` pixels; JPEGs straight from a reduced DCT
scale), measured for sharpness, shrunk again to at most :data:`COLOR_SIDE`
pixels, separated from its backdrop and clustered into named colors.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image

from .background import Segmentation, dilate, interior, segment
from .clustering import ColorShare, dominant_colors
from .colors import srgb_to_lab_approx
from .decode import DEFAULT_MAX_PIXELS, WorkingImage, decode_working, open_image
from .quality import SHARPNESS_SIDE, ImageQuality, assess, laplacian_variance

COLOR_SIDE = 256           # colors are found on an image at most this long
_MIN_INTERIOR_SHARE = 0.5  # keep the product's edge pixels if erosion removes more than this
_EDGE_MARGIN = 2           # color-scale pixels around the product counted for sharpness


@dataclass(frozen=True)
class ImageAnalysis:
    """What the built-in analyzer found in one image.

    ``product_area`` is the share of the picture covered by the product (1.0
    when no backdrop was found); ``colors`` are shares of that product area.
    """

    colors: list[ColorShare]
    product_area: float
    quality: ImageQuality
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "colors": [c.to_dict() for c in self.colors],
                "product_area": self.product_area, "quality": self.quality.to_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImageAnalysis:
        return cls(colors=[ColorShare.from_dict(c) for c in data.get("colors") or []],
                   product_area=float(data.get("product_area", 1.0)),
                   quality=ImageQuality.from_dict(data["quality"]), url=data.get("url"))


def analyze(image_bytes: bytes, *, url: str | None = None,
            max_pixels: int = DEFAULT_MAX_PIXELS) -> ImageAnalysis:
    """Analyze one JPEG, PNG, WebP or GIF (first frame) image.

    Args:
        image_bytes: the whole file.
        url: where it came from; copied into the result and into errors.
        max_pixels: refuse images with more pixels than this.

    Raises:
        UnsupportedImageError, ImageTooManyPixelsError, DamagedImageError
        (all :class:`~.errors.ImageError`, with a merchant-readable message).
    """
    image, info = open_image(image_bytes, max_pixels=max_pixels, url=url)
    with image:
        frame = decode_working(image, SHARPNESS_SIDE, url=url)
    small = _shrink(frame, COLOR_SIDE)
    lab = srgb_to_lab_approx(small.rgb)
    seg = segment(lab, small.alpha)
    colors = dominant_colors(small.rgb[_color_mask(seg)])
    variance = laplacian_variance(_grey(frame.rgb), _sharpness_mask(seg, frame.rgb.shape[:2]))
    quality = assess(fmt=info.format, size_bytes=len(image_bytes), width=info.width,
                     height=info.height, background=seg.background,
                     background_hex=seg.background_hex, variance=variance,
                     animated=info.animated)
    return ImageAnalysis(colors=colors, product_area=round(seg.product_area, 4),
                         quality=quality, url=url)


def _shrink(frame: WorkingImage, max_side: int) -> WorkingImage:
    """Box-average a working image down to at most ``max_side`` on its long side."""
    height, width = frame.rgb.shape[:2]
    factor = -(-max(height, width) // max_side)  # ceiling division
    if factor <= 1:
        return frame
    channels = frame.rgb if frame.alpha is None else np.dstack([frame.rgb, frame.alpha])
    reduced = np.asarray(Image.fromarray(channels).reduce(factor))
    if frame.alpha is None:
        return WorkingImage(rgb=reduced, alpha=None)
    return WorkingImage(rgb=np.ascontiguousarray(reduced[..., :3]), alpha=reduced[..., 3])


def _color_mask(seg: Segmentation) -> np.ndarray:
    """Product pixels to take colors from: the interior when a backdrop was cut away."""
    if seg.fallback or seg.mask.all():
        return seg.mask
    inner = interior(seg.mask)
    if inner.sum() >= _MIN_INTERIOR_SHARE * seg.mask.sum():
        return inner
    return seg.mask


def _grey(rgb: np.ndarray) -> np.ndarray:
    """ITU-R 601 luma of an ``[H, W, 3]`` uint8 image (Pillow's ``L`` conversion)."""
    return np.asarray(Image.fromarray(rgb).convert("L"))


def _sharpness_mask(seg: Segmentation, shape: tuple[int, int]) -> np.ndarray | None:
    """The product mask grown a little to include its edges, scaled to ``shape``."""
    if seg.mask.all():
        return None
    grown = seg.mask
    for _ in range(_EDGE_MARGIN):
        grown = dilate(grown)
    upscaled = Image.fromarray(grown).resize((shape[1], shape[0]), Image.Resampling.NEAREST)
    return np.asarray(upscaled)
