"""``score()``: the SEO score of one field's text."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..facts import ProductFacts
from ..settings import base_language
from . import rules
from .duplicates import DuplicateMatch
from .model import Reason, Score, total
from .text import keyword_of, line_text, words

FIELDS = ("seo_title", "seo_description", "description", "alt_text")
_LABELS = {"seo_title": "SEO title", "seo_description": "meta description"}


def score(field: str, text: str | None, facts: ProductFacts | Mapping[str, Any] | None, *,
          language: str = "en", duplicates: Sequence[DuplicateMatch] = ()) -> Score:
    """Score ``text`` for ``field`` from 0 to 100, with a reason per rule.

    Args:
        field: ``seo_title``, ``seo_description``, ``description`` (HTML) or ``alt_text``.
        text: the field's value (generated or original).
        facts: the product's facts, for its main keyword (title and type); ``None``
            skips the keyword rules.
        language: the text's language (for stems of the keyword).
        duplicates: near-identical texts found by a :class:`DuplicateIndex`.

    Raises:
        ValueError: ``field`` is not one of :data:`FIELDS`.
    """
    if field not in FIELDS:
        raise ValueError(f"field must be one of {', '.join(FIELDS)}")
    text = text or ""
    language = base_language(language or "en")
    html = field == "description"
    plain = " ".join(line_text(text, html).split())
    if not plain:
        return Score(0, [Reason("empty", "There is no text", -100)])
    keyword = keyword_of(facts, language)
    if field == "alt_text":
        reasons = rules.alt_text_rules(plain, keyword, language)
    elif field == "description":
        reasons = _description(text, plain, keyword, language)
    else:
        reasons = _seo_field(field, plain, keyword, language)
    best = max(duplicates, key=lambda d: d.similarity, default=None)
    reasons.append(rules.duplicate_reason(best.similarity if best else None,
                                          str(best.key) if best else None))
    return total(reasons)


def _seo_field(field: str, plain: str, keyword: Any, language: str) -> list[Reason]:
    label = _LABELS[field]
    if field == "seo_title":
        return [rules.length_band(plain, rules.TITLE_BAND, label),
                rules.keyword_present(plain, keyword, language, early_words=4,
                                      missing_points=-30, late_points=-10,
                                      where="at the start"),
                rules.keyword_stuffing(plain, keyword, language, limit=1, points=-20),
                rules.all_caps(plain)]
    return [rules.length_band(plain, rules.META_BAND, label),
            rules.keyword_present(plain, keyword, language, early_words=12,
                                  missing_points=-25, late_points=-5,
                                  where="in the first sentence"),
            rules.keyword_stuffing(plain, keyword, language, limit=2, points=-20),
            rules.readable_sentences(plain),
            rules.all_caps(plain)]


def _description(markup: str, plain: str, keyword: Any, language: str) -> list[Reason]:
    html = "<" in markup
    count = len(words(plain))
    limit = max(3, count // 60)  # about once per 60 words is natural
    return [rules.description_length(count),
            rules.keyword_present(plain, keyword, language, early_words=100,
                                  missing_points=-25, late_points=-10,
                                  where="in the first paragraph"),
            rules.keyword_stuffing(plain, keyword, language, limit=limit, points=-20),
            rules.readable_sentences(line_text(markup, True) if html else plain),
            *rules.structure(markup, count, html)]
