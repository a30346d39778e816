"""Separate a product from a plain or transparent background.

Product photos usually sit on a plain backdrop (white, or a transparent PNG).
The backdrop is found from the image's border: when most border pixels share
one color, every pixel of that color connected to the border is background.
Pixels of that color enclosed by the product (a white logo on a red shirt)
stay product. A soft shadow the product casts (the backdrop, darker and as
colorless) counts as background too. When the "background" would swallow
nearly everything (a white product on white), the whole image counts as
product instead.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .colors import lab_to_hex

PLAIN_BORDER_SHARE = 0.6         # share of the border that must match for a plain backdrop
BORDER_MATCH_DELTA = 10.0        # Lab distance for a border pixel to match the backdrop
MIN_TOLERANCE, MAX_TOLERANCE = 6.0, 14.0   # flood tolerance bounds (Lab distance)
TRANSPARENT_ALPHA = 32           # alpha below this is see-through
OPAQUE_ALPHA = 128               # alpha at or above this is product
MIN_PRODUCT_SHARE = 0.01         # below this the background is taken to be everything
WHITE_MIN_LIGHTNESS = 90.0       # a backdrop at least this light ...
WHITE_MAX_CHROMA = 8.0           # ... and this neutral is "white"
SHADOW_DARKENING = 25.0          # shadows are at most this much darker (L*) than the backdrop
SHADOW_MAX_CHROMA = 6.0          # ... and about as colorless (a*b* distance)
SHADOW_MAX_SHARE = 0.5           # larger shadow-like regions are a light grey product
_MAX_FLOOD_ROUNDS = 64


@dataclass
class Segmentation:
    """Where the product is in a working image.

    Attributes:
        background: ``"white"``, ``"transparent"`` or ``"other"``.
        background_hex: the backdrop color when it is plain and opaque, else ``None``.
        mask: ``[H, W]`` bool, True on product pixels.
        product_area: share of the image covered by the product (0–1).
        fallback: True when the backdrop would have covered everything, so the
            whole image was kept as product.
    """

    background: str
    background_hex: str | None
    mask: np.ndarray
    product_area: float
    fallback: bool = False


def border_ring(shape: tuple[int, int], width: int = 1) -> np.ndarray:
    """A bool mask of the outer ``width`` pixels of an image of ``shape``."""
    ring = np.zeros(shape, dtype=bool)
    w = max(1, min(width, (min(shape) + 1) // 2))
    ring[:w, :] = ring[-w:, :] = True
    ring[:, :w] = ring[:, -w:] = True
    return ring


def segment(lab: np.ndarray, alpha: np.ndarray | None) -> Segmentation:
    """Find the product in a working image.

    Args:
        lab: ``[H, W, 3]`` Lab pixels (transparent pixels composited over white).
        alpha: ``[H, W]`` uint8 alpha, or ``None`` for an opaque image.
    """
    height, width = lab.shape[:2]
    if alpha is not None and (np.mean(_border_pixels(alpha[..., None]) < TRANSPARENT_ALPHA)
                              >= PLAIN_BORDER_SHARE):
        mask = alpha >= OPAQUE_ALPHA
        return Segmentation("transparent", None, mask, float(mask.mean()))

    backdrop = _plain_backdrop(_border_pixels(lab))
    everything = np.ones((height, width), dtype=bool)
    if backdrop is None:
        return Segmentation("other", None, everything, 1.0)
    color, tolerance = backdrop
    kind = "white" if _is_white(color) else "other"
    offset = lab - color.astype(lab.dtype)
    similar = np.einsum("ijk,ijk->ij", offset, offset) < tolerance ** 2
    # One flood through the backdrop and its shadows. A "shadow" as large as
    # what remains is a light grey product instead: then only the backdrop
    # color counts (up to a few backdrop pixels reached through that product).
    background = flood_from_border(similar | _shadow_like(lab, color, tolerance))
    shadow = int(np.count_nonzero(background & ~similar))
    if shadow > SHADOW_MAX_SHARE * (background.size - int(np.count_nonzero(background))):
        background &= similar
    mask = ~background
    if alpha is not None:  # see-through pixels inside an opaque frame are not product
        mask &= alpha >= OPAQUE_ALPHA
    share = float(mask.mean())
    if share < MIN_PRODUCT_SHARE:
        return Segmentation(kind, lab_to_hex(color), everything, 1.0, fallback=True)
    return Segmentation(kind, lab_to_hex(color), mask, share)


def _shadow_like(lab: np.ndarray, color: np.ndarray, tolerance: float) -> np.ndarray:
    """Pixels that look like the backdrop in shadow: about as colorless, somewhat darker."""
    da = lab[..., 1] - color[1]
    db = lab[..., 2] - color[2]
    lightness = lab[..., 0]
    return ((da * da + db * db < SHADOW_MAX_CHROMA ** 2)
            & (lightness > color[0] - SHADOW_DARKENING) & (lightness < color[0] + tolerance))


def _border_pixels(image: np.ndarray) -> np.ndarray:
    """The outermost pixels of an ``[H, W, C]`` image as ``[N, C]``."""
    if image.shape[0] <= 2 or image.shape[1] <= 2:
        return image.reshape(-1, image.shape[-1])
    return np.concatenate([image[0], image[-1], image[1:-1, 0], image[1:-1, -1]])


def _plain_backdrop(border: np.ndarray) -> tuple[np.ndarray, float] | None:
    """(backdrop Lab color, flood tolerance) when the border is mostly one color."""
    center = np.median(border, axis=0)
    distance = np.linalg.norm(border - center, axis=-1)
    matching = distance < BORDER_MATCH_DELTA
    if matching.mean() < PLAIN_BORDER_SHARE:
        return None
    color = border[matching].mean(axis=0)
    spread = float(np.percentile(np.linalg.norm(border[matching] - color, axis=-1), 90))
    return color, float(np.clip(3.0 * spread, MIN_TOLERANCE, MAX_TOLERANCE))


def _is_white(lab: np.ndarray) -> bool:
    return bool(lab[0] >= WHITE_MIN_LIGHTNESS and np.hypot(lab[1], lab[2]) <= WHITE_MAX_CHROMA)


def _run_ids(candidate: np.ndarray) -> tuple[np.ndarray, int]:
    """Number the horizontal runs of True pixels; 0 marks pixels outside any run."""
    starts = candidate.copy()
    starts[:, 1:] &= ~candidate[:, :-1]
    ids = np.cumsum(starts.ravel()).reshape(candidate.shape)
    ids[~candidate] = 0
    return ids, int(ids.max(initial=0))


def flood_from_border(candidate: np.ndarray) -> np.ndarray:
    """Pixels of ``candidate`` 4-connected to the image border through ``candidate``.

    Works on whole runs: a row run (or column run) touched by a reached pixel
    is reached entirely; rows and columns alternate until nothing changes.
    """
    reached = candidate & border_ring(candidate.shape)
    if not reached.any():
        return reached
    row_ids, row_count = _run_ids(candidate)
    col_ids_t, col_count = _run_ids(np.ascontiguousarray(candidate.T))
    col_ids = col_ids_t.T
    for _ in range(_MAX_FLOOD_ROUNDS):
        before = int(reached.sum())
        hit = np.zeros(row_count + 1, dtype=bool)
        hit[row_ids[reached]] = True
        hit[0] = False
        reached = hit[row_ids]
        hit = np.zeros(col_count + 1, dtype=bool)
        hit[col_ids[reached]] = True
        hit[0] = False
        reached = hit[col_ids]
        if int(reached.sum()) == before:
            break
    return reached


def interior(mask: np.ndarray) -> np.ndarray:
    """``mask`` without its one-pixel edge (4-neighbour erosion).

    The edge of a cut-out product blends into the backdrop (anti-aliasing,
    JPEG ringing) and would add pale in-between colors.
    """
    inner = mask.copy()
    inner[1:, :] &= mask[:-1, :]
    inner[:-1, :] &= mask[1:, :]
    inner[:, 1:] &= mask[:, :-1]
    inner[:, :-1] &= mask[:, 1:]
    return inner


def dilate(mask: np.ndarray) -> np.ndarray:
    """``mask`` grown by one pixel (4-neighbour dilation)."""
    grown = mask.copy()
    grown[1:, :] |= mask[:-1, :]
    grown[:-1, :] |= mask[1:, :]
    grown[:, 1:] |= mask[:, :-1]
    grown[:, :-1] |= mask[:, 1:]
    return grown
