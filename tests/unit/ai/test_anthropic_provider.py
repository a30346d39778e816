"""The Anthropic messages provider: request shape, usage, retries, output checks."""
from __future__ import annotations

import email.utils

import pytest

from shopify_app.ai import (
    AnthropicProvider,
    InvalidOutputError,
    ProviderAuthError,
    ProviderUnavailableError,
)
from shopify_app.ai.prompts import DATA_OPEN

from .conftest import (
    ANTHROPIC_URL,
    GOOD_DESCRIPTION,
    IMAGE_URL,
    anthropic_reply,
    body_of,
    client,
)


def test_description_request_shape_and_usage(mock, anthropic_provider, facts, settings):
    mock.post(ANTHROPIC_URL, json=anthropic_reply(GOOD_DESCRIPTION, 900, 160))

    result = anthropic_provider.generate("description", facts, settings)

    request = mock.calls[0].request
    assert request.headers["x-api-key"] == "sk-ant-test"
    assert request.headers["anthropic-version"] == "2023-06-01"
    assert "Authorization" not in request.headers
    body = body_of(mock.calls[0])
    assert body["model"] == "claude-haiku-4-5"
    assert body["max_tokens"] == 750
    assert "copywriter" in body["system"] and "untrusted" in body["system"]
    assert body["messages"][0]["role"] == "user"
    assert body["messages"][0]["content"] == [
        {"type": "text", "text": body["messages"][0]["content"][0]["text"]}]
    assert DATA_OPEN in body["messages"][0]["content"][0]["text"]
    assert (result.tokens_in, result.tokens_out) == (900, 160)
    assert result.cost == pytest.approx((900 * 1.0 + 160 * 5.0) / 1_000_000)
    assert result.provider == "anthropic" and result.text.startswith("<p>Our Merino")


def test_alt_text_sends_the_image_by_url(mock, anthropic_provider, facts, settings):
    mock.post(ANTHROPIC_URL, json=anthropic_reply("Charcoal merino beanie on a wooden table"))

    anthropic_provider.generate("alt_text", facts, settings)

    content = body_of(mock.calls[0])["messages"][0]["content"]
    assert content[0] == {"type": "image", "source": {"type": "url", "url": IMAGE_URL}}
    assert content[1]["type"] == "text"


def test_custom_base_url(mock, sleep, facts, settings):
    provider = AnthropicProvider(api_key="k", base_url="http://127.0.0.1:8787/",
                                 client=client("anthropic", sleep))
    mock.post("http://127.0.0.1:8787/v1/messages",
              json=anthropic_reply("Merino Wool Beanie | Northfield"))

    assert provider.generate("seo_title", facts, settings).text == \
        "Merino Wool Beanie | Northfield"


def test_429_with_an_http_date_retry_after(mock, sleep, facts, settings):
    now = 1_700_000_000.0
    provider = AnthropicProvider(api_key="k", client=client("anthropic", sleep,
                                                            clock=lambda: now))
    mock.post(ANTHROPIC_URL, status=429,
              headers={"retry-after": email.utils.formatdate(now + 12, usegmt=True)},
              json={"type": "error", "error": {"type": "rate_limit_error",
                                               "message": "Number of requests exceeded"}})
    mock.post(ANTHROPIC_URL, json=anthropic_reply("Merino Wool Beanie | Northfield"))

    provider.generate("seo_title", facts, settings)

    assert sleep.calls == [pytest.approx(12.0)]


def test_529_overloaded_is_retried(mock, anthropic_provider, sleep, facts, settings):
    mock.post(ANTHROPIC_URL, status=529,
              json={"type": "error", "error": {"type": "overloaded_error",
                                               "message": "Overloaded"}})
    mock.post(ANTHROPIC_URL, json=anthropic_reply("Merino Wool Beanie | Northfield"))

    anthropic_provider.generate("seo_title", facts, settings)

    assert len(mock.calls) == 2 and len(sleep.calls) == 1


def test_5xx_that_never_recovers_raises_a_retryable_error(mock, anthropic_provider, sleep,
                                                          facts, settings):
    mock.post(ANTHROPIC_URL, status=502, body="<html>Bad gateway</html>")

    with pytest.raises(ProviderUnavailableError) as caught:
        anthropic_provider.generate("seo_title", facts, settings)

    assert caught.value.retryable and caught.value.status == 502
    assert len(mock.calls) == 4 and len(sleep.calls) == 3


def test_403_is_not_retried(mock, anthropic_provider, sleep, facts, settings):
    mock.post(ANTHROPIC_URL, status=403,
              json={"type": "error", "error": {"type": "permission_error",
                                               "message": "Your API key lacks permission"}})

    with pytest.raises(ProviderAuthError, match="lacks permission"):
        anthropic_provider.generate("seo_title", facts, settings)
    assert len(mock.calls) == 1 and sleep.calls == []


def test_wrong_language_is_corrected_once_then_rejected(mock, anthropic_provider, facts,
                                                       settings):
    german = ("<p>Diese weiche Mütze aus Merinowolle hält Sie an kalten Tagen warm und ist "
              "aus der besten Wolle für alle Ihre Abenteuer im Winter gefertigt.</p>")
    mock.post(ANTHROPIC_URL, json=anthropic_reply(german))

    with pytest.raises(InvalidOutputError) as caught:
        anthropic_provider.generate("description", facts, settings)

    assert caught.value.reason == "the text is in German, not English"
    retry_text = body_of(mock.calls[1])["messages"][0]["content"][-1]["text"]
    assert "the text is in German, not English" in retry_text


def test_max_tokens_stop_is_treated_as_unusable(mock, anthropic_provider, facts, settings):
    mock.post(ANTHROPIC_URL, json=anthropic_reply("<p>Our beanie", stop_reason="max_tokens"))
    mock.post(ANTHROPIC_URL, json=anthropic_reply(GOOD_DESCRIPTION))

    result = anthropic_provider.generate("description", facts, settings)

    assert "cut off" in body_of(mock.calls[1])["messages"][0]["content"][-1]["text"]
    assert result.text.startswith("<p>Our Merino Wool Beanie")
