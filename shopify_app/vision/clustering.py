"""Dominant colors of a set of pixels: a color histogram, weighted k-means in Lab,
and clusters merged by palette name.

Pixels are first counted in a 32 × 32 × 32 RGB histogram, so k-means runs on
a few hundred weighted points instead of tens of thousands of pixels. The
initial centers are chosen greedily (heaviest bin first, then the bin that
adds the most weighted squared distance), so the result is deterministic.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .colors import lab_to_hex, name_colors, srgb_to_lab

MAX_COLORS = 5            # colors reported per image or product
MIN_COLOR_SHARE = 0.03    # colors below this share of the product are dropped
CLUSTERS = 8              # k-means clusters before merging by name
KMEANS_ROUNDS = 15
_BITS = 5                 # histogram bits per channel
_SHIFT = 8 - _BITS
_BINS = 1 << (3 * _BITS)


@dataclass(frozen=True)
class ColorShare:
    """A named color and its share of the product area (0–1)."""

    name: str
    hex: str
    share: float

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "hex": self.hex, "share": self.share}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ColorShare:
        return cls(name=str(data["name"]), hex=str(data["hex"]), share=float(data["share"]))


def weighted_kmeans(points: np.ndarray, weights: np.ndarray, k: int,
                    rounds: int = KMEANS_ROUNDS) -> tuple[np.ndarray, np.ndarray]:
    """Cluster weighted points; returns (centers ``[k', D]``, label of each point).

    ``k'`` may be smaller than ``k`` when there are fewer distinct points.
    """
    weights = weights.astype(np.float64)
    first = int(np.argmax(weights))
    centers = [points[first]]
    nearest = np.sum((points - points[first]) ** 2, axis=1)
    for _ in range(1, min(k, len(points))):
        score = nearest * weights
        pick = int(np.argmax(score))
        if score[pick] <= 1e-9:
            break
        centers.append(points[pick])
        nearest = np.minimum(nearest, np.sum((points - points[pick]) ** 2, axis=1))
    center_array = np.array(centers, dtype=np.float64)
    labels = np.zeros(len(points), dtype=np.intp)
    for round_ in range(rounds):
        distances = np.sum((points[:, None, :] - center_array[None, :, :]) ** 2, axis=2)
        new_labels = np.argmin(distances, axis=1)
        if round_ and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        mass = np.bincount(labels, weights=weights, minlength=len(center_array))
        for axis in range(points.shape[1]):
            total = np.bincount(labels, weights=weights * points[:, axis],
                                minlength=len(center_array))
            center_array[:, axis] = np.where(mass > 0, total / np.maximum(mass, 1e-12),
                                             center_array[:, axis])
    return center_array, labels


def dominant_colors(rgb: np.ndarray, *, max_colors: int = MAX_COLORS,
                    min_share: float = MIN_COLOR_SHARE) -> list[ColorShare]:
    """The main named colors of ``rgb`` pixels (``[N, 3]`` uint8), largest first.

    Clusters with the same palette name are merged; colors under ``min_share``
    are dropped and the shares of the rest are scaled to add up to 1.
    """
    rgb = np.asarray(rgb, dtype=np.uint8).reshape(-1, 3)
    if len(rgb) == 0:
        return []
    q = (rgb >> _SHIFT).astype(np.intp)
    key = (q[:, 0] << (2 * _BITS)) | (q[:, 1] << _BITS) | q[:, 2]
    counts = np.bincount(key, minlength=_BINS)
    used = np.nonzero(counts)[0]
    weights = counts[used].astype(np.float64)
    means = np.stack([np.bincount(key, weights=rgb[:, c], minlength=_BINS)[used]
                      for c in range(3)], axis=1) / weights[:, None]
    lab = srgb_to_lab(means)
    centers, labels = weighted_kmeans(lab, weights, CLUSTERS)
    mass = np.bincount(labels, weights=weights, minlength=len(centers))
    keep = mass > 0
    return merge_named(centers[keep], mass[keep], max_colors=max_colors, min_share=min_share)


def merge_named(lab: np.ndarray, weights: np.ndarray, *, max_colors: int = MAX_COLORS,
                min_share: float = MIN_COLOR_SHARE,
                names: list[str] | None = None) -> list[ColorShare]:
    """Merge Lab colors that share a palette name (weighted mean), then keep the
    ``max_colors`` largest at or above ``min_share``, with shares summing to 1."""
    lab = np.asarray(lab, dtype=np.float64).reshape(-1, 3)
    weights = np.asarray(weights, dtype=np.float64).reshape(-1)
    total = float(weights.sum())
    if len(lab) == 0 or total <= 0:
        return []
    names = name_colors(lab) if names is None else names
    groups: dict[str, list[int]] = {}
    for index, name in enumerate(names):
        groups.setdefault(name, []).append(index)
    merged = []
    for name, members in groups.items():
        mass = float(weights[members].sum())
        center = (lab[members] * weights[members, None]).sum(axis=0) / mass
        merged.append((mass, name, center))
    merged.sort(key=lambda item: (-item[0], item[1]))
    kept = [m for m in merged if m[0] / total >= min_share][:max_colors] or merged[:1]
    kept_total = sum(m[0] for m in kept)
    return [ColorShare(name=name, hex=lab_to_hex(center), share=round(mass / kept_total, 4))
            for mass, name, center in kept]
