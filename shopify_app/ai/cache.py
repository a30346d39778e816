"""Identical input, identical answer: reuse a result instead of paying twice.

The key is a SHA-256 over everything that can change the text (field, product
facts, the settings that apply to the field, provider, model and a format
version). Only validated results are stored; failures never are. A Redis
outage degrades to "no cache" rather than failing generation.
"""
from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from redis.exceptions import RedisError

from .facts import ProductFacts
from .providers.base import Generation, TextProvider
from .settings import Field, GenerationSettings, field_of

log = logging.getLogger(__name__)

# Bump when prompts or validation change enough that old results should not be reused.
CACHE_VERSION = 1
DEFAULT_TTL = 30 * 24 * 3600


def cache_key(field: Field | str, facts: ProductFacts, settings: GenerationSettings,
              provider_name: str, model: str) -> str:
    """A stable hex SHA-256 of the normalized inputs of one generation."""
    field = field_of(field)
    material = {"v": CACHE_VERSION, "field": field.value, "facts": facts.to_dict(),
                "settings": settings.for_field(field), "provider": provider_name,
                "model": model}
    canonical = json.dumps(material, sort_keys=True, ensure_ascii=False,
                           separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class ResultCache:
    """Validated generations in Redis, with a time to live.

    Args:
        redis: a ``redis.Redis`` client.
        ttl: seconds a result stays reusable.
    """

    def __init__(self, redis: Any, *, ttl: int = DEFAULT_TTL,
                 prefix: str = "shelf:ai:result") -> None:
        self.redis = redis
        self.ttl = ttl
        self.prefix = prefix

    def _key(self, key: str) -> str:
        return f"{self.prefix}:{key}"

    def get(self, key: str) -> Generation | None:
        """The stored result, reported as cached and free; ``None`` on a miss."""
        try:
            raw = self.redis.get(self._key(key))
        except RedisError as exc:  # the cache is an optimisation, never a failure
            log.warning("result cache unavailable: %s", exc)
            return None
        if raw is None:
            return None
        try:
            data = json.loads(raw)
            stored = Generation(text=str(data["text"]), tokens_in=int(data["tokens_in"]),
                                tokens_out=int(data["tokens_out"]),
                                cost=float(data["cost"]), provider=str(data["provider"]),
                                model=str(data["model"]))
        except (ValueError, KeyError, TypeError):
            return None
        return stored.as_cached()

    def put(self, key: str, generation: Generation) -> None:
        """Store a fresh result (cached ones are not stored again)."""
        if generation.cached:
            return
        payload = json.dumps({"text": generation.text, "tokens_in": generation.tokens_in,
                              "tokens_out": generation.tokens_out, "cost": generation.cost,
                              "provider": generation.provider, "model": generation.model})
        try:
            self.redis.set(self._key(key), payload, ex=self.ttl)
        except RedisError as exc:
            log.warning("result cache unavailable: %s", exc)


def generate_with_cache(provider: TextProvider, cache: ResultCache | None,
                        field: Field | str, facts: ProductFacts,
                        settings: GenerationSettings) -> Generation:
    """Return a cached result for identical input, else generate and remember it.

    Errors from the provider propagate unchanged and nothing is stored.
    """
    if cache is None or not getattr(provider, "cacheable", True):
        return provider.generate(field, facts, settings)
    key = cache_key(field, facts, settings, provider.name, provider.model)
    hit = cache.get(key)
    if hit is not None:
        return hit
    generation = provider.generate(field, facts, settings)
    cache.put(key, generation)
    return generation
