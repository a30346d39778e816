"""The interface every attribute provider implements, and its result type."""
from __future__ import annotations

import base64
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

AttributeValue = str | list[str]


@dataclass(frozen=True)
class Attributes:
    """Product attributes read from an image by a provider.

    Attributes:
        values: attribute name → one value or a list (``{"pattern": "striped",
            "material": ["cotton", "linen"]}``). Names follow
            :data:`~.schema.ATTRIBUTE_FIELDS` when the provider can.
        confidence: attribute name → 0–1, for the names the provider scored.
        provider: the provider's short name (``openai``, ``rest``).
        model: the model or service version that answered.
        tokens_in, tokens_out: tokens billed, when the provider counts tokens.
    """

    values: dict[str, AttributeValue] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)
    provider: str = ""
    model: str | None = None
    tokens_in: int = 0
    tokens_out: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"values": {k: list(v) if isinstance(v, list) else v
                           for k, v in self.values.items()},
                "confidence": dict(self.confidence), "provider": self.provider,
                "model": self.model, "tokens_in": self.tokens_in,
                "tokens_out": self.tokens_out}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Attributes:
        return cls(values=dict(data.get("values") or {}),
                   confidence={k: float(v) for k, v in (data.get("confidence") or {}).items()},
                   provider=str(data.get("provider") or ""), model=data.get("model"),
                   tokens_in=int(data.get("tokens_in") or 0),
                   tokens_out=int(data.get("tokens_out") or 0))


class AttributeProvider(ABC):
    """Reads attributes (category, pattern, material, …) from a product image.

    Implementations make network calls; they raise
    :class:`~..errors.ProviderError` subclasses, with ``retryable`` set for
    throttling and transient failures.
    """

    #: short name recorded in :attr:`Attributes.provider`
    name: str = ""
    #: True when the provider cannot fetch image links itself and needs the
    #: image inlined as a ``data:`` URL (see :func:`data_url`).
    inline_images: bool = False

    @abstractmethod
    def attributes(self, image_url: str, product_title: str,
                   product_type: str) -> Attributes:
        """Attributes of the product shown at ``image_url`` (an https or ``data:`` URL)."""


def data_url(image_bytes: bytes, content_type: str) -> str:
    """``data:<type>;base64,…`` for providers that cannot download images."""
    return f"data:{content_type};base64,{base64.b64encode(image_bytes).decode('ascii')}"
