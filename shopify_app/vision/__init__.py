"""Image download and analysis for product images.

A small library that knows nothing of the app around it: it downloads an
image safely (:func:`fetch_image`), finds the product's named colors and the
image's quality facts from the pixels (:func:`analyze`), merges a product's
images (:func:`merge_analyses`), turns the result into tags and metafields
(:func:`suggested_tags`, :func:`metafield_values`), and can ask a configured
vision provider for attributes (:func:`provider_from_config`).
:func:`analyze_product` does all of it for one product.

Errors are typed (:mod:`.errors`); each carries ``retryable`` and a message
written for a merchant.
"""
from __future__ import annotations

from .analyzer import ImageAnalysis, analyze
from .clustering import ColorShare
from .colors import PALETTE_NAMES, delta_e_2000, name_color, srgb_to_lab
from .decode import DEFAULT_MAX_PIXELS
from .download import DEFAULT_MAX_BYTES, FetchedImage, fetch_image
from .errors import (
    DamagedImageError,
    ImageDownloadError,
    ImageError,
    ImageTooLargeError,
    ImageTooManyPixelsError,
    ProviderAuthError,
    ProviderConfigError,
    ProviderError,
    ProviderResponseError,
    ProviderTransientError,
    UnsupportedImageError,
    VisionError,
)
from .factory import provider_from_config
from .merge import (
    ProductAnalysis,
    SkippedImage,
    merge_analyses,
    metafield_values,
    suggested_tags,
)
from .pipeline import analyze_product
from .providers.base import AttributeProvider, Attributes
from .providers.openai_vision import OpenAIVisionProvider
from .providers.rest import RestAttributeProvider, TagListProvider
from .quality import ImageQuality

__all__ = [
    "DEFAULT_MAX_BYTES", "DEFAULT_MAX_PIXELS", "PALETTE_NAMES",
    "AttributeProvider", "Attributes", "ColorShare", "DamagedImageError", "FetchedImage",
    "ImageAnalysis", "ImageDownloadError", "ImageError", "ImageQuality", "ImageTooLargeError",
    "ImageTooManyPixelsError", "OpenAIVisionProvider", "ProductAnalysis", "ProviderAuthError",
    "ProviderConfigError", "ProviderError", "ProviderResponseError", "ProviderTransientError",
    "RestAttributeProvider", "SkippedImage", "TagListProvider", "UnsupportedImageError",
    "VisionError", "analyze", "analyze_product", "delta_e_2000", "fetch_image",
    "merge_analyses", "metafield_values", "name_color", "provider_from_config",
    "srgb_to_lab", "suggested_tags",
]
