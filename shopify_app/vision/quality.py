"""Image quality facts (size, aspect, background, sharpness, weight) and the
plain-language recommendations a merchant sees next to them."""
from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from fractions import Fraction
from typing import Any

import numpy as np

RECOMMENDED_LONG_SIDE = 2048           # Shopify's advice for product images with zoom
SQUARE_TOLERANCE = 0.01                # |width / height - 1| up to this counts as square
MAX_RECOMMENDED_BYTES = 5 * 1024 * 1024
SHARPNESS_SIDE = 512                   # sharpness is measured at this long side (or smaller)
BLURRY_BELOW = 50.0                    # Laplacian variance under this looks blurry
SHARPNESS_SCALE = 250.0                # variance that maps to a score of about 63 / 100
_COMMON_RATIOS = ((1, 1), (4, 5), (5, 4), (3, 4), (4, 3), (2, 3), (3, 2), (9, 16), (16, 9),
                  (1, 2), (2, 1), (5, 7), (7, 5), (3, 5), (5, 3))
_RATIO_TOLERANCE = 0.02

MSG_SMALL = (f"Smaller than {RECOMMENDED_LONG_SIDE} px on the long side; Shopify recommends "
             f"{RECOMMENDED_LONG_SIDE} × {RECOMMENDED_LONG_SIDE} for zoom")
MSG_NOT_SQUARE = "Not square; a 1:1 image keeps collection grids even"
MSG_BACKGROUND = "Background is not white; a plain white background looks consistent"
MSG_BLURRY = "The image looks blurry"
MSG_HEAVY = (f"File is larger than {MAX_RECOMMENDED_BYTES // (1024 * 1024)} MB; "
             "it will load slowly")


@dataclass(frozen=True)
class ImageQuality:
    """Facts about one image and what to improve.

    ``sharpness`` is a 0–100 score derived from ``laplacian_variance`` (the
    variance of the Laplacian of the grey image, measured on the product at
    most :data:`SHARPNESS_SIDE` pixels on the long side so images of
    different sizes compare).
    """

    format: str
    bytes: int
    width: int
    height: int
    megapixels: float
    aspect_ratio: str
    aspect: float
    square: bool
    background: str
    background_hex: str | None
    sharpness: float
    laplacian_variance: float
    blurry: bool
    animated: bool = False
    recommendations: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format, "bytes": self.bytes, "width": self.width,
            "height": self.height, "megapixels": self.megapixels,
            "aspect_ratio": self.aspect_ratio, "aspect": self.aspect, "square": self.square,
            "background": self.background, "background_hex": self.background_hex,
            "sharpness": self.sharpness, "laplacian_variance": self.laplacian_variance,
            "blurry": self.blurry, "animated": self.animated,
            "recommendations": list(self.recommendations),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImageQuality:
        """Rebuild from :meth:`to_dict` output; keys this version does not know are ignored."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        return cls(**{**values, "recommendations": list(data.get("recommendations") or [])})


def aspect_label(width: int, height: int) -> str:
    """A readable ratio: ``300 × 500`` → ``"3:5"``, ``1080 × 1350`` → ``"4:5"``.

    Exact small ratios are kept; otherwise the nearest common ratio within 2 %,
    else the closest fraction with terms up to 20.
    """
    divisor = math.gcd(width, height)
    a, b = width // divisor, height // divisor
    if a <= 20 and b <= 20:
        return f"{a}:{b}"
    ratio = width / height
    best = min(_COMMON_RATIOS, key=lambda p: abs(p[0] / p[1] / ratio - 1))
    if abs(best[0] / best[1] / ratio - 1) <= _RATIO_TOLERANCE:
        return f"{best[0]}:{best[1]}"
    approx = Fraction(ratio).limit_denominator(20)
    if approx.numerator == 0 or approx.numerator > 20:
        return f"{round(ratio, 2):g}:1" if ratio >= 1 else f"1:{round(1 / ratio, 2):g}"
    return f"{approx.numerator}:{approx.denominator}"


def laplacian_variance(grey: np.ndarray, mask: np.ndarray | None = None) -> float:
    """Variance of the 4-neighbour Laplacian of a grey image (0–255 values).

    Only pixels inside ``mask`` count, when it leaves enough of them.
    """
    g = np.asarray(grey, dtype=np.float32)
    if g.shape[0] < 3 or g.shape[1] < 3:
        return 0.0
    lap = (g[:-2, 1:-1] + g[2:, 1:-1] + g[1:-1, :-2] + g[1:-1, 2:]) - 4.0 * g[1:-1, 1:-1]
    if mask is not None:
        inner = mask[1:-1, 1:-1]
        if int(inner.sum()) >= 64:
            lap = lap[inner]
    return float(lap.var(dtype=np.float64))


def sharpness_score(variance: float) -> float:
    """Map a Laplacian variance to a 0–100 score (monotonic, saturating)."""
    return round(100.0 * (1.0 - math.exp(-max(variance, 0.0) / SHARPNESS_SCALE)), 1)


def assess(*, fmt: str, size_bytes: int, width: int, height: int, background: str,
           background_hex: str | None, variance: float, animated: bool = False) -> ImageQuality:
    """Build the quality facts and recommendations for one image."""
    aspect = width / height
    square = abs(aspect - 1.0) <= SQUARE_TOLERANCE
    blurry = variance < BLURRY_BELOW
    recommendations = []
    if max(width, height) < RECOMMENDED_LONG_SIDE:
        recommendations.append(MSG_SMALL)
    if not square:
        recommendations.append(MSG_NOT_SQUARE)
    if background == "other":
        recommendations.append(MSG_BACKGROUND)
    if blurry:
        recommendations.append(MSG_BLURRY)
    if size_bytes > MAX_RECOMMENDED_BYTES:
        recommendations.append(MSG_HEAVY)
    return ImageQuality(
        format=fmt, bytes=size_bytes, width=width, height=height,
        megapixels=round(width * height / 1e6, 2), aspect_ratio=aspect_label(width, height),
        aspect=round(aspect, 4), square=square, background=background,
        background_hex=background_hex, sharpness=sharpness_score(variance),
        laplacian_variance=round(variance, 1), blurry=blurry, animated=animated,
        recommendations=recommendations,
    )
