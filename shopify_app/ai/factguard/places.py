"""Countries of origin ("made in Italy", "in Portugal gefertigt", "cuir italien") and warranties."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from .lexicon import LANGUAGES, inflections, key_of
from .textmap import fold
from .trie import trie_pattern
from .vocab_claims import COUNTRIES, ORIGIN_AFTER, ORIGIN_BEFORE


@dataclass(frozen=True)
class OriginMention:
    country: str
    start: int
    end: int


def _alternatives(forms: dict[str, str]) -> str:
    return trie_pattern(forms)


@cache
def _country_forms(language: str | None) -> tuple[dict[str, str], dict[str, str]]:
    """(country name → concept, nationality adjective → concept), folded keys."""
    names: dict[str, str] = {}
    adjectives: dict[str, str] = {}
    languages = LANGUAGES if language is None else (language,)
    for concept, entry in COUNTRIES.items():
        for lang, (noun_text, adjective_text) in entry.items():
            targets = languages if lang == "*" else (lang,) if lang in languages else ()
            for target in targets:
                for noun in noun_text.split("|"):
                    names.setdefault(fold(noun), concept)
                for adjective in adjective_text.split("|"):
                    for form in inflections(target, adjective):
                        adjectives.setdefault(fold(form), concept)
    return names, adjectives


@cache
def _any_country() -> tuple[re.Pattern[str], dict[str, str]]:
    names, adjectives = _country_forms(None)
    lookup = {key_of(k): v for k, v in {**adjectives, **names}.items()}
    return re.compile(r"(?<!\w)(" + _alternatives({**names, **adjectives}) + r")(?!\w)"), lookup


def country_hits(folded: str, original: str) -> Iterator[tuple[str, str]]:
    """(concept, wording) for every country or nationality named anywhere in a fact."""
    pattern, lookup = _any_country()
    for match in pattern.finditer(folded):
        concept = lookup.get(key_of(match.group(1)))
        if concept:
            yield concept, original[match.start():match.end()]


@cache
def _origin_patterns(language: str) -> tuple[re.Pattern[str], re.Pattern[str] | None,
                                             re.Pattern[str], dict[str, str]]:
    names, adjectives = _country_forms(language)
    countries = _alternatives(names)
    lookup = {key_of(k): v for k, v in {**adjectives, **names}.items()}
    before = re.compile(rf"(?<!\w){ORIGIN_BEFORE[language]}\s+(?:(?:the|el|la|los|der|den|dem|"
                        rf"le|les)\s+)?(?P<c>{countries})"
                        r"(?!\w)")
    after = None
    if language in ORIGIN_AFTER:
        after = re.compile(rf"(?<!\w)in\s+(?P<c>{countries})\s+(?:\w+\s+)?"
                           rf"{ORIGIN_AFTER[language]}(?!\w)")
    made = re.compile(rf"(?<!\w)(?P<c>{_alternatives(adjectives)})[\s-]*(?:made|gefertigt|"
                      r"hergestellt)(?!\w)")
    return before, after, made, lookup


def origin_mentions(folded: str, language: str) -> Iterator[OriginMention]:
    before, after, made, lookup = _origin_patterns(language if language in ORIGIN_BEFORE
                                                   else "en")
    for pattern in (before, after, made):
        if pattern is None:
            continue
        for match in pattern.finditer(folded):
            concept = lookup.get(key_of(match.group("c")))
            if concept:
                yield OriginMention(concept, match.start(), match.end())


@cache
def _source_after(language: str) -> re.Pattern[str]:
    names, _adjectives = _country_forms(language)
    return re.compile(r"\s+(?:from|de|d'|du|des|aus)\s*(?:(?:the|la|l'|el|der|dem)\s+)?(?P<c>"
                      + _alternatives(names) + r")(?!\w)")


def nationality_at(folded: str, start: int, end: int, language: str) -> tuple[str, int, int] | None:
    """The country a material is said to come from, with the span of both.

    "Italian leather", "cuir italien", "cashmere from Mongolia", "algodón de Egipto".
    """
    language = language if language in LANGUAGES else "en"
    names, adjectives = _country_forms(language)
    source = _source_after(language).match(folded, end)
    if source:
        lookup = {key_of(k): v for k, v in names.items()}
        concept = lookup.get(key_of(source.group("c")))
        if concept:
            return concept, start, source.end()
    if language in ("es", "fr"):
        match = re.match(r"\s+([\w-]+)", folded[end:end + 30])
        if match and fold(match.group(1)) in adjectives:
            return adjectives[fold(match.group(1))], start, end + match.end()
    match = re.search(r"([\w-]+)\s+$", folded[max(0, start - 30):start])
    if match and match.group(1) in adjectives and language in ("en", "de"):
        return adjectives[match.group(1)], start - len(match.group(0)), end
    return None


_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twelve": 12, "ein": 1, "eine": 1, "einem": 1, "einer": 1, "zwei": 2,
    "drei": 3, "vier": 4, "funf": 5, "sechs": 6, "zehn": 10, "uno": 1, "un": 1, "dos": 2,
    "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "diez": 10, "une": 1, "deux": 2,
    "trois": 3, "quatre": 4, "cinq": 5, "dix": 10}
_N = r"(?P<n>\d+|" + "|".join(_NUMBER_WORDS) + ")"
_SPAN_UNIT = (r"(?P<u>years?|yrs?|months?|jahre?n?|jahres|monate?n?|monats|anos|ano|meses|mes|"
              r"ans|an|annees|mois|jahrige[nmrs]?|monatige[nmrs]?)")
_WARRANTY_WORD = (r"(?:limited\s+|manufacturer'?s?\s+)?(?:warranty|guarantee|guaranteed|"
                  r"garantie|garanties|garantis?|garantiert|herstellergarantie|gewahrleistung|"
                  r"garantia|garantizad[oa]s?)")
WARRANTIES = tuple(re.compile(rf"(?<!\w){pattern}(?!\w)") for pattern in (
    rf"{_N}[\s-]*{_SPAN_UNIT}[\s-]+(?:de\s+|of\s+)?{_WARRANTY_WORD}",
    rf"{_WARRANTY_WORD}\s*(?:of\s+|von\s+|de\s+|fur\s+|por\s+|pour\s+|:\s*)?{_N}\s*"
    rf"{_SPAN_UNIT}",
    rf"(?P<life>lifetime|lebenslange[nr]?|de por vida|a vie)\s*{_WARRANTY_WORD}",
    rf"{_WARRANTY_WORD}\s+(?P<life>de por vida|a vie|lebenslang)",
    rf"guaranteed\s+for\s+{_N}\s*{_SPAN_UNIT}"))
LIFETIME = 12 * 1000


def _months(match: re.Match[str]) -> float:
    if "life" in match.groupdict():
        return LIFETIME
    number = match.group("n")
    count = float(number) if number.isdigit() else float(_NUMBER_WORDS[number])
    unit = match.group("u")
    return count if unit.startswith(("mo", "mes", "mois")) else count * 12


def warranty_mentions(folded: str) -> Iterator[tuple[float, int, int]]:
    """(months, start, end) for every warranty with a length; lifetime is a very long time."""
    seen: list[tuple[int, int]] = []
    for pattern in WARRANTIES:
        for match in pattern.finditer(folded):
            if not any(s < match.end() and match.start() < e for s, e in seen):
                seen.append((match.start(), match.end()))
                yield _months(match), match.start(), match.end()


def warranty_months(folded: str) -> set[float]:
    return {months for months, _s, _e in warranty_mentions(folded)}
