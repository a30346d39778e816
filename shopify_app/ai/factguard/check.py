"""Find the checkable claims in a text and flag those the product's facts do not support."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..facts import ProductFacts
from ..money import format_money
from ..settings import base_language
from .evidence import Evidence, build_evidence
from .lexicon import LANGUAGES, Hit, text_lexicon
from .model import Claim, ClaimKind
from .negation import is_idiom, is_negated, is_other_object
from .places import LIFETIME, nationality_at, origin_mentions, warranty_mentions
from .prices import prices, same_currency
from .quantities import quantities
from .textmap import VisibleText
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
_PERCENT_BEFORE = re.compile(r"(?<![\d.,])(\d{1,3})\s*%\s*(?:[\w'-]+\s+){0,2}$")
_PERCENT_AFTER = re.compile(r"\s*(?:\(|al\s+|a\s+|à\s+)?(\d{1,3})\s*%\)?")
_SHIPPING = re.compile(r"(?:shipping|delivery|postage|versand|lieferung|versandkostenfrei|"
                       r"envio|entrega|livraison|expedition|frais de port)[^.;!?]*$")
_DIMENSION_NAMES = {"length": "size", "volume": "capacity", "mass": "weight",
                    "percent": "such percentage", "count": "such count",
                    "persons": "number of people", "time": "duration", "power": "power",
                    "charge": "battery capacity", "voltage": "voltage", "data": "storage",
                    "threads": "thread count", "temperature": "temperature",
                    "areal_weight": "fabric weight"}


@dataclass
class _Found:
    start: int
    end: int
    kind: ClaimKind
    reason: str | None  # None: supported


def index_facts(facts: ProductFacts | Mapping[str, Any], *, metafields: Any = None) -> Evidence:
    """Index a product's facts once to check several of its texts (all four fields).

    ``facts`` may be :class:`ProductFacts` or the plain dict they are stored as
    (a ``metafields`` key there is read too); ``metafields`` is a dict of
    key → value or a list of ``{"key", "value"}`` read from the store.
    """
    if isinstance(facts, Mapping):
        metafields = metafields if metafields is not None else facts.get("metafields")
        facts = ProductFacts.from_mapping(facts)
    elif metafields is None:
        metafields = getattr(facts, "metafields", None)
    return build_evidence(facts, metafields)


def check_claims(text: str, facts: ProductFacts | Mapping[str, Any] | Evidence,
                 language: str = "en", *, metafields: Any = None) -> list[Claim]:
    """The claims in ``text`` that the product's facts do not support, in text order.

    Args:
        text: a generated field value; HTML is fine (spans are offsets into it).
        facts: the product's facts (see :func:`index_facts`), or what
            :func:`index_facts` returned for them.
        language: the language the text is written in (en, de, es, fr; others
            are read with the English word lists).
        metafields: extra facts read from the store (see :func:`index_facts`).
    """
    evidence = facts if isinstance(facts, Evidence) else index_facts(facts,
                                                                      metafields=metafields)
    lang = base_language(language or "en")
    lang = lang if lang in LANGUAGES else "en"
    visible = VisibleText.of(text or "")
    found = _find(visible.folded, lang, evidence)
    claims = []
    for item in sorted(found, key=lambda f: (f.start, f.end)):
        if item.reason is None:
            continue
        start, end = visible.source_span(item.start, item.end)
        wording = " ".join(visible.plain[item.start:item.end].split())
        claims.append(Claim(wording, start, end, item.kind, f"'{wording}' — {item.reason}"))
    return claims


def _find(folded: str, language: str, evidence: Evidence) -> list[_Found]:
    found: list[_Found] = []

    def overlaps(start: int, end: int) -> bool:
        return any(f.start < end and start < f.end for f in found)

    for mention in prices(folded):
        if _SHIPPING.search(folded, max(0, mention.start - 60), mention.start):
            continue  # "free delivery on orders over £40" is not the product's price
        found.append(_Found(mention.start, mention.end, ClaimKind.PRICE,
                            _judge_price(mention.amount, mention.currency, mention.bound,
                                         evidence, language)))
    for months, start, end in warranty_mentions(folded):
        reason = None if months in evidence.warranty_months else _warranty_reason(evidence)
        found.append(_Found(start, end, ClaimKind.WARRANTY, reason))
    for origin in origin_mentions(folded, language):
        if not overlaps(origin.start, origin.end):
            found.append(_Found(origin.start, origin.end, ClaimKind.ORIGIN,
                                _origin_reason(origin.country, evidence)))
    percents: list[tuple[int, int]] = []
    for hit in text_lexicon(language).find(folded):
        if overlaps(hit.start, hit.end) or is_negated(folded, hit.start, hit.end):
            continue
        if hit.term.kind in (ClaimKind.MATERIAL, ClaimKind.COLOUR) and (
                is_other_object(folded, hit.start)
                or is_idiom(folded, hit.start, hit.end, language)):
            continue
        if hit.term.kind is ClaimKind.MATERIAL:
            found.append(_material(folded, hit, evidence, percents))
            nationality = nationality_at(folded, hit.start, hit.end, language)
            if nationality:
                country, start, end = nationality
                found.append(_Found(start, end, ClaimKind.ORIGIN,
                                    _origin_reason(country, evidence)))
        else:
            found.append(_Found(hit.start, hit.end, hit.term.kind,
                                _concept_reason(hit, evidence)))
    for start, end, readings in quantities(folded):
        if overlaps(start, end) or any(s < end and start < e for s, e in percents):
            continue
        if len(readings) == 1 and readings[0][0] == ("percent", 100.0):
            continue  # "100% satisfaction": emphasis, not a measurement
        found.append(_Found(start, end, ClaimKind.NUMBER_UNIT,
                            _judge_quantity(folded[max(0, start - 24):start], readings,
                                            evidence)))
    return found


def _material(folded: str, hit: Hit, evidence: Evidence,
              percents: list[tuple[int, int]]) -> _Found:
    concept = hit.term.concept
    start, end = hit.start, hit.end
    percent: float | None = None
    before = _PERCENT_BEFORE.search(folded, max(0, start - 40), start)
    after = _PERCENT_AFTER.match(folded, end)
    if before:
        percent, start = float(before.group(1)), before.start()
    elif after:
        percent, end = float(after.group(1)), after.end()
    if percent is not None:
        percents.append((start, end))
    reason = None
    if not evidence.supports(concept):
        named = evidence.named_of(ClaimKind.MATERIAL)
        reason = (f"the product's facts say {_join(named)}" if named
                  else "the product's facts don't mention this material")
    elif percent is not None:
        reason = _fibre_reason(concept, percent, evidence)
    return _Found(start, end, ClaimKind.MATERIAL, reason)


def _fibre_reason(concept: str, percent: float, evidence: Evidence) -> str | None:
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
    from .evidence import _PARENTS
    return _PARENTS.get(a) == b or _PARENTS.get(b) == a


def _wording(evidence: Evidence, concept: str) -> str:
    return evidence.named.get(ClaimKind.MATERIAL, {}).get(concept, concept.replace("_", " "))


_RELATED_ABSOLUTES = {"waterproof": "water_resistant"}


def _concept_reason(hit: Hit, evidence: Evidence) -> str | None:
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


def _origin_reason(country: str, evidence: Evidence) -> str | None:
    if country in evidence.countries:
        return None
    named = [w for c, w in evidence.countries.items() if c != "europe"]
    return f"the product's facts say {_join(named)}" if named \
        else "the product's facts give no country of origin"


def _warranty_reason(evidence: Evidence) -> str:
    if not evidence.warranty_months:
        return "the product's facts mention no warranty"
    spans = sorted(evidence.warranty_months)
    return "the product's facts say " + _join(
        ["a lifetime warranty" if m >= LIFETIME else f"{m / 12:g} years" if m % 12 == 0
         else f"{m:g} months" for m in spans])


def _judge_price(amount: float, currency: str, bound: str, evidence: Evidence,
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


def _judge_quantity(before: str, readings: list[list[tuple[str, float]]],
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
