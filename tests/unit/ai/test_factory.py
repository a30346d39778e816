"""Configuration → provider."""
from __future__ import annotations

import pytest

from shopify_app.ai import (
    AnthropicProvider,
    ConfigurationError,
    LocalLimiter,
    NullLimiter,
    OpenAIProvider,
    RedisLimiter,
    TemplateWriter,
    TextProvider,
    provider_from_config,
)

from .conftest import openai_reply


def test_template_writer_is_the_default():
    provider = provider_from_config({})
    assert isinstance(provider, TemplateWriter) and isinstance(provider, TextProvider)
    assert (provider.name, provider.model) == ("template", "builtin")


def test_openai_with_defaults(redis_client):
    provider = provider_from_config({"AI_PROVIDER": "openai", "AI_API_KEY": "sk-1",
                                     "AI_CONCURRENCY": 3}, redis=redis_client)
    assert isinstance(provider, OpenAIProvider)
    assert provider.url == "https://api.openai.com/v1/chat/completions"
    assert provider.model == "gpt-4o-mini"
    limiter = provider.client.limiter
    assert isinstance(limiter, RedisLimiter) and limiter.limit == 3
    # A short lease (renewed while the request runs), so a killed worker's slots free fast.
    assert limiter.lease_ms == 6000 < sum(provider.client.timeout) * 1000
    configured = provider_from_config({"AI_PROVIDER": "openai", "AI_API_KEY": "sk-1",
                                       "AI_SLOT_LEASE_SECONDS": "2.5"}, redis=redis_client)
    assert configured.client.limiter.lease_ms == 2500


def test_openai_compatible_local_server_needs_no_key(mock, facts, settings):
    provider = provider_from_config({"AI_PROVIDER": "OpenAI",
                                     "AI_BASE_URL": "http://127.0.0.1:9999/v1",
                                     "AI_MODEL": "qwen2.5:7b", "AI_CONCURRENCY": "2",
                                     "AI_TIMEOUT": "30", "AI_VISION": "0"})
    mock.post("http://127.0.0.1:9999/v1/chat/completions",
              json=openai_reply("Merino Wool Beanie | Northfield"))

    result = provider.generate("seo_title", facts, settings)

    assert result.model == "qwen2.5:7b" and result.cost_known is False
    assert isinstance(provider.client.limiter, LocalLimiter)  # no Redis given
    assert provider.client.timeout == (5.0, 30.0) and provider.vision is False


def test_anthropic_from_config():
    provider = provider_from_config({"AI_PROVIDER": "anthropic", "AI_API_KEY": "k",
                                     "AI_MODEL": "claude-sonnet-4-5", "AI_CONCURRENCY": 0})
    assert isinstance(provider, AnthropicProvider)
    assert provider.url == "https://api.anthropic.com/v1/messages"
    assert isinstance(provider.client.limiter, NullLimiter)


@pytest.mark.parametrize(("config", "message"), [
    ({"AI_PROVIDER": "gemini"}, "AI_PROVIDER must be one of template, openai, anthropic"),
    ({"AI_PROVIDER": "openai"}, "AI_API_KEY is required for AI_PROVIDER=openai"),
    ({"AI_PROVIDER": "anthropic", "AI_BASE_URL": "http://proxy"}, "AI_API_KEY is required"),
    ({"AI_PROVIDER": "openai", "AI_API_KEY": "k", "AI_CONCURRENCY": "many"},
     "AI_CONCURRENCY must be a number"),
    ({"AI_PROVIDER": "openai", "AI_API_KEY": "k", "AI_TIMEOUT": "0"}, "AI_TIMEOUT"),
])
def test_unusable_configuration_is_refused(config, message):
    with pytest.raises(ConfigurationError, match=message):
        provider_from_config(config)
