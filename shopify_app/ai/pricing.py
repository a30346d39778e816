"""What a model's tokens cost, for the usage recorded per item and job.

Prices are US dollars per million tokens (input, output), from the providers'
public price lists. Dated snapshots match their family by prefix
(``gpt-4o-mini-2024-07-18`` → ``gpt-4o-mini``). A model that is not listed
(self-hosted, new, renamed) costs 0 and is reported as unpriced.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ModelPrice:
    input_per_million: float
    output_per_million: float

    def cost(self, tokens_in: int, tokens_out: int) -> float:
        return round((tokens_in * self.input_per_million
                      + tokens_out * self.output_per_million) / 1_000_000, 10)


PRICES: dict[str, ModelPrice] = {
    "gpt-4o-mini": ModelPrice(0.15, 0.60),
    "gpt-4o": ModelPrice(2.50, 10.00),
    "gpt-4.1-nano": ModelPrice(0.10, 0.40),
    "gpt-4.1-mini": ModelPrice(0.40, 1.60),
    "gpt-4.1": ModelPrice(2.00, 8.00),
    "gpt-5-nano": ModelPrice(0.05, 0.40),
    "gpt-5-mini": ModelPrice(0.25, 2.00),
    "gpt-5": ModelPrice(1.25, 10.00),
    "claude-3-5-haiku": ModelPrice(0.80, 4.00),
    "claude-3-haiku": ModelPrice(0.25, 1.25),
    "claude-haiku-4-5": ModelPrice(1.00, 5.00),
    "claude-3-5-sonnet": ModelPrice(3.00, 15.00),
    "claude-3-7-sonnet": ModelPrice(3.00, 15.00),
    "claude-sonnet-4": ModelPrice(3.00, 15.00),
    "claude-sonnet-4-5": ModelPrice(3.00, 15.00),
    "claude-opus-4": ModelPrice(15.00, 75.00),
    "claude-opus-4-1": ModelPrice(15.00, 75.00),
}


def price_for(model: str) -> ModelPrice | None:
    """The price of ``model``: an exact entry, else the longest listed prefix."""
    name = model.strip().lower()
    if name in PRICES:
        return PRICES[name]
    matches = [key for key in PRICES if name.startswith(key + "-")]
    return PRICES[max(matches, key=len)] if matches else None


def cost_of(model: str, tokens_in: int, tokens_out: int) -> tuple[float, bool]:
    """``(cost in dollars, whether the model is priced)``."""
    price = price_for(model)
    if price is None:
        return 0.0, False
    return price.cost(tokens_in, tokens_out), True
