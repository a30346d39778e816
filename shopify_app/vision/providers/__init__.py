"""Vision providers that read product attributes (category, pattern, material, …)."""
from __future__ import annotations

from .base import AttributeProvider, Attributes, data_url
from .openai_vision import OpenAIVisionProvider
from .rest import RestAttributeProvider, TagListProvider

__all__ = ["AttributeProvider", "Attributes", "OpenAIVisionProvider", "RestAttributeProvider",
           "TagListProvider", "data_url"]
