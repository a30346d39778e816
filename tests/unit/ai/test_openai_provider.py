"""The OpenAI-compatible provider: request shape, usage, retries, output checks."""
from __future__ import annotations

import pytest
import requests

from shopify_app.ai import (
    BadRequestError,
    InvalidOutputError,
    OpenAIProvider,
    ProviderAuthError,
    RateLimitedError,
)
from shopify_app.ai.prompts import DATA_OPEN

from .conftest import (
    GOOD_DESCRIPTION,
    IMAGE_URL,
    OPENAI_URL,
    body_of,
    client,
    openai_reply,
)


def test_description_request_shape_and_usage(mock, openai_provider, facts, settings):
    mock.post(OPENAI_URL, json=openai_reply(GOOD_DESCRIPTION, 812, 143))

    result = openai_provider.generate("description", facts, settings)

    call = mock.calls[0]
    assert call.request.headers["Authorization"] == "Bearer sk-test"
    assert call.request.headers["Content-Type"] == "application/json"
    body = body_of(call)
    assert body["model"] == "gpt-4o-mini"
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert isinstance(body["messages"][1]["content"], str)  # no image for descriptions
    assert DATA_OPEN in body["messages"][1]["content"]
    assert "Merino Wool Beanie" in body["messages"][1]["content"]
    assert "English" in body["messages"][0]["content"]
    assert body["max_tokens"] == 150 * 3 + 300
    assert result.text.startswith("<p>Our Merino Wool Beanie")
    assert (result.tokens_in, result.tokens_out) == (812, 143)
    assert result.cost == pytest.approx((812 * 0.15 + 143 * 0.60) / 1_000_000)
    assert result.cost_known and not result.cached
    assert (result.provider, result.model) == ("openai", "gpt-4o-mini")


def test_alt_text_sends_the_image_as_a_vision_part(mock, openai_provider, facts, settings):
    mock.post(OPENAI_URL, json=openai_reply("Charcoal merino beanie folded on a wooden table"))

    result = openai_provider.generate("alt_text", facts, settings)

    content = body_of(mock.calls[0])["messages"][1]["content"]
    assert content[0]["type"] == "text" and "image 2" in content[0]["text"]
    assert content[1] == {"type": "image_url", "image_url": {"url": IMAGE_URL}}
    assert result.text == "Charcoal merino beanie folded on a wooden table"


def test_vision_can_be_turned_off_for_text_only_servers(mock, sleep, facts, settings):
    provider = OpenAIProvider(api_key=None, model="llama3.1:8b",
                              base_url="http://127.0.0.1:11434/v1",
                              client=client("openai", sleep), vision=False)
    mock.post("http://127.0.0.1:11434/v1/chat/completions",
              json=openai_reply("Charcoal merino beanie"))

    provider.generate("alt_text", facts, settings)

    request = mock.calls[0].request
    assert isinstance(body_of(mock.calls[0])["messages"][1]["content"], str)
    assert "Authorization" not in request.headers  # local servers take no key


def test_any_base_url_works_and_unknown_models_cost_nothing(mock, sleep, facts, settings):
    provider = OpenAIProvider(api_key="local", model="my-finetune",
                              base_url="http://127.0.0.1:9999/v1/",
                              client=client("openai", sleep))
    mock.post("http://127.0.0.1:9999/v1/chat/completions",
              json=openai_reply("Merino Wool Beanie | Northfield", 50, 9))

    result = provider.generate("seo_title", facts, settings)

    assert result.text == "Merino Wool Beanie | Northfield"
    assert result.cost == 0.0 and result.cost_known is False
    assert (result.tokens_in, result.tokens_out) == (50, 9)


def test_azure_style_base_url_keeps_its_query_and_gets_the_key_header(mock, sleep, facts,
                                                                      settings):
    base = "https://shelf.openai.azure.com/openai/deployments/copy?api-version=2024-10-21"
    provider = OpenAIProvider(api_key="azure-key", model="gpt-4o", base_url=base,
                              client=client("openai", sleep))
    mock.post("https://shelf.openai.azure.com/openai/deployments/copy/chat/completions",
              json=openai_reply("Merino Wool Beanie | Northfield"))

    provider.generate("seo_title", facts, settings)

    request = mock.calls[0].request
    assert request.url.endswith("/copy/chat/completions?api-version=2024-10-21")
    assert request.headers["api-key"] == "azure-key"


def test_reasoning_models_get_max_completion_tokens(mock, sleep, facts, settings):
    provider = OpenAIProvider(api_key="sk", model="gpt-5-mini", client=client("openai", sleep))
    mock.post(OPENAI_URL, json=openai_reply("Merino Wool Beanie | Northfield"))

    provider.generate("seo_title", facts, settings)

    body = body_of(mock.calls[0])
    assert "max_tokens" not in body and "temperature" not in body
    assert body["max_completion_tokens"] >= 4000


