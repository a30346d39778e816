"""Why a claim is or is not supported: one judge per kind, with a message for the merchant.

Each judge returns ``None`` when the facts support the claim, or the reason
(after the claim's wording) shown on the item: "the product's facts say
polyester".
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..money import format_money
from .evidence import PARENTS, Evidence
from .lexicon import Hit
from .model import ClaimKind
from .places import LIFETIME
from .prices import same_currency
from .vocab_materials import FIBRES

TOLERANCE = 0.03
APPROXIMATE_TOLERANCE = 0.10
_APPROX = re.compile(r"(?:about|approx\.?|approximately|around|roughly|nearly|almost|ca\.?|"
                     r"circa|etwa|ungefahr|rund|fast|aprox\.?|aproximadamente|alrededor de|"
                     r"unos|unas|casi|environ|pres de|a peu pres|presque)\s*$")
_AT_LEAST = re.compile(r"(?:over|more than|at least|upwards of|mehr als|uber|mindestens|"
                       r"mas de|al menos|plus de|au moins|minimum)\s*$")
_AT_MOST = re.compile(r"(?:under|less than|below|no more than|max\.?|maximum|unter|"
                      r"weniger als|hochstens|maximal|menos de|como maximo|moins de|"
                      r"au maximum|au plus)\s*$")
_DIMENSION_NAMES = {"length": "size", "volume": "capacity", "mass": "weight",
                    "percent": "such percentage", "count": "such count",
                    "persons": "number of people", "time": "duration", "power": "power",
                    "charge": "battery capacity", "voltage": "voltage", "data": "storage",
                    "threads": "thread count", "temperature": "temperature",
                    "areal_weight": "fabric weight"}



def material_reason(concept: str, evidence: Evidence) -> str | None:
    if evidence.supports(concept):
        return None
    named = evidence.named_of(ClaimKind.MATERIAL)
    return f"the product's facts say {_join(named)}" if named \
        else "the product's facts don't mention this material"


def fibre_reason(concept: str, percent: float, evidence: Evidence) -> str | None:
    stated = evidence.fibre_percent.get(concept)
    if stated is not None:
        return None if abs(stated - percent) <= 1 else \
            f"the product's facts say {stated:g}% {_wording(evidence, concept)}"
    if any(abs(value - percent) <= 1 for dim, value, _w in evidence.quantities
           if dim == "percent"):
        return None
    others = [wording for c, wording in evidence.named.get(ClaimKind.MATERIAL, {}).items()
              if c in FIBRES and c != concept and not _related(c, concept)]
    if percent >= 99:
        return f"the product's facts also name {_join(others)}" if others else None
    return "the product's facts give no fibre content"


def _related(a: str, b: str) -> bool:
    return PARENTS.get(a) == b or PARENTS.get(b) == a


def _wording(evidence: Evidence, concept: str) -> str:
    return evidence.named.get(ClaimKind.MATERIAL, {}).get(concept, concept.replace("_", " "))


_RELATED_ABSOLUTES = {"waterproof": "water_resistant"}


def concept_reason(hit: Hit, evidence: Evidence) -> str | None:
    concept, kind = hit.term.concept, hit.term.kind
    if evidence.supports(concept):
        return None
    named = evidence.named_of(kind)
    if kind is ClaimKind.COLOUR:
        return f"the product's facts list {_join(named)}" if named \
            else "the product's facts don't mention this colour"
    if kind is ClaimKind.CERTIFICATION:
        return f"the product's facts mention {_join(named)} instead" if named \
            else "the product's facts mention no such certification"
    related = _RELATED_ABSOLUTES.get(concept)
    if related and related in evidence.concepts:
        wording = evidence.named.get(ClaimKind.ABSOLUTE, {}).get(related, related)
        return f"the product's facts only say {wording}"
    return "nothing in the product's facts says so"


def origin_reason(country: str, evidence: Evidence) -> str | None:
    if country in evidence.countries:
        return None
    named = [w for c, w in evidence.countries.items() if c != "europe"]
    return f"the product's facts say {_join(named)}" if named \
        else "the product's facts give no country of origin"


def warranty_reason(evidence: Evidence) -> str:
    if not evidence.warranty_months:
        return "the product's facts mention no warranty"
    spans = sorted(evidence.warranty_months)
    return "the product's facts say " + _join(
        ["a lifetime warranty" if m >= LIFETIME else f"{m / 12:g} years" if m % 12 == 0
         else f"{m:g} months" for m in spans])


def judge_price(amount: float, currency: str, bound: str, evidence: Evidence,
                 language: str) -> str | None:
    if not evidence.prices:
        return "the product's facts have no price"
    known = evidence.currency
    if known and not same_currency(currency, known):
        return f"the shop's prices are in {known}"
    value = Decimal(str(amount)).quantize(Decimal("0.01"))
    low, high = evidence.price_min, evidence.price_max
    if bound == "under" and high is not None and high <= value:
        return None
    if value in evidence.prices:
        return None
    if low is None or high is None:
        return "the product's facts give other prices"
    shown = format_money(str(low), known, language)
    if high != low:
        shown += " – " + format_money(str(high), known, language)
    return f"the product's price is {shown}"


def judge_quantity(before: str, readings: list[list[tuple[str, float]]],
                    evidence: Evidence) -> str | None:
    approximate = bool(_APPROX.search(before))
    at_least, at_most = bool(_AT_LEAST.search(before)), bool(_AT_MOST.search(before))
    tolerance = APPROXIMATE_TOLERANCE if approximate else TOLERANCE
    dimensions = set()
    for options in readings:
        supported = False
        for dimension, value in options:
            dimensions.add(dimension)
            if dimension in ("count", "persons") and value in evidence.numbers:
                supported = True
            for fact_dimension, fact_value, _w in evidence.quantities:
                if fact_dimension != dimension:
                    continue
                if at_least and fact_value >= value * (1 - tolerance) or \
                        at_most and fact_value <= value * (1 + tolerance) or \
                        abs(fact_value - value) <= tolerance * max(abs(value), abs(fact_value)):
                    supported = True
        if not supported:
            break
    else:
        return None
    wordings = list(dict.fromkeys(w for d, _v, w in evidence.quantities if d in dimensions))
    if wordings:
        return f"the product's facts say {_join(wordings[:4])}"
    names = sorted({_DIMENSION_NAMES.get(d, d) for d in dimensions})
    return f"the product's facts give no {' or '.join(names)}"


def _join(words: list[str]) -> str:
    words = list(dict.fromkeys(words))
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
