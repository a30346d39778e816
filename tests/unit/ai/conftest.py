"""Fixtures for the text-generation tests: realistic facts, a recording sleep,
and providers wired to ``responses`` so every HTTP exchange is scripted."""
from __future__ import annotations

import json
import random
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import responses

from shopify_app.ai import (
    AnthropicProvider,
    GenerationSettings,
    OpenAIProvider,
    ProductFacts,
)
from shopify_app.ai.http import JsonClient, RetryPolicy

OPENAI_URL = "https://api.openai.com/v1/chat/completions"
ANTHROPIC_URL = "https://api.anthropic.com/v1/messages"
IMAGE_URL = "https://cdn.shopify.com/s/files/1/0001/beanie-charcoal.jpg"

GOOD_DESCRIPTION = (
    "<p>Our Merino Wool Beanie keeps you warm on cold mornings and is soft enough to wear all "
    "day.</p><ul><li>Knitted from 100% merino wool</li><li>Available in Charcoal, Forest Green "
    "and Oatmeal</li></ul><p>Pick your colour and stay cosy all winter.</p>")


class RecordingSleep:
    """Stands in for ``time.sleep``: remembers every wait instead of waiting."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
def sleep() -> RecordingSleep:
    return RecordingSleep()


@pytest.fixture
def mock() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


@pytest.fixture
def facts() -> ProductFacts:
    return ProductFacts.from_mapping({
        "title": "Merino Wool Beanie", "vendor": "Northfield", "product_type": "Hats",
        "tags": ["winter", "merino", "sale", "collection:outdoor"],
        "options": {"Color": ["Charcoal", "Forest Green", "Oatmeal"], "Size": ["S/M", "L/XL"]},
        "variants": [{"title": "Charcoal / S/M", "sku": "NB-CH-SM", "price": "29.00"},
                     {"title": "Charcoal / L/XL", "sku": "NB-CH-LX", "price": "32.00"}],
        "currency": "USD",
        "description": "<p>Soft, warm and itch-free. Knitted in Portugal from 100% merino.</p>",
        "image_url": IMAGE_URL, "image_position": 2, "shop_name": "Alpine Goods",
        "collections": ["Winter Essentials"],
    })


@pytest.fixture
def settings() -> GenerationSettings:
    return GenerationSettings.from_mapping({"language": "en", "tone": "friendly"})


def client(name: str, sleep: RecordingSleep, **kwargs: Any) -> JsonClient:
    options: dict[str, Any] = {"session": requests.Session(), "sleep": sleep,
                               "rng": random.Random(3), "policy": RetryPolicy()}
    options.update(kwargs)
    return JsonClient(name, **options)


@pytest.fixture
def openai_provider(sleep: RecordingSleep) -> OpenAIProvider:
    return OpenAIProvider(api_key="sk-test", model="gpt-4o-mini",
                          client=client("openai", sleep))


@pytest.fixture
def anthropic_provider(sleep: RecordingSleep) -> AnthropicProvider:
    return AnthropicProvider(api_key="sk-ant-test", model="claude-haiku-4-5",
                             client=client("anthropic", sleep))


def openai_reply(text: str, prompt_tokens: int = 120, completion_tokens: int = 40,
                 finish_reason: str = "stop") -> dict[str, Any]:
    return {"id": "chatcmpl-1", "object": "chat.completion", "model": "gpt-4o-mini",
            "choices": [{"index": 0, "finish_reason": finish_reason,
                         "message": {"role": "assistant", "content": text}}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                      "total_tokens": prompt_tokens + completion_tokens}}


def anthropic_reply(text: str, input_tokens: int = 150, output_tokens: int = 50,
                    stop_reason: str = "end_turn") -> dict[str, Any]:
    return {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-haiku-4-5",
            "content": [{"type": "text", "text": text}], "stop_reason": stop_reason,
            "usage": {"input_tokens": input_tokens, "output_tokens": output_tokens}}


def body_of(call: Any) -> dict[str, Any]:
    return json.loads(call.request.body)
