"""The visible text of a field, folded for matching, with a way back to the original offsets.

Descriptions are HTML: claims are matched in the visible text (tags dropped,
entities decoded) but reported with offsets into the HTML string, so a page
can highlight exactly the characters it shows. Folding (lower case, accents
removed) keeps one character per character so offsets survive it.
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_MARKUP = re.compile(r"<[^>]*>|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_HAS_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
# Tags that never split a word; every other tag separates what is around it.
_INLINE = re.compile(r"</?(?:a|b|i|em|strong|span|u|small|sup|sub|mark)\b", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    low = ch.lower()
    if len(low) != 1:
        low = ch
    base = unicodedata.normalize("NFD", low)[0]
    if base in "’‘`´":
        return "'"
    if base in "‐‑‒–—":
        return "-"
    return base if base.isalnum() or not low.isalnum() else low


def fold(text: str) -> str:
    """Lower case without accents, one character for each character of ``text``."""
    return "".join(_fold_char(ch) for ch in text)


@dataclass(frozen=True)
class VisibleText:
    """``plain`` is what a reader sees; ``folded`` is ``plain`` folded for matching."""

    source: str
    plain: str
    folded: str
    _starts: tuple[int, ...]
    _ends: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> VisibleText:
        if not _HAS_TAG.search(text) and "&" not in text:
            return cls(text, text, fold(text), (), ())
        out: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        position = 0

        def emit(chunk: str, start: int, end: int) -> None:
            for ch in chunk:
                out.append(ch)
                starts.append(start)
                ends.append(end)

        for match in _MARKUP.finditer(text):
            for i in range(position, match.start()):
                emit(text[i], i, i + 1)
            token = match.group()
            if token.startswith("<"):
                if not _INLINE.match(token):
                    emit(" ", match.start(), match.start())
            else:
                emit(html.unescape(token) or token, match.start(), match.end())
            position = match.end()
        for i in range(position, len(text)):
            emit(text[i], i, i + 1)
        plain = "".join(out)
        return cls(text, plain, fold(plain), tuple(starts), tuple(ends))

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the original text of the visible characters ``start:end``."""
        if not self._starts:
            return start, end
        end = max(end, start + 1)
        return self._starts[start], self._ends[end - 1]
