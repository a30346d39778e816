"""Choosing the attribute provider from configuration."""
from __future__ import annotations

import pytest

from shopify_app.vision import (
    OpenAIVisionProvider,
    ProviderConfigError,
    TagListProvider,
    provider_from_config,
)


@pytest.mark.parametrize("config", [{}, {"VISION_PROVIDER": "builtin"},
                                    {"VISION_PROVIDER": " Builtin "},
                                    {"VISION_PROVIDER": None}])
def test_builtin_is_the_default_and_has_no_provider(config: dict) -> None:
    assert provider_from_config(config) is None


def test_openai_provider_from_config() -> None:
    provider = provider_from_config({"VISION_PROVIDER": "openai", "VISION_API_KEY": "sk-1",
                                     "VISION_MODEL": "gpt-4.1-mini", "VISION_BASE_URL": None})
    assert isinstance(provider, OpenAIVisionProvider)
    assert (provider.model, provider.api_key) == ("gpt-4.1-mini", "sk-1")
    assert provider.base_url == "https://api.openai.com/v1"
    assert provider.inline_images is False


def test_openai_compatible_local_server_needs_no_key() -> None:
    provider = provider_from_config({"VISION_PROVIDER": "openai",
                                     "VISION_BASE_URL": "http://localhost:11434/v1",
                                     "VISION_MODEL": "llava",
                                     "VISION_RESPONSE_FORMAT": "json_object",
                                     "VISION_INLINE_IMAGES": "1"})
    assert isinstance(provider, OpenAIVisionProvider)
    assert provider.base_url == "http://localhost:11434/v1"
    assert provider.response_format == "json_object"
    assert provider.inline_images is True


def test_rest_provider_from_config() -> None:
    provider = provider_from_config({"VISION_PROVIDER": "REST",
                                     "VISION_BASE_URL": "https://tagger.example/api",
                                     "VISION_API_KEY": "k"})
    assert isinstance(provider, TagListProvider)
    assert provider.base_url == "https://tagger.example/api"


@pytest.mark.parametrize(("config", "message"), [
    ({"VISION_PROVIDER": "openai"}, "VISION_API_KEY is required"),
    ({"VISION_PROVIDER": "rest"}, "VISION_BASE_URL is required"),
    ({"VISION_PROVIDER": "clarifai"}, "Unknown VISION_PROVIDER 'clarifai'"),
    ({"VISION_PROVIDER": "openai", "VISION_API_KEY": "k", "VISION_RESPONSE_FORMAT": "xml"},
     "Unknown response format"),
])
def test_bad_configuration_is_refused(config: dict, message: str) -> None:
    with pytest.raises(ProviderConfigError, match=message):
        provider_from_config(config)
