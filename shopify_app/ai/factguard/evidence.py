"""What the product's own facts say, indexed for checking claims against them."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ..facts import ProductFacts
from .freefrom import free_from_facts
from .lexicon import facts_lexicon
from .model import ClaimKind
from .negation import is_negated
from .places import country_hits, warranty_months
from .prices import prices
from .quantities import quantities
from .textmap import fold
from .vocab_claims import EUROPEAN, IMPLIES
from .vocab_materials import COLOUR_PARENTS, MATERIAL_PARENTS

PARENTS = {**MATERIAL_PARENTS, **COLOUR_PARENTS}
_PERCENT_BEFORE = re.compile(r"(?<![\d.,])(\d{1,3})\s*%\s*(?:[\w'-]+\s+){0,2}$")
_PERCENT_AFTER = re.compile(r"\s*(?:\(|al\s+|a\s+)?(\d{1,3})\s*%")
_BARE_NUMBER = re.compile(r"(?<![\d.,])\d+(?![\d])")


@dataclass
class Evidence:
    """Concepts, quantities, prices and warranties found in a product's facts."""

    concepts: set[str] = field(default_factory=set)
    # Concepts the facts name directly, with their wording, per kind (for messages).
    named: dict[ClaimKind, dict[str, str]] = field(default_factory=dict)
    # (dimension, value in the base unit, wording in the facts)
    quantities: list[tuple[str, float, str]] = field(default_factory=list)
    numbers: set[float] = field(default_factory=set)
    fibre_percent: dict[str, float] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)
    warranty_months: set[float] = field(default_factory=set)
    free_of: set[str] = field(default_factory=set)
    prices: set[Decimal] = field(default_factory=set)
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    currency: str = ""

    def supports(self, concept: str) -> bool:
        return concept in self.concepts

    def named_of(self, kind: ClaimKind) -> list[str]:
        return list(self.named.get(kind, {}).values())


def fact_texts(facts: ProductFacts, metafields: Any = None) -> list[str]:
    """Every piece of text the facts hold, each matched on its own."""
    texts = [facts.title, facts.vendor, facts.product_type, facts.description, facts.image_alt,
             *facts.tags, *facts.collections]
    for name, values in facts.options.items():
        texts.append(f"{name}: {', '.join(values)}")
    for variant in facts.variants:
        texts.extend((variant.title, variant.sku))
    texts.extend(_metafield_texts(metafields))
    return [t for t in texts if t]


def _metafield_texts(metafields: Any) -> Iterable[str]:
    if not metafields:
        return
    if isinstance(metafields, Mapping):
        items: Iterable[Any] = ({"key": k, "value": v} for k, v in metafields.items())
    elif isinstance(metafields, str):
        items = ({"value": metafields},)
    else:
        items = metafields
    for item in items:
        if isinstance(item, Mapping):
            key = str(item.get("key") or "").replace("_", " ")
            value = item.get("value")
            if isinstance(value, Mapping | list | tuple):
                value = " ".join(str(v) for v in (value.values() if isinstance(value, Mapping)
                                                  else value))
            yield f"{key}: {value}" if key else str(value)
        elif item is not None:
            yield str(item)


def build_evidence(facts: ProductFacts, metafields: Any = None) -> Evidence:
    evidence = Evidence()
    lexicon = facts_lexicon()
    skus = set(facts.distinct_skus)
    for text in fact_texts(facts, metafields):
        folded = fold(text)
        for hit in lexicon.find(folded):
            if is_negated(folded, hit.start, hit.end):
                continue
            evidence.concepts.add(hit.term.concept)
            evidence.named.setdefault(hit.term.kind, {}).setdefault(
                hit.term.concept, text[hit.start:hit.end])
            if hit.term.kind is ClaimKind.MATERIAL:
                percent = _PERCENT_BEFORE.search(folded, max(0, hit.start - 40), hit.start) \
                    or _PERCENT_AFTER.match(folded, hit.end)
                if percent:
                    evidence.fibre_percent[hit.term.concept] = float(percent.group(1))
        for start, end, readings in quantities(folded):
            for reading in readings:
                evidence.quantities.extend((dim, value, text[start:end].strip())
                                           for dim, value in reading)
        if text not in skus:  # "MUG-02" says nothing about a count
            evidence.numbers.update(float(n) for n in _BARE_NUMBER.findall(folded))
        for concept, wording in country_hits(folded, text):
            evidence.countries.setdefault(concept, wording)
        evidence.warranty_months.update(warranty_months(folded))
        evidence.free_of.update(free_from_facts(folded))
        for mention in prices(folded):
            evidence.prices.add(_money(mention.amount))
    _close(evidence)
    _add_prices(evidence, facts)
    return evidence


def _close(evidence: Evidence) -> None:
    """Add what the named concepts imply: oak → wood, GOTS → organic, Italy → Europe."""
    pending = list(evidence.concepts)
    while pending:
        concept = pending.pop()
        for implied in (PARENTS.get(concept), *IMPLIES.get(concept, ())):
            if implied and implied not in evidence.concepts:
                evidence.concepts.add(implied)
                pending.append(implied)
    if any(country in EUROPEAN for country in evidence.countries):
        evidence.countries.setdefault("europe", "Europe")


def _money(value: Any) -> Decimal:
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return Decimal("-1")


def _add_prices(evidence: Evidence, facts: ProductFacts) -> None:
    if facts.price_range is not None:
        evidence.price_min = _money(facts.price_range.min)
        evidence.price_max = _money(facts.price_range.max)
        evidence.currency = facts.price_range.currency
        evidence.prices.update((evidence.price_min, evidence.price_max))
    for variant in facts.variants:
        if variant.price:
            evidence.prices.add(_money(variant.price))
    evidence.prices.discard(Decimal("-1"))
