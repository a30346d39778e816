"""Configuration → the text provider the job engine uses."""
from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

import requests

from .errors import ConfigurationError
from .http import JsonClient, RetryPolicy
from .limiter import DEFAULT_LEASE_SECONDS as DEFAULT_SLOT_LEASE_SECONDS
from .limiter import Limiter, LocalLimiter, NullLimiter, RedisLimiter, limiter_key
from .providers import anthropic, openai
from .providers.anthropic import AnthropicProvider
from .providers.base import TextProvider
from .providers.openai import OpenAIProvider
from .providers.template import TemplateWriter

PROVIDERS = ("template", "openai", "anthropic")
DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_READ_TIMEOUT = 90.0


def _number(config: Mapping[str, Any], key: str, default: float) -> float:
    value = config.get(key)
    if value in (None, ""):
        return default
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(f"{key} must be a number, not {value!r}") from exc


def _flag(config: Mapping[str, Any], key: str, default: bool) -> bool:
    value = config.get(key)
    if value in (None, ""):
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def provider_from_config(config: Mapping[str, Any], *, redis: Any = None,
                         session: requests.Session | None = None,
                         sleep: Callable[[float], None] = time.sleep,
                         policy: RetryPolicy | None = None) -> TextProvider:
    """Build the configured provider.

    Reads ``AI_PROVIDER`` (``template`` by default, ``openai``, ``anthropic``),
    ``AI_BASE_URL``, ``AI_API_KEY``, ``AI_MODEL``, ``AI_CONCURRENCY`` and the
    optional ``AI_TIMEOUT`` (read timeout, seconds) and ``AI_VISION`` (send the
    image with alt-text requests; on by default).

    Args:
        config: the app's configuration mapping.
        redis: shares the concurrency limit across workers; without it the
            limit holds within this process only.
        session: the ``requests`` client to send through (tests pass their own).
        sleep, policy: back-off clock and retry bounds, for tests and tuning.

    Raises:
        ConfigurationError: unknown provider, or a hosted API without a key.
    """
    name = str(config.get("AI_PROVIDER") or "template").strip().lower()
    if name not in PROVIDERS:
        raise ConfigurationError(f"AI_PROVIDER must be one of {', '.join(PROVIDERS)}, "
                                 f"not {name!r}")
    if name == "template":
        return TemplateWriter()

    defaults = {"openai": openai, "anthropic": anthropic}[name]
    base_url = str(config.get("AI_BASE_URL") or defaults.DEFAULT_BASE_URL).rstrip("/")
    api_key = str(config.get("AI_API_KEY") or "").strip() or None
    model = str(config.get("AI_MODEL") or defaults.DEFAULT_MODEL).strip()
    # Self-hosted OpenAI-compatible servers usually take no key; hosted APIs do.
    if api_key is None and (name == "anthropic" or base_url == defaults.DEFAULT_BASE_URL):
        raise ConfigurationError(f"AI_API_KEY is required for AI_PROVIDER={name}")

    read_timeout = _number(config, "AI_TIMEOUT", DEFAULT_READ_TIMEOUT)
    if read_timeout <= 0:
        raise ConfigurationError("AI_TIMEOUT must be positive")
    timeout = (DEFAULT_CONNECT_TIMEOUT, read_timeout)
    limiter = _limiter(name, base_url, int(_number(config, "AI_CONCURRENCY", 4)), redis,
                       lease_seconds=_number(config, "AI_SLOT_LEASE_SECONDS",
                                             DEFAULT_SLOT_LEASE_SECONDS))
    client = JsonClient(name, session=session, timeout=timeout, policy=policy,
                        limiter=limiter, sleep=sleep)
    vision = _flag(config, "AI_VISION", True)
    if name == "openai":
        return OpenAIProvider(api_key=api_key, model=model, base_url=base_url, client=client,
                              vision=vision)
    return AnthropicProvider(api_key=api_key or "", model=model, base_url=base_url, client=client,
                             vision=vision)


def _limiter(provider: str, base_url: str, concurrency: int, redis: Any, *,
             lease_seconds: float) -> Limiter:
    if concurrency <= 0:
        return NullLimiter()
    if redis is None:
        return LocalLimiter(concurrency)
    # A short lease, renewed while the request runs: a killed worker's slots free quickly.
    return RedisLimiter(redis, limiter_key(provider, base_url), concurrency,
                        lease_seconds=lease_seconds)
