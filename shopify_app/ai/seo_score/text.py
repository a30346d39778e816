"""Words, sentences and keywords of a field, the same way for every rule."""
from __future__ import annotations

import html as html_lib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..factguard.textmap import fold
from ..facts import ProductFacts

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_SENTENCE = re.compile(r"(?<=[.!?…])\s+|\n+")
_BLOCK_END = re.compile(r"</(?:p|h\d|li|div|ul|ol)>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SPLIT_TITLE = re.compile(r"\s+[-|–—:/]\s+|[,(\[]")
_STOP_TEXT = """
    a an the and or of for with in on to by from at your our my this that is are it its
    der die das und oder mit für von zu im in am an auf aus ein eine einen dem den des ist
    el la los las y o de del con para por en un una su sus al es
    le la les et ou de du des avec pour par en un une sur au aux est
    """
_SUFFIXES = {"en": ("ies", "es", "s"), "de": ("en", "er", "es", "e", "n", "s"),
             "es": ("es", "s"), "fr": ("x", "s")}


def _folded_words(text: str) -> frozenset[str]:
    return frozenset(fold(word) for word in text.split())


_STOP = _folded_words(_STOP_TEXT)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def sentences(text: str) -> list[str]:
    return [s for s in (part.strip() for part in _SENTENCE.split(text)) if words(s)]


def stem(word: str, language: str) -> str:
    """A crude stem so "mugs" finds "mug" and "Tassen" finds "Tasse"."""
    word = fold(word)
    for suffix in _SUFFIXES.get(language, _SUFFIXES["en"]):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[:-len(suffix)]
    return word


def content_stems(text: str, language: str) -> list[str]:
    return [stem(w, language) for w in words(text) if fold(w) not in _STOP]


@dataclass(frozen=True)
class Keyword:
    """The product's main keyword: the title without brand and extras, and its type."""

    phrase: str
    stems: tuple[str, ...]
    type_stems: tuple[str, ...]

    def found_at(self, text: str, language: str) -> int | None:
        """Word index of the keyword's first appearance in ``text``, or ``None``.

        Present means the product type appears, or most of the title's words do
        (a title "Speckled Stoneware Mug" is found in "this stoneware mug").
        """
        stems = [stem(w, language) for w in words(text)]
        positions: list[int] = []
        if self.type_stems:
            positions += [i for i in range(len(stems))
                          if tuple(stems[i:i + len(self.type_stems)]) == self.type_stems]
        core = set(self.stems)
        if core:
            hits = [i for i, s in enumerate(stems) if s in core]
            needed = max(1, round(len(core) * 0.6))
            if len({stems[i] for i in hits}) >= needed:
                positions.append(hits[0])
        return min(positions) if positions else None

    def count(self, text: str, language: str) -> int:
        """How often the keyword (the title's words in order, or the type) is repeated."""
        stems = [stem(w, language) for w in words(text)]
        counts = []
        for target in (self.stems, self.type_stems):
            if target:
                counts.append(sum(1 for i in range(len(stems))
                                  if tuple(stems[i:i + len(target)]) == target))
        return max(counts, default=0)


def keyword_of(facts: ProductFacts | Mapping[str, Any] | None, language: str) -> Keyword | None:
    if facts is None:
        return None
    if isinstance(facts, Mapping):
        facts = ProductFacts.from_mapping(facts)
    title = facts.title
    if facts.vendor:
        title = re.sub(re.escape(facts.vendor), " ", title, flags=re.IGNORECASE)
    core = _SPLIT_TITLE.split(title)[0] if title.strip() else ""
    stems = tuple(s for s in content_stems(core, language) if not s.isdigit())
    type_stems = tuple(content_stems(facts.product_type, language))
    if not stems and not type_stems:
        return None
    phrase = " ".join(core.split()) or facts.product_type
    return Keyword(phrase, stems, type_stems)


def line_text(text: str, html: bool) -> str:
    """Visible text keeping block breaks as newlines (for sentence splitting)."""
    if not html:
        return text
    marked = _BLOCK_END.sub("\n", text)
    return html_lib.unescape(_TAG.sub(" ", marked))
