"""Result cache: identical input is paid for once; failures are never stored."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest
import redis as redis_lib

from shopify_app.ai import (
    GenerationSettings,
    InvalidOutputError,
    ResultCache,
    TemplateWriter,
    cache_key,
    generate_with_cache,
)

from .conftest import OPENAI_URL, openai_reply


def test_cache_key_is_stable_and_sensitive_to_what_matters(facts, settings):
    key = cache_key("description", facts, settings, "openai", "gpt-4o-mini")

    assert len(key) == 64 and int(key, 16) >= 0
    assert key == cache_key("description", replace(facts), GenerationSettings.from_mapping(
        {"language": "en", "tone": "friendly"}), "openai", "gpt-4o-mini")
    different = [
        cache_key("seo_title", facts, settings, "openai", "gpt-4o-mini"),
        cache_key("description", replace(facts, title="Alpaca Beanie"), settings, "openai",
                  "gpt-4o-mini"),
        cache_key("description", facts, replace(settings, tone="luxury"), "openai",
                  "gpt-4o-mini"),
        cache_key("description", facts, replace(settings, lengths={"description": 300}),
                  "openai", "gpt-4o-mini"),
        cache_key("description", facts, settings, "anthropic", "gpt-4o-mini"),
        cache_key("description", facts, settings, "openai", "gpt-4o"),
    ]
    assert key not in different and len(set(different)) == len(different)


def test_settings_of_other_fields_do_not_change_the_key(facts, settings):
    other = replace(settings, templates={"seo_title": "{{ title }}"},
                    lengths={"alt_text": 200})
    assert cache_key("description", facts, settings, "openai", "m") == \
        cache_key("description", facts, other, "openai", "m")


def test_a_cache_hit_avoids_the_http_call(mock, openai_provider, redis_client, facts,
                                          settings):
    mock.post(OPENAI_URL, json=openai_reply("Merino Wool Beanie | Northfield", 100, 20))
    cache = ResultCache(redis_client)

    first = generate_with_cache(openai_provider, cache, "seo_title", facts, settings)
    second = generate_with_cache(openai_provider, cache, "seo_title", facts, settings)

    assert len(mock.calls) == 1
    assert first.cached is False and first.cost > 0 and first.tokens_in == 100
    assert second.text == first.text
    assert second.cached is True
    assert (second.cost, second.tokens_in, second.tokens_out) == (0.0, 0, 0)
    key = cache_key("seo_title", facts, settings, "openai", "gpt-4o-mini")
    assert 0 < redis_client.ttl(f"shelf:ai:result:{key}") <= 30 * 24 * 3600
    assert json.loads(redis_client.get(f"shelf:ai:result:{key}"))["tokens_in"] == 100


def test_failed_generations_are_not_cached(mock, openai_provider, redis_client, facts,
                                           settings):
    mock.post(OPENAI_URL, json=openai_reply(""))
    cache = ResultCache(redis_client)

    for _ in range(2):
        with pytest.raises(InvalidOutputError):
            generate_with_cache(openai_provider, cache, "seo_title", facts, settings)

    assert len(mock.calls) == 4  # each attempt paid again: nothing was stored
    assert redis_client.keys("shelf:ai:result:*") == []


def test_the_template_writer_is_not_cached(redis_client, facts, settings):
    result = generate_with_cache(TemplateWriter(), ResultCache(redis_client), "seo_title",
                                 facts, settings)
    assert result.cached is False and redis_client.keys("*") == []


def test_an_unreachable_cache_degrades_to_generating(mock, openai_provider, facts, settings):
    mock.post(OPENAI_URL, json=openai_reply("Merino Wool Beanie | Northfield"))
    dead = redis_lib.Redis(port=1, socket_connect_timeout=0.1)

    result = generate_with_cache(openai_provider, ResultCache(dead), "seo_title", facts,
                                 settings)

    assert result.text == "Merino Wool Beanie | Northfield" and len(mock.calls) == 1


def test_a_corrupt_entry_is_a_miss(redis_client):
    cache = ResultCache(redis_client)
    redis_client.set("shelf:ai:result:abc", "{not json")
    assert cache.get("abc") is None
