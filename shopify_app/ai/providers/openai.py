"""Any OpenAI-compatible chat-completions endpoint.

OpenAI itself, Azure OpenAI, vLLM, Ollama, llama.cpp's server and most hosted
gateways speak this shape; only the base URL and the key differ.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ..errors import ProviderUnavailableError
from ..prompts import Prompt
from .chat import ChatProvider, Completion, join_url, usage_int

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_MODEL = "gpt-4o-mini"
# Reasoning models refuse ``max_tokens``/``temperature`` and spend hidden tokens thinking.
_REASONING_PREFIXES = ("o1", "o3", "o4", "gpt-5")
_AZURE_HOSTS = (".openai.azure.com", ".cognitiveservices.azure.com", ".services.ai.azure.com")


class OpenAIProvider(ChatProvider):
    name = "openai"

    def __init__(self, *, api_key: str | None, model: str = DEFAULT_MODEL,
                 base_url: str | None = None, temperature: float = 0.7, **kwargs: Any) -> None:
        super().__init__(model=model, base_url=base_url or DEFAULT_BASE_URL, **kwargs)
        self.api_key = api_key
        self.temperature = temperature
        self.url = join_url(self.base_url, "/chat/completions")

    def headers(self) -> dict[str, str]:
        headers: dict[str, str] = {}
        if self.api_key:  # local servers (Ollama, llama.cpp) need none
            headers["Authorization"] = f"Bearer {self.api_key}"
            if (urlsplit(self.base_url).hostname or "").endswith(_AZURE_HOSTS):
                headers["api-key"] = self.api_key  # Azure's key header
        return headers

    def payload(self, prompt: Prompt) -> dict[str, Any]:
        user: str | list[dict[str, Any]] = prompt.user
        if prompt.image_url:
            user = [{"type": "text", "text": prompt.user},
                    {"type": "image_url", "image_url": {"url": prompt.image_url}}]
        body: dict[str, Any] = {"model": self.model,
                                "messages": [{"role": "system", "content": prompt.system},
                                             {"role": "user", "content": user}]}
        if self.model.lower().startswith(_REASONING_PREFIXES):
            body["max_completion_tokens"] = max(4000, prompt.max_tokens * 4)
        else:
            body["max_tokens"] = prompt.max_tokens
            body["temperature"] = self.temperature
        return body

    def complete(self, prompt: Prompt) -> Completion:
        body = self.client.post(self.url, self.headers(), self.payload(prompt))
        choices = body.get("choices") if isinstance(body, dict) else None
        if not choices or not isinstance(choices[0], dict):
            raise ProviderUnavailableError(f"{self.name} answered without a choice",
                                           provider=self.name)
        choice = choices[0]
        message = choice.get("message") or {}
        usage = body.get("usage") or {}
        text = _content_text(message.get("content"))
        problem = None
        if message.get("refusal"):
            problem = f"the model refused: {str(message['refusal'])[:200]}"
        elif choice.get("finish_reason") == "length":
            problem = "the answer was cut off before it was finished"
        elif choice.get("finish_reason") == "content_filter":
            problem = "the provider's content filter blocked the answer"
        return Completion(text=text, tokens_in=usage_int(usage.get("prompt_tokens")),
                          tokens_out=usage_int(usage.get("completion_tokens")), problem=problem)


def _content_text(content: Any) -> str:
    """Message content as text: a string, or a list of text parts (some servers)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(str(part.get("text", "")) for part in content
                       if isinstance(part, dict) and part.get("type") in ("text", None))
    return ""
