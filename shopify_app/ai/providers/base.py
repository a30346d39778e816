"""The interface every text provider implements, and what it returns."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Protocol, runtime_checkable

from ..facts import ProductFacts
from ..settings import Field, GenerationSettings


@dataclass(frozen=True)
class Generation:
    """One field's validated text and what producing it used.

    ``cost`` is in US dollars. ``cost_known`` is false when the model is not
    in the price table (its cost is then reported as 0). Cached results carry
    ``cached=True`` and zero usage: nothing was spent to get them again.
    """

    text: str
    tokens_in: int
    tokens_out: int
    cost: float
    provider: str
    model: str
    cached: bool = False
    cost_known: bool = True

    def as_cached(self) -> Generation:
        return replace(self, tokens_in=0, tokens_out=0, cost=0.0, cached=True)


@runtime_checkable
class TextProvider(Protocol):
    """Writes the text of one field for one product.

    Implementations validate their output before returning it and raise
    :class:`~shopify_app.ai.errors.ProviderError` subclasses on failure.
    They may be called from several threads at once.
    """

    name: str
    model: str

    def generate(self, field: Field | str, facts: ProductFacts,
                 settings: GenerationSettings) -> Generation:
        ...
