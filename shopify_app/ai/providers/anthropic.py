"""Anthropic's messages API."""
from __future__ import annotations

from typing import Any

from ..errors import ProviderUnavailableError
from ..prompts import Prompt
from .chat import ChatProvider, Completion, join_url, usage_int

DEFAULT_BASE_URL = "https://api.anthropic.com"
DEFAULT_MODEL = "claude-haiku-4-5"
API_VERSION = "2023-06-01"


class AnthropicProvider(ChatProvider):
    name = "anthropic"

    def __init__(self, *, api_key: str, model: str = DEFAULT_MODEL,
                 base_url: str | None = None, temperature: float = 0.7, **kwargs: Any) -> None:
        super().__init__(model=model, base_url=base_url or DEFAULT_BASE_URL, **kwargs)
        self.api_key = api_key
        self.temperature = temperature
        self.url = join_url(self.base_url, "/v1/messages")

    def headers(self) -> dict[str, str]:
        return {"x-api-key": self.api_key, "anthropic-version": API_VERSION}

    def payload(self, prompt: Prompt) -> dict[str, Any]:
        content: list[dict[str, Any]] = []
        if prompt.image_url:
            content.append({"type": "image",
                            "source": {"type": "url", "url": prompt.image_url}})
        content.append({"type": "text", "text": prompt.user})
        return {"model": self.model, "max_tokens": prompt.max_tokens,
                "temperature": self.temperature, "system": prompt.system,
                "messages": [{"role": "user", "content": content}]}

    def complete(self, prompt: Prompt) -> Completion:
        body = self.client.post(self.url, self.headers(), self.payload(prompt))
        if not isinstance(body, dict) or not isinstance(body.get("content"), list):
            raise ProviderUnavailableError(f"{self.name} answered without content",
                                           provider=self.name)
        text = "".join(str(block.get("text", "")) for block in body["content"]
                       if isinstance(block, dict) and block.get("type") == "text")
        usage = body.get("usage") or {}
        problem = None
        if body.get("stop_reason") == "max_tokens":
            problem = "the answer was cut off before it was finished"
        elif body.get("stop_reason") == "refusal":
            problem = "the model refused to write this text"
        return Completion(text=text, tokens_in=usage_int(usage.get("input_tokens")),
                          tokens_out=usage_int(usage.get("output_tokens")), problem=problem)
