"""One product's analysis from its images, and how it is written back to Shopify.

Colors of the images are combined weighted by how much of each picture the
product covers, so a close-up counts more than a small product in a wide
shot. Tags and metafields are pure functions of the merged result.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .analyzer import ImageAnalysis
from .clustering import MAX_COLORS, MIN_COLOR_SHARE, ColorShare, merge_named
from .colors import hex_to_rgb, srgb_to_lab
from .providers.base import Attributes

ANALYSIS_VERSION = 1
METAFIELD_NAMESPACE = "shelf"
TAG_MIN_SHARE = 0.10       # colors under this share of the product get no tag
MAX_TAG_CHARS = 255        # Shopify's limit per tag


@dataclass(frozen=True)
class SkippedImage:
    """An image that could not be analyzed, and why (merchant-readable)."""

    url: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "reason": self.reason}


@dataclass(frozen=True)
class ProductAnalysis:
    """The merged analysis of one product's images.

    ``images`` keeps every per-image result; ``skipped`` lists images that
    could not be analyzed; ``attributes`` is the vision provider's answer (or
    ``None`` without one) and ``attributes_error`` why it failed, if it did.
    """

    colors: list[ColorShare]
    images: list[ImageAnalysis] = field(default_factory=list)
    attributes: Attributes | None = None
    attributes_error: str | None = None
    skipped: list[SkippedImage] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": ANALYSIS_VERSION,
            "colors": [c.to_dict() for c in self.colors],
            "attributes": self.attributes.to_dict() if self.attributes else None,
            "attributes_error": self.attributes_error,
            "images": [i.to_dict() for i in self.images],
            "skipped": [s.to_dict() for s in self.skipped],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProductAnalysis:
        attributes = data.get("attributes")
        return cls(
            colors=[ColorShare.from_dict(c) for c in data.get("colors") or []],
            images=[ImageAnalysis.from_dict(i) for i in data.get("images") or []],
            attributes=Attributes.from_dict(attributes) if attributes else None,
            attributes_error=data.get("attributes_error"),
            skipped=[SkippedImage(url=str(s["url"]), reason=str(s["reason"]))
                     for s in data.get("skipped") or []],
        )


def merge_colors(analyses: Sequence[ImageAnalysis], *, max_colors: int = MAX_COLORS,
                 min_share: float = MIN_COLOR_SHARE) -> list[ColorShare]:
    """Combine per-image colors; each image weighs by its ``product_area``."""
    labs, weights, names = [], [], []
    for analysis in analyses:
        for color in analysis.colors:
            weight = color.share * analysis.product_area
            if weight > 0:
                labs.append(srgb_to_lab(np.array(hex_to_rgb(color.hex), dtype=np.uint8)))
                weights.append(weight)
                names.append(color.name)
    if not labs:
        return []
    return merge_named(np.array(labs), np.array(weights), max_colors=max_colors,
                       min_share=min_share, names=names)


def merge_analyses(analyses: Iterable[ImageAnalysis], *, attributes: Attributes | None = None,
                   attributes_error: str | None = None,
                   skipped: Iterable[SkippedImage] = ()) -> ProductAnalysis:
    """Merge one product's image analyses (in display order) into a ProductAnalysis."""
    images = list(analyses)
    return ProductAnalysis(colors=merge_colors(images), images=images, attributes=attributes,
                           attributes_error=attributes_error, skipped=list(skipped))


def _tag(text: str) -> str:
    return " ".join(text.replace(",", " ").split()).lower()[:MAX_TAG_CHARS]


def suggested_tags(analysis: ProductAnalysis, prefix: str = "color:", *,
                   min_share: float = TAG_MIN_SHARE,
                   include_attributes: bool = False) -> list[str]:
    """Tags for the product: ``color:navy`` for every color with at least
    ``min_share`` of the product, largest first; with ``include_attributes``
    also ``pattern:striped``, ``material:cotton`` … (``_`` in a name becomes ``-``).

    Commas are removed (Shopify splits tags on them); tags are lower case and unique.
    """
    tags = [_tag(f"{prefix}{c.name}") for c in analysis.colors if c.share >= min_share]
    if include_attributes and analysis.attributes:
        for key, value in analysis.attributes.values.items():
            for item in value if isinstance(value, list) else [value]:
                tags.append(_tag(f"{key.replace('_', '-')}:{item}"))
    return [t for t in dict.fromkeys(tags) if t]


def metafield_values(analysis: ProductAnalysis) -> list[dict[str, str]]:
    """Metafield inputs for ``metafieldsSet``/``productUpdate`` (owner id added by the caller).

    ``shelf.colors`` (``json``): ``[{"name", "hex", "share"}, …]``, largest first.
    ``shelf.attributes`` (``json``): ``{"pattern": "striped", …}`` — only when a
    provider returned attributes.
    """
    colors = [{"name": c.name, "hex": c.hex, "share": c.share} for c in analysis.colors]
    fields = [{"namespace": METAFIELD_NAMESPACE, "key": "colors", "type": "json",
               "value": json.dumps(colors, separators=(",", ":"))}]
    if analysis.attributes and analysis.attributes.values:
        fields.append({"namespace": METAFIELD_NAMESPACE, "key": "attributes", "type": "json",
                       "value": json.dumps(analysis.attributes.values, sort_keys=True,
                                           separators=(",", ":"))})
    return fields