def test_429_is_retried_after_the_servers_retry_after(mock, openai_provider, sleep, facts,
                                                      settings):
    mock.post(OPENAI_URL, status=429, headers={"Retry-After": "7"},
              json={"error": {"message": "Rate limit reached", "type": "requests"}})
    mock.post(OPENAI_URL, json=openai_reply("Merino Wool Beanie | Northfield", 60, 10))

    result = openai_provider.generate("seo_title", facts, settings)

    assert sleep.calls == [7.0]
    assert len(mock.calls) == 2
    assert (result.tokens_in, result.tokens_out) == (60, 10)


def test_5xx_is_retried_with_bounded_backoff(mock, openai_provider, sleep, facts, settings):
    mock.post(OPENAI_URL, status=503, json={"error": {"message": "overloaded"}})
    mock.post(OPENAI_URL, status=500, body="Internal Server Error")
    mock.post(OPENAI_URL, json=openai_reply("Merino Wool Beanie | Northfield"))

    result = openai_provider.generate("seo_title", facts, settings)

    assert result.text == "Merino Wool Beanie | Northfield"
    assert len(sleep.calls) == 2
    assert 0 <= sleep.calls[0] <= 1.0 and 0 <= sleep.calls[1] <= 2.0


def test_persistent_429_gives_up_with_a_retryable_error(mock, openai_provider, sleep, facts,
                                                        settings):
    mock.post(OPENAI_URL, status=429, headers={"Retry-After": "1"},
              json={"error": {"message": "slow down"}})

    with pytest.raises(RateLimitedError) as caught:
        openai_provider.generate("seo_title", facts, settings)

    assert caught.value.retryable is True
    assert "slow down" in caught.value.message
    assert len(mock.calls) == 4 and sleep.calls == [1.0, 1.0, 1.0]


def test_401_is_not_retried(mock, openai_provider, sleep, facts, settings):
    mock.post(OPENAI_URL, status=401, json={"error": {"message": "Incorrect API key provided"}})

    with pytest.raises(ProviderAuthError) as caught:
        openai_provider.generate("seo_title", facts, settings)

    assert caught.value.retryable is False and caught.value.status == 401
    assert "sk-test" not in caught.value.message
    assert len(mock.calls) == 1 and sleep.calls == []


def test_400_is_a_bad_request_and_not_retried(mock, openai_provider, sleep, facts, settings):
    mock.post(OPENAI_URL, status=400,
              json={"error": {"message": "The model `gpt-9` does not exist"}})

    with pytest.raises(BadRequestError, match="does not exist"):
        openai_provider.generate("seo_title", facts, settings)
    assert len(mock.calls) == 1


def test_bad_output_gets_one_corrective_retry(mock, openai_provider, facts, settings):
    mock.post(OPENAI_URL, json=openai_reply("x" * 400, 100, 200))
    mock.post(OPENAI_URL, json=openai_reply("Merino Wool Beanie | Northfield", 110, 12))

    result = openai_provider.generate("seo_title", facts, settings)

    retry_prompt = body_of(mock.calls[1])["messages"][1]["content"]
    assert "previous answer could not be used" in retry_prompt
    assert "too long (400 characters; the limit is 70)" in retry_prompt
    assert result.text == "Merino Wool Beanie | Northfield"
    assert (result.tokens_in, result.tokens_out) == (210, 212)  # both calls were paid for


def test_bad_output_twice_raises_invalid_output_with_the_reason(mock, openai_provider, facts,
                                                                settings):
    mock.post(OPENAI_URL, json=openai_reply("```\n\n```"))

    with pytest.raises(InvalidOutputError) as caught:
        openai_provider.generate("seo_title", facts, settings)

    assert caught.value.reason == "the SEO title is empty"
    assert caught.value.retryable is False
    assert len(mock.calls) == 2


def test_an_answer_cut_off_by_the_token_limit_is_not_used(mock, openai_provider, facts,
                                                          settings):
    mock.post(OPENAI_URL, json=openai_reply("<p>Our Merino Wool Beanie keeps", 100, 750,
                                            finish_reason="length"))

    with pytest.raises(InvalidOutputError, match="cut off"):
        openai_provider.generate("description", facts, settings)
    assert len(mock.calls) == 2


def test_connection_errors_are_retried(mock, openai_provider, sleep, facts, settings):
    mock.post(OPENAI_URL, body=requests.ConnectionError("refused"))
    mock.post(OPENAI_URL, body=requests.ReadTimeout("slow"))
    mock.post(OPENAI_URL, json=openai_reply("Merino Wool Beanie | Northfield"))

    assert openai_provider.generate("seo_title", facts, settings).text.startswith("Merino")
    assert len(sleep.calls) == 2
