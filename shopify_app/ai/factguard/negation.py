"""Mentions that deny or compare rather than claim.

"plastic-free", "without wool" and "softer than silk" name a material the
product is not made of; they are not claims to check.
"""
from __future__ import annotations

import re

_CLAUSE_END = re.compile(r"[.;:!?()\[\]|•\n]")
_WORD = re.compile(r"[\w'-]+")
_NEGATIONS = frozenset({
    "no", "not", "non", "without", "zero", "never", "nor", "neither", "isn't", "aren't",
    "ohne", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nicht", "weder",
    "sin", "ni", "nada", "nunca", "sans", "pas", "aucun", "aucune", "jamais"})
_NEGATION_PHRASES = re.compile(
    r"(?:free (?:of|from)|frei von|libre de|libres de|exempt de|exempte de|instead of|"
    r"statt|anstatt|anstelle von|en lugar de|en vez de|au lieu de|alternative to|"
    r"alternative zu|alternativa a|alternative au|alternative à)\s*$")
# "not only waterproof but also …" affirms.
_NOT_ONLY = re.compile(r"(?:not only|not just|nicht nur|no solo|no sólo|no solamente|"
                       r"non seulement|pas seulement|pas que)\s*$")
_COMPARISONS = frozenset({"than", "like", "als", "wie", "como", "comme"})
_ARTICLES = frozenset({"a", "an", "the", "der", "die", "das", "ein", "eine", "el", "la", "los",
                       "las", "un", "una", "le", "les", "l'", "une", "du", "de"})
# "as smooth as silk", "so weich wie Seide", "tan suave como la seda", "aussi doux que la soie"
_SIMILE = re.compile(r"(?:\bas|\bso|\btan|\baussi|\bsi)\s+[\w-]+\s+(?:as|wie|como|que)\s+"
                     r"(?:(?:the|a|die|der|das|el|la|le|l')\s*)?$")
_CONTRAST = frozenset({"but", "yet", "only", "aber", "sondern", "doch", "nur", "pero", "sino",
                       "solo", "mais", "seulement", "juste"})
_FREE_AFTER = re.compile(r"[\s-]*(?:free|frei|freie|freien|freier|freies|fri)\b")


# Another object the product goes with or stands on: "pairs with your denim", "on a walnut
# shelf", "passt zu Ihrem Holztisch".
_OTHER_OBJECT = re.compile(
    r"(?<![\w])(?:pairs? (?:well |beautifully |perfectly )?with|goes with|matches|complements|"
    r"style it with|wear it with|team it with|on (?:your|any)|next to|beside|"
    r"passt (?:perfekt |gut )?zu|kombinieren mit|kombiniert mit|auf (?:ihrem|ihrer|jedem|jeder)|"
    r"neben|combina (?:con|bien con)|sobre (?:tu|su|cualquier)|junto a|s'accorde (?:avec|a)|"
    r"se marie avec|avec (?:votre|vos)|sur (?:votre|vos|tout|toute)|a cote de)"
    r"\s+(?:[\w'-]+\s+){0,2}$")
# Colour words in set phrases that say nothing about the product, per language.
_IDIOM_AFTER = {
    "en": re.compile(r"[\s-]*(?:friday|tea|coffee|wine|pepper|noise|list|market)\b"),
    "de": re.compile(r"[\s-]*(?:freitag|tee|kaffee|wein|pfeffer)\b"),
    "es": re.compile(r"(?!)"), "fr": re.compile(r"(?!)")}
_IDIOM_BEFORE = {
    "en": re.compile(r"(?!)"), "de": re.compile(r"(?!)"),
    "es": re.compile(r"(?<!\w)(?:vino|te|cafe|viernes)\s+$"),
    "fr": re.compile(r"(?<!\w)(?:vin|the|cafe|vendredi)\s+$")}


def _clause_start(folded: str, start: int, reach: int = 60) -> int:
    return max((m.end() for m in _CLAUSE_END.finditer(folded, max(0, start - reach), start)),
               default=max(0, start - reach))


def is_other_object(folded: str, start: int) -> bool:
    """Whether a mention describes something the product goes with, not the product."""
    return bool(_OTHER_OBJECT.search(folded, _clause_start(folded, start), start))


def is_idiom(folded: str, start: int, end: int, language: str) -> bool:
    """"black coffee", "grüner Tee", "thé vert", "Black Friday"."""
    after, before = _IDIOM_AFTER.get(language), _IDIOM_BEFORE.get(language)
    return bool(after and after.match(folded, end)
                or before and before.search(folded, max(0, start - 10), start))


def is_negated(folded: str, start: int, end: int) -> bool:
    """Whether the mention ``folded[start:end]`` is denied or only compared with."""
    if _FREE_AFTER.match(folded, end):
        return True
    before = folded[_clause_start(folded, start):start]
    if _NOT_ONLY.search(before):
        return False
    if _NEGATION_PHRASES.search(before) or _SIMILE.search(before):
        return True
    words = _WORD.findall(before)
    contrast = [i for i, word in enumerate(words) if word in _CONTRAST]
    if contrast:  # "not waterproof, but water-resistant"
        words = words[contrast[-1] + 1:]
    words = words[-3:]
    # "comme la soie": the article may sit between the comparison and the material.
    words_before = words[:-1] if words and words[-1] in _ARTICLES else words
    if words_before and words_before[-1] in _COMPARISONS:
        return True
    return any(word in _NEGATIONS for word in words)
