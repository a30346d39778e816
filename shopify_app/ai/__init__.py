"""Text generation for product content: descriptions, SEO fields and alt text.

A small library with no knowledge of Flask, jobs or the database. The job
engine builds a provider once from configuration and calls it per item::

    provider = provider_from_config(app.config, redis=redis_client)
    cache = ResultCache(redis_client)
    settings = GenerationSettings.from_mapping(shop_settings, job.options)
    result = generate_with_cache(provider, cache, "description",
    ProductFacts.from_mapping(item.input), settings)

Every provider's output is validated (HTML sanitized, lengths and language
checked) before it is returned; failures raise :class:`ProviderError`
subclasses whose ``retryable`` flag says whether to try again later.
"""
from __future__ import annotations

from .cache import ResultCache, cache_key, generate_with_cache
from .errors import (
    AIError,
    BadRequestError,
    ConcurrencyTimeoutError,
    ConfigurationError,
    InvalidOutputError,
    ProviderAuthError,
    ProviderError,
    ProviderUnavailableError,
    RateLimitedError,
    TemplateError,
)
from .factory import provider_from_config
from .facts import PriceRange, ProductFacts, VariantFacts
from .limiter import LocalLimiter, NullLimiter, RedisLimiter, limiter_key
from .providers.anthropic import AnthropicProvider
from .providers.base import Generation, TextProvider
from .providers.openai import OpenAIProvider
from .providers.template import TemplateWriter, default_templates, render_preview
from .settings import (
    FIELD_SPECS,
    LANGUAGES,
    TONES,
    Field,
    FieldSpec,
    GenerationSettings,
    check_settings,
)
from .validate import sanitize_html, validate_output

__all__ = [
    "AIError", "AnthropicProvider", "BadRequestError", "ConcurrencyTimeoutError",
    "ConfigurationError", "FIELD_SPECS", "Field", "FieldSpec", "Generation",
    "GenerationSettings", "InvalidOutputError", "LANGUAGES", "LocalLimiter", "NullLimiter",
    "OpenAIProvider", "PriceRange", "ProductFacts", "ProviderAuthError", "ProviderError",
    "ProviderUnavailableError", "RateLimitedError", "RedisLimiter", "ResultCache", "TONES",
    "TemplateError", "TemplateWriter", "TextProvider", "VariantFacts", "cache_key",
    "check_settings", "default_templates", "generate_with_cache", "limiter_key",
    "provider_from_config", "render_preview", "sanitize_html", "validate_output",
]
