"""Attributes from any OpenAI-compatible chat-completions endpoint with vision.

Works with OpenAI, Azure OpenAI (through its v1-compatible path), vLLM,
Ollama and llama.cpp servers. The image goes in an ``image_url`` content
part; the answer is constrained with ``response_format`` (a strict JSON
schema, or plain ``json_object`` for servers without schema support) and is
validated here again. An answer that does not validate is asked for once
more; a second bad answer raises :class:`~...errors.ProviderResponseError`.
"""
from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from typing import Any

import requests

from ..errors import ProviderConfigError, ProviderResponseError
from .base import AttributeProvider, Attributes
from .http import RetryPolicy, ThreadSessions, post_json
from .schema import InvalidAnswer, json_schema, prompt_lines, validate_answer

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_MODEL = "gpt-4o-mini"
RESPONSE_FORMATS = ("json_schema", "json_object")
ANSWER_ATTEMPTS = 2  # the first answer, and one more when it does not validate
_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)

SYSTEM_PROMPT = "\n".join([
    "You describe products from their photos for an online store's catalog.",
    "Look at the product in the image; the title and type are hints, the image decides.",
    "Answer with one JSON object and nothing else, with these keys:",
    *prompt_lines(),
    'Use null (or [] for lists) when the image does not show it, and "not applicable" '
    "where an attribute does not apply to this kind of product.",
])


class OpenAIVisionProvider(AttributeProvider):
    """Vision attributes through ``POST {base_url}/chat/completions``."""

    name = "openai"

    def __init__(self, *, model: str = DEFAULT_MODEL, base_url: str = DEFAULT_BASE_URL,
                 api_key: str | None = None, session: requests.Session | None = None,
                 timeout: tuple[float, float] = (5.0, 60.0),
                 response_format: str = "json_schema", image_detail: str = "low",
                 temperature: float | None = 0.0, inline_images: bool = False,
                 retry: RetryPolicy | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if response_format not in RESPONSE_FORMATS:
            raise ProviderConfigError(f"Unknown response format {response_format!r}",
                                      provider=self.name)
        self.model = model
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.sessions = ThreadSessions(session)
        self.timeout = timeout
        self.response_format = response_format
        self.image_detail = image_detail
        self.temperature = temperature
        self.inline_images = inline_images
        self.retry = retry
        self.sleep = sleep

    def request_body(self, image_url: str, product_title: str,
                     product_type: str) -> dict[str, Any]:
        """The chat-completions request for one image."""
        hints = [f"Product title: {product_title or 'unknown'}",
                 f"Product type: {product_type or 'unknown'}"]
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": [
                    {"type": "text", "text": "\n".join(hints)},
                    {"type": "image_url",
                     "image_url": {"url": image_url, "detail": self.image_detail}},
                ]},
            ],
        }
        if self.temperature is not None:
            body["temperature"] = self.temperature
        if self.response_format == "json_schema":
            body["response_format"] = {"type": "json_schema", "json_schema": {
                "name": "product_attributes", "strict": True, "schema": json_schema()}}
        else:
            body["response_format"] = {"type": "json_object"}
        return body

    def attributes(self, image_url: str, product_title: str,
                   product_type: str) -> Attributes:
        """Ask the model for the product's attributes.

        Raises:
            ProviderTransientError: throttled or failing after retries (retryable).
            ProviderAuthError: the key was refused.
            ProviderResponseError: the request was refused, or two answers in a
                row did not match the schema.
        """
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        body = self.request_body(image_url, product_title, product_type)
        tokens_in = tokens_out = 0
        problem = ""
        for _ in range(ANSWER_ATTEMPTS):
            reply = post_json(self.sessions.get(), f"{self.base_url}/chat/completions", body,
                              provider=self.name, headers=headers, timeout=self.timeout,
                              policy=self.retry, sleep=self.sleep)
            usage = reply.get("usage") if isinstance(reply.get("usage"), dict) else {}
            tokens_in += _count(usage.get("prompt_tokens"))
            tokens_out += _count(usage.get("completion_tokens"))
            try:
                values, confidence = validate_answer(_answer(reply))
            except InvalidAnswer as exc:
                problem = str(exc)
                continue
            return Attributes(values=values, confidence=confidence, provider=self.name,
                              model=str(reply.get("model") or self.model),
                              tokens_in=tokens_in, tokens_out=tokens_out)
        raise ProviderResponseError(
            f"The vision model did not return valid attributes: {problem}", provider=self.name,
            tokens_in=tokens_in, tokens_out=tokens_out)


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _answer(reply: dict[str, Any]) -> Any:
    """The JSON object in the first choice's message content."""
    try:
        message = reply["choices"][0]["message"]
    except (KeyError, IndexError, TypeError) as exc:
        raise InvalidAnswer("the reply has no message") from exc
    if not isinstance(message, dict):
        raise InvalidAnswer("the reply has no message")
    if message.get("refusal"):
        raise InvalidAnswer(f"the model refused: {str(message['refusal'])[:200]}")
    content = message.get("content")
    if isinstance(content, list):  # some servers return content parts
        content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
    if not isinstance(content, str) or not content.strip():
        raise InvalidAnswer("the reply is empty")
    fenced = _FENCE.match(content)
    try:
        return json.loads(fenced.group(1) if fenced else content)
    except ValueError as exc:
        raise InvalidAnswer("the reply is not valid JSON") from exc
