"""A light check that text is written in the language that was asked for.

Counting common function words is crude but cheap and good enough to catch a
model that ignored the language instruction. Short texts (titles, alt text)
carry too few function words to judge and always pass.
"""
from __future__ import annotations

import re

from .settings import base_language


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOP_WORDS: dict[str, frozenset[str]] = {
    "en": _words("""the and of to a in is for with you your it this that on are be as at by
        from or an our will can has have its not but all more made into which their they
        these those was were than also only just every perfect"""),
    "de": _words("""der die das und ist nicht mit für sie ein eine einen einem dem den des auf
        zu im von sich auch aus bei wir ihr es werden wird sind oder noch nur wie über unser
        unsere dieser diese dieses durch ihre ihren zum zur jeder perfekt"""),
    "fr": _words("""le la les et est un une des du pour avec dans vous votre vos sur au aux ce
        cette ces qui que pas plus par son sa ses nos notre être sont ou très tout tous sans
        parfait idéal"""),
    "es": _words("""el la los las y es un una del para con en que por su sus se al lo como más
        este esta estos estas nuestro nuestra muy sin sobre son tu tus usted cada ideal
        perfecto"""),
    "it": _words("""il lo la gli le e è un una di del della delle dei per con che non sono
        questo questa nel nella al alla più come anche suo sua ogni tuo tua perfetto"""),
    "nl": _words("""de het een en is van voor met op te dat die niet zijn je jouw uw ook als
        bij aan er om dit deze naar wordt door onze ons elke perfect"""),
    "pt": _words("""o a os as e é um uma do da dos das para com em que não por seu sua mais
        como se no na ao este esta nosso nossa são muito cada você perfeito"""),
}
SUPPORTED = frozenset(_STOP_WORDS)

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
MIN_WORDS = 8
MIN_HITS = 3


def stop_word_hits(text: str) -> tuple[int, dict[str, int]]:
    """Word count of ``text`` and how many of its words are function words per language."""
    words = [w.lower() for w in _WORD.findall(text)]
    hits = {lang: sum(1 for w in words if w in stops) for lang, stops in _STOP_WORDS.items()}
    return len(words), hits


def detect_language(text: str) -> str | None:
    """The most likely of the supported languages, or ``None`` when unsure."""
    total, hits = stop_word_hits(text)
    if total < MIN_WORDS:
        return None
    best = max(hits, key=lambda lang: hits[lang])
    runner_up = max((n for lang, n in hits.items() if lang != best), default=0)
    if hits[best] < MIN_HITS or hits[best] < runner_up * 1.5:
        return None
    return best


def language_mismatch(text: str, expected: str) -> str | None:
    """The language ``text`` is clearly written in when it is not ``expected``.

    Returns ``None`` when the text matches, is too short to judge, or the
    expected language is one the heuristic does not know.
    """
    expected = base_language(expected)
    if expected not in SUPPORTED:
        return None
    total, hits = stop_word_hits(text)
    if total < MIN_WORDS:
        return None
    best = max(hits, key=lambda lang: hits[lang])
    if best == expected:
        return None
    # "Clearly": the other language dominates and the asked one barely shows.
    if hits[best] >= MIN_HITS and hits[best] >= 2 * hits[expected] + 1 \
            and hits[best] / total >= 0.12:
        return best
    return None
