"""Choose the attribute provider from configuration.

``VISION_PROVIDER`` is ``builtin`` (the default: colors and quality only, no
attributes, no network), ``openai`` (any OpenAI-compatible chat-completions
endpoint with vision) or ``rest`` (a tags-with-confidence REST service).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import requests

from .errors import ProviderConfigError
from .providers.base import AttributeProvider
from .providers.openai_vision import DEFAULT_BASE_URL, DEFAULT_MODEL, OpenAIVisionProvider
from .providers.rest import TagListProvider

PROVIDERS = ("builtin", "openai", "rest")


def _setting(config: Mapping[str, Any], key: str) -> str | None:
    value = config.get(key)
    if value is None:
        return None
    return str(value).strip() or None


def _flag(value: str | None) -> bool:
    return (value or "").lower() in {"1", "true", "yes", "on"}


def provider_from_config(config: Mapping[str, Any], *,
                         session: requests.Session | None = None) -> AttributeProvider | None:
    """Build the configured attribute provider, or ``None`` for ``builtin``.

    Reads ``VISION_PROVIDER``, ``VISION_BASE_URL``, ``VISION_API_KEY`` and
    ``VISION_MODEL``; for ``openai`` also the optional
    ``VISION_RESPONSE_FORMAT`` (``json_schema`` or ``json_object``) and
    ``VISION_INLINE_IMAGES`` (send images as ``data:`` URLs, for local
    servers that cannot download them).

    Raises:
        ProviderConfigError: unknown provider, or a setting it needs is missing.
    """
    kind = (_setting(config, "VISION_PROVIDER") or "builtin").lower()
    base_url = _setting(config, "VISION_BASE_URL")
    api_key = _setting(config, "VISION_API_KEY")
    model = _setting(config, "VISION_MODEL")
    if kind == "builtin":
        return None
    if kind == "openai":
        if base_url is None and api_key is None:
            raise ProviderConfigError("VISION_API_KEY is required for the OpenAI vision "
                                      "provider (or set VISION_BASE_URL to a local server)",
                                      provider=kind)
        return OpenAIVisionProvider(
            model=model or DEFAULT_MODEL, base_url=base_url or DEFAULT_BASE_URL,
            api_key=api_key, session=session,
            response_format=(_setting(config, "VISION_RESPONSE_FORMAT") or "json_schema"),
            inline_images=_flag(_setting(config, "VISION_INLINE_IMAGES")))
    if kind == "rest":
        if base_url is None:
            raise ProviderConfigError("VISION_BASE_URL is required for the REST vision "
                                      "provider", provider=kind)
        return TagListProvider(base_url=base_url, api_key=api_key, model=model, session=session)
    raise ProviderConfigError(f"Unknown VISION_PROVIDER {kind!r}; use one of "
                              f"{', '.join(PROVIDERS)}", provider=kind)
