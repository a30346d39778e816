"""Find the checkable claims in a text and flag those the product's facts do not support."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..facts import ProductFacts
from ..settings import base_language
from .evidence import Evidence, build_evidence
from .freefrom import free_from_claims
from .judges import (
    concept_reason,
    fibre_reason,
    judge_price,
    judge_quantity,
    material_reason,
    origin_reason,
    warranty_reason,
)
from .lexicon import LANGUAGES, Hit, text_lexicon
from .model import Claim, ClaimKind
from .negation import is_idiom, is_negated, is_other_object
from .places import nationality_at, origin_mentions, warranty_mentions
from .prices import prices
from .quantities import quantities
from .textmap import VisibleText

_PERCENT_BEFORE = re.compile(r"(?<![\d.,])(\d{1,3})\s*%\s*(?:[\w'-]+\s+){0,2}$")
_PERCENT_AFTER = re.compile(r"\s*(?:\(|al\s+|a\s+|à\s+)?(\d{1,3})\s*%\)?")
_SHIPPING = re.compile(r"(?:shipping|delivery|postage|versand|lieferung|versandkostenfrei|"
                       r"envio|entrega|livraison|expedition|frais de port)[^.;!?]*$")


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
                            judge_price(mention.amount, mention.currency, mention.bound,
                                         evidence, language)))
    for months, start, end in warranty_mentions(folded):
        reason = None if months in evidence.warranty_months else warranty_reason(evidence)
        found.append(_Found(start, end, ClaimKind.WARRANTY, reason))
    for substance, start, end in free_from_claims(folded, language):
        found.append(_Found(start, end, ClaimKind.ABSOLUTE, None if substance in evidence.free_of
                            else "nothing in the product's facts says so"))
    for origin in origin_mentions(folded, language):
        if not overlaps(origin.start, origin.end):
            found.append(_Found(origin.start, origin.end, ClaimKind.ORIGIN,
                                origin_reason(origin.country, evidence)))
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
                                    origin_reason(country, evidence)))
        else:
            found.append(_Found(hit.start, hit.end, hit.term.kind,
                                concept_reason(hit, evidence)))
    for start, end, readings in quantities(folded):
        if overlaps(start, end) or any(s < end and start < e for s, e in percents):
            continue
        if len(readings) == 1 and readings[0][0] == ("percent", 100.0):
            continue  # "100% satisfaction": emphasis, not a measurement
        found.append(_Found(start, end, ClaimKind.NUMBER_UNIT,
                            judge_quantity(folded[max(0, start - 24):start], readings,
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
    reason = material_reason(concept, evidence)
    if reason is None and percent is not None:
        reason = fibre_reason(concept, percent, evidence)
    return _Found(start, end, ClaimKind.MATERIAL, reason)
