"""The OpenAI-compatible vision provider: request shape, parsing, retries."""
from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
import requests
import responses

from shopify_app.vision import (
    OpenAIVisionProvider,
    ProviderAuthError,
    ProviderResponseError,
    ProviderTransientError,
)
from shopify_app.vision.providers.http import RetryPolicy, ThreadSessions, retry_after_seconds
from shopify_app.vision.providers.schema import (
    FIELD_NAMES,
    InvalidAnswer,
    json_schema,
    validate_answer,
)

BASE = "https://llm.example.com/v1"
ENDPOINT = f"{BASE}/chat/completions"
IMAGE = "https://cdn.shopify.com/s/files/1/shirt.jpg"
GOOD = {"category": "T-Shirt", "pattern": "striped", "material": ["Cotton", "cotton", "linen"],
        "style": "casual", "sleeve_length": "short", "neckline": "crew",
        "confidence": {"category": 0.95, "pattern": 0.9, "material": 0.6, "style": 0.5,
                       "sleeve_length": 0.85, "neckline": 0.8}}


def completion(content: str, *, prompt: int = 900, completion_tokens: int = 60) -> dict[str, Any]:
    return {"id": "c1", "model": "vision-model-2025", "choices": [
        {"index": 0, "finish_reason": "stop",
         "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": prompt, "completion_tokens": completion_tokens}}


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def http() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def provider(sleeps: Sleeps) -> OpenAIVisionProvider:
    return OpenAIVisionProvider(model="vision-model", base_url=BASE + "/", api_key="sk-test",
                                sleep=sleeps)


def test_request_shape(http: responses.RequestsMock, provider: OpenAIVisionProvider) -> None:
    http.post(ENDPOINT, json=completion(json.dumps(GOOD)))
    provider.attributes(IMAGE, "Breton shirt", "Shirts")
    request = http.calls[0].request
    assert request.headers["Authorization"] == "Bearer sk-test"
    body = json.loads(request.body)
    assert body["model"] == "vision-model"
    assert body["temperature"] == 0.0
    system, user = body["messages"]
    assert system["role"] == "system" and '"sleeve_length"' in system["content"]
    text_part, image_part = user["content"]
    assert text_part == {"type": "text",
                         "text": "Product title: Breton shirt\nProduct type: Shirts"}
    assert image_part == {"type": "image_url", "image_url": {"url": IMAGE, "detail": "low"}}
    schema = body["response_format"]["json_schema"]
    assert body["response_format"]["type"] == "json_schema"
    assert schema["strict"] is True and schema["name"] == "product_attributes"
    assert schema["schema"] == json_schema()


def test_json_object_mode_and_no_key(http: responses.RequestsMock) -> None:
    http.post(ENDPOINT, json=completion(json.dumps(GOOD)))
    OpenAIVisionProvider(model="llava", base_url=BASE, response_format="json_object",
                         temperature=None).attributes(IMAGE, "", "")
    request = http.calls[0].request
    body = json.loads(request.body)
    assert body["response_format"] == {"type": "json_object"}
    assert "temperature" not in body
    assert "Authorization" not in request.headers
    assert "Product title: unknown" in body["messages"][1]["content"][0]["text"]


def test_parses_and_normalises_the_answer(http: responses.RequestsMock,
                                          provider: OpenAIVisionProvider) -> None:
    http.post(ENDPOINT, json=completion(json.dumps(GOOD)))
    result = provider.attributes(IMAGE, "Breton shirt", "Shirts")
    assert result.values == {"category": "t-shirt", "pattern": "striped",
                             "material": ["cotton", "linen"], "style": "casual",
                             "sleeve_length": "short", "neckline": "crew"}
    assert result.confidence["pattern"] == 0.9
    assert (result.provider, result.model) == ("openai", "vision-model-2025")
    assert (result.tokens_in, result.tokens_out) == (900, 60)


def test_fenced_json_is_accepted(http: responses.RequestsMock,
                                 provider: OpenAIVisionProvider) -> None:
    http.post(ENDPOINT, json=completion("```json\n" + json.dumps(GOOD) + "\n```"))
    assert provider.attributes(IMAGE, "", "").values["neckline"] == "crew"


def test_bad_json_is_retried_once_then_fails(http: responses.RequestsMock,
                                             provider: OpenAIVisionProvider) -> None:
    http.post(ENDPOINT, json=completion("Sure! Here are the attributes: {category: shirt"))
    with pytest.raises(ProviderResponseError) as caught:
        provider.attributes(IMAGE, "", "")
    assert len(http.calls) == 2
    assert "not valid JSON" in caught.value.message
    assert caught.value.retryable is False
    assert (caught.value.tokens_in, caught.value.tokens_out) == (1800, 120)


def test_bad_answer_then_good_answer(http: responses.RequestsMock,
                                     provider: OpenAIVisionProvider) -> None:
    http.post(ENDPOINT, json=completion(json.dumps({**GOOD, "material": 42})))
    http.post(ENDPOINT, json=completion(json.dumps(GOOD), prompt=1000, completion_tokens=50))
    result = provider.attributes(IMAGE, "", "")
    assert len(http.calls) == 2
    assert result.values["pattern"] == "striped"
    assert (result.tokens_in, result.tokens_out) == (1900, 110)


def test_refusal_counts_as_a_bad_answer(http: responses.RequestsMock,
                                        provider: OpenAIVisionProvider) -> None:
    reply = completion("")
    reply["choices"][0]["message"] = {"role": "assistant", "content": None,
                                      "refusal": "I can't help with that."}
    http.post(ENDPOINT, json=reply)
    with pytest.raises(ProviderResponseError, match="refused"):
        provider.attributes(IMAGE, "", "")


def test_throttling_honours_retry_after(http: responses.RequestsMock,
                                        provider: OpenAIVisionProvider, sleeps: Sleeps) -> None:
    http.post(ENDPOINT, status=429, headers={"Retry-After": "3"}, json={"error": "slow down"})
    http.post(ENDPOINT, json=completion(json.dumps(GOOD)))
    assert provider.attributes(IMAGE, "", "").values["category"] == "t-shirt"
    assert sleeps == [3.0]


def test_server_errors_exhaust_retries(http: responses.RequestsMock, sleeps: Sleeps) -> None:
    provider = OpenAIVisionProvider(model="m", base_url=BASE, api_key="k", sleep=sleeps,
                                    retry=RetryPolicy(attempts=3, base_delay=0.5))
    http.post(ENDPOINT, status=503, body="upstream down")
    with pytest.raises(ProviderTransientError) as caught:
        provider.attributes(IMAGE, "", "")
    assert caught.value.retryable is True
    assert len(http.calls) == 3
    assert sleeps == [0.5, 1.0]


def test_long_retry_after_is_not_slept_through(http: responses.RequestsMock,
                                               provider: OpenAIVisionProvider,
                                               sleeps: Sleeps) -> None:
    http.post(ENDPOINT, status=429, headers={"Retry-After": "120"})
    with pytest.raises(ProviderTransientError) as caught:
        provider.attributes(IMAGE, "", "")
    assert caught.value.retry_after == 120.0
    assert len(http.calls) == 1 and sleeps == []


def test_timeouts_are_retried(http: responses.RequestsMock, provider: OpenAIVisionProvider,
                              sleeps: Sleeps) -> None:
    http.post(ENDPOINT, body=requests.ReadTimeout("slow"))
    http.post(ENDPOINT, json=completion(json.dumps(GOOD)))
    assert provider.attributes(IMAGE, "", "").values
    assert len(sleeps) == 1


@pytest.mark.parametrize(("status", "error"), [(401, ProviderAuthError),
                                               (400, ProviderResponseError)])
def test_refusals_are_not_retried(http: responses.RequestsMock, provider: OpenAIVisionProvider,
                                  status: int, error: type[Exception]) -> None:
    http.post(ENDPOINT, status=status, json={"error": {"message": "model not found"}})
    with pytest.raises(error) as caught:
        provider.attributes(IMAGE, "", "")
    assert len(http.calls) == 1
    assert "sk-test" not in str(caught.value)
    if status == 400:
        assert "model not found" in str(caught.value)


def test_retry_after_as_http_date() -> None:
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:30 GMT", now=1445412500.0) == 10.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def test_schema_is_strict_and_accepts_a_good_answer() -> None:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(GOOD, schema)
    assert set(schema["required"]) == {*FIELD_NAMES, "confidence"}
    assert schema["additionalProperties"] is False
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**GOOD, "pattern": "tartan-ish"}, schema)


def test_validation_drops_untrusted_values() -> None:
    values, confidence = validate_answer({
        "category": "  Shoulder   Bag ", "pattern": "Tartan", "material": "leather",
        "style": None, "sleeve_length": "not applicable", "neckline": "",
        "colour": "red", "confidence": {"category": 1.7, "pattern": 0.9, "style": "high"}})
    assert values == {"category": "shoulder bag", "material": ["leather"]}
    assert confidence == {"category": 1.0}


@pytest.mark.parametrize("answer", [[], "text", {"category": 3}, {"material": [1, 2]},
                                    {"confidence": [0.5]}])
def test_validation_rejects_wrong_types(answer: Any) -> None:
    with pytest.raises(InvalidAnswer):
        validate_answer(answer)


def test_each_thread_gets_its_own_session() -> None:
    sessions = ThreadSessions()
    seen: list[requests.Session] = []
    worker = threading.Thread(target=lambda: seen.append(sessions.get()))
    worker.start()
    worker.join()
    assert sessions.get() is sessions.get()
    assert seen[0] is not sessions.get()
    given = requests.Session()
    assert ThreadSessions(given).get() is given
