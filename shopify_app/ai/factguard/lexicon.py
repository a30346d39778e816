"""Compiled word lists: which concept a wording names, per language.

The text of a field is matched with its own language's words (plus the
language-independent ones); the product's facts are matched with every
language's words, because a German store's facts often come from an English
supplier feed. Matching runs on folded text (see :mod:`.textmap`).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from .model import ClaimKind
from .textmap import fold
from .trie import trie_pattern
from .vocab_claims import ABSOLUTES, CERTIFICATIONS
from .vocab_materials import COLOURS, GERMAN_PREFIXES, MATERIALS, Table

LANGUAGES = ("en", "de", "es", "fr")
_SEPARATOR = re.compile(r"[\s\-]+")
_TABLES: tuple[tuple[ClaimKind, Table, bool], ...] = (
    (ClaimKind.MATERIAL, MATERIALS, False),
    (ClaimKind.COLOUR, COLOURS, True),
    (ClaimKind.ABSOLUTE, ABSOLUTES, True),
    (ClaimKind.CERTIFICATION, CERTIFICATIONS, False),
)
# Compound continuations that change the meaning ("Glasur" is glaze, not glass).
_BAD_CONTINUATIONS = {"glas": ("ur",), "gold": ("ig", "en")}
_FR_IRREGULAR = {"blanc": ("blanche", "blanches", "blancs"),
                 "violet": ("violette", "violettes", "violets"),
                 "turc": ("turque", "turques", "turcs"), "grec": ("grecque", "grecques", "grecs")}


@dataclass(frozen=True)
class Term:
    kind: ClaimKind
    concept: str


@dataclass(frozen=True)
class Hit:
    term: Term
    start: int
    end: int


def key_of(wording: str) -> str:
    return _SEPARATOR.sub("", fold(wording))


def inflections(language: str, form: str) -> tuple[str, ...]:
    """Adjective endings: "schwarz" → "schwarze", "schwarzen", …; "negro" → "negra", …."""
    if " " in form or "-" in form or language == "en":
        return (form,)
    if language == "de":
        endings = ("n", "r", "s", "m") if form.endswith("e") else ("e", "en", "er", "es", "em")
    elif language == "es":
        if form.endswith("o"):
            return (form, form[:-1] + "a", form + "s", form[:-1] + "as")
        endings = ("s",) if form[-1] in "ae" else ("es",)
    elif language == "fr":
        if form in _FR_IRREGULAR:
            return (form, *_FR_IRREGULAR[form])
        if form.endswith("en"):
            return (form, form + "ne", form + "nes", form + "s")
        endings = ("s",) if form.endswith("e") else ("e", "s", "es")
    else:
        return (form,)
    return (form, *(form + ending for ending in endings))


def _forms(entry: dict[str, str], languages: tuple[str, ...], inflect: bool
           ) -> Iterator[tuple[str, str, bool]]:
    """(language, wording, is German compound stem) for every wording of a concept."""
    for lang, text in entry.items():
        if lang != "*" and lang not in languages:
            continue
        for form in text.split("|"):
            stem = form.endswith("~")
            form = form.rstrip("~")
            langs = languages if lang == "*" else (lang,)
            for target in langs:
                for variant in (inflections(target, form) if inflect and not stem else (form,)):
                    yield target, variant, stem


class Lexicon:
    """One regex over every wording; ``lookup`` maps a matched wording to its concept."""

    def __init__(self, languages: tuple[str, ...], *, lenient: bool) -> None:
        exact: dict[str, Term] = {}
        stems: dict[str, Term] = {}
        exact_forms: set[str] = set()
        stem_forms: set[str] = set()

        def add(form: str, term: Term, stem: bool) -> None:
            (stems if stem else exact).setdefault(key_of(form), term)
            (stem_forms if stem else exact_forms).add(fold(form))

        for kind, table, inflect in _TABLES:
            for concept, entry in table.items():
                term = Term(kind, concept)
                for lang, form, stem in _forms(entry, languages, inflect):
                    add(form, term, stem and lang == "de")
                    if lenient and len(key_of(form)) >= 4:
                        add(form, term, True)
                    if kind is ClaimKind.MATERIAL and lang == "de" and " " not in form:
                        for prefix in GERMAN_PREFIXES:
                            add(prefix + form, term, stem)
                    if kind is ClaimKind.COLOUR and lang == "de" and " " not in form:
                        for shade in ("dunkel", "hell", "tief", "pastell"):  # "dunkelblau"
                            add(shade + form, term, False)
        self.lookup = {**stems, **exact}
        self.regex = re.compile(
            r"(?<![\w])(?:(" + _alternation(exact_forms) + r")(?![\w])|("
            + _alternation(stem_forms) + r")[\w]*)")

    def find(self, folded: str) -> Iterator[Hit]:
        for match in self.regex.finditer(folded):
            if match.group(1):
                yield Hit(self.lookup[key_of(match.group(1))], match.start(), match.end())
                continue
            stem = match.group(2)
            key = key_of(stem)
            rest = folded[match.start(2) + len(stem):match.end()]
            if any(rest.startswith(bad) for bad in _BAD_CONTINUATIONS.get(key, ())):
                continue
            # The claim is the stem's word: "Lederjacke" → the whole word is shown.
            yield Hit(self.lookup[key], match.start(), match.end())


def _alternation(forms: set[str]) -> str:
    return trie_pattern(forms)


@cache
def text_lexicon(language: str) -> Lexicon:
    return Lexicon((language,) if language in LANGUAGES else ("en",), lenient=False)


@cache
def facts_lexicon() -> Lexicon:
    return Lexicon(LANGUAGES, lenient=True)
