"""Small text helpers shared by the validator and the template writer."""
from __future__ import annotations

import html
import re

_FENCE = re.compile(r"^\s*```[\w+-]*[ \t]*\n?(.*?)\n?```\s*$", re.DOTALL)
# "Sure! Here is a description for your product:" and friends, in a few languages.
_CHATTY_LINE = re.compile(
    r"^\s*(?:sure|certainly|of course|absolutely|okay|ok|great)\b[^\n]{0,160}\n", re.IGNORECASE)
_PREAMBLE = re.compile(
    r"^\s*(?:here(?:'s|’s| is| are)|below is|voici|voilà|hier (?:ist|sind)|"
    r"aquí (?:tienes|está|hay)|ecco)\b[^\n:]{0,160}:\s*", re.IGNORECASE)
_LABEL = re.compile(
    r"^\s*(?:\*\*|__)?(?:seo[ _-]?title|title|meta[ _-]?description|seo[ _-]?description|"
    r"description|alt[ _-]?text|alt)(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*", re.IGNORECASE)
_QUOTES = {'"': '"', "'": "'", "“": "”", "„": "“", "«": "»", "‘": "’", "`": "`", "‹": "›"}
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
# A stop after these ends a word, not a sentence ("Tidewater Co. makes…", "St. Ives").
_ABBREVIATIONS = frozenset({
    "co", "inc", "ltd", "llc", "corp", "bros", "st", "dr", "mr", "mrs", "ms", "no", "nr",
    "vs", "approx", "incl", "ca", "e.g", "i.e", "etc", "jr", "sr", "mt", "ft", "oz", "lb",
    "lbs", "gmbh", "bzw", "z.b", "u.a", "usw", "cie", "sa", "s.a", "s.l", "cía", "av"})
# A stop a template adds after a value that already ends with one ("by Tidewater Co." + ".").
_DOUBLED_STOP = re.compile(r"(?<![.])([.!?…])\.(?![.])")
_TRAILING = " \t,;:-–—|/&+("


def strip_wrappers(text: str, field: str = "") -> str:
    """Peel code fences, chatty preambles, field labels and surrounding quotes."""
    text = text.strip()
    for _ in range(3):  # wrappers can nest: a fence inside quotes after a preamble
        before = text
        fence = _FENCE.match(text)
        if fence:
            text = fence.group(1).strip()
        if _CHATTY_LINE.match(text) and text.count("\n"):
            text = _CHATTY_LINE.sub("", text, count=1).strip()
        text = _PREAMBLE.sub("", text, count=1).strip()
        if field != "description" or not text.startswith("<"):
            text = _LABEL.sub("", text, count=1).strip()
        text = _unquote(text)
        if text == before:
            break
    return text


def _unquote(text: str) -> str:
    if len(text) >= 2 and _QUOTES.get(text[0]) == text[-1]:
        inner = text[1:-1]
        # '"Big" cozy blanket "Max"' is quoted inside, not wrapped.
        if text[0] not in inner and text[-1] not in inner:
            return inner.strip()
    return text


def clip_words(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` characters at a word boundary.

    Prefers ending after a full sentence when that keeps most of the text;
    never leaves dangling punctuation or a half word.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[:limit + 1]
    sentence_cut = max(_sentence_breaks(head), default=-1)
    if sentence_cut >= limit * 0.6:
        return head[:sentence_cut].rstrip()
    cut = head.rfind(" ")
    clipped = head[:cut] if cut >= limit * 0.5 else text[:limit]
    return clipped.rstrip(_TRAILING) or text[:limit]


def _sentence_breaks(text: str) -> list[int]:
    """Where sentences end in ``text``: after a stop, but not after an abbreviation or an
    initial, whose stop belongs to the word ("Tidewater Co. linen" is one sentence)."""
    breaks = []
    for match in _SENTENCE_END.finditer(text):
        word = text[:match.start()].rsplit(None, 1)[-1] if text[:match.start()].strip() else ""
        bare = word.rstrip(".").lstrip("(\"'“‘").lower()
        if word.endswith(".") and (bare in _ABBREVIATIONS or (len(bare) == 1 and bare.isalpha())):
            continue
        breaks.append(match.start())
    return breaks


def sentences(text: str, count: int = 1) -> str:
    """The first ``count`` sentences of ``text``."""
    text = " ".join(text.split())
    if count <= 0:
        return ""
    breaks = _sentence_breaks(text)
    return text if len(breaks) < count else text[:breaks[count - 1]]


def tidy_stops(text: str) -> str:
    """One stop where joining pieces made two: "by Tidewater Co." + "." is "Co.", not
    "Co..". An ellipsis ("...") stays as written."""
    return _DOUBLED_STOP.sub(r"\1", text)


def join_list(values: list[str] | tuple[str, ...], conjunction: str = "and") -> str:
    """``["red", "blue", "green"]`` → ``"red, blue and green"``."""
    items = [str(v) for v in values if str(v).strip()]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+(.*)$")
_BOLD = re.compile(r"(\*\*|__)(.+?)\1")
_HEADING = re.compile(r"^\s*#{1,6}\s+(.*)$")


def html_from_text(text: str) -> str:
    """Paragraphs, bullet lists, headings and bold from plain text or light markdown."""
    blocks: list[str] = []
    paragraph: list[str] = []
    bullets: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append("<p>" + "<br>".join(paragraph) + "</p>")
            paragraph.clear()
        if bullets:
            blocks.append("<ul>" + "".join(f"<li>{item}</li>" for item in bullets) + "</ul>")
            bullets.clear()

    for line in text.strip().splitlines():
        bullet, heading = _BULLET.match(line), _HEADING.match(line)
        if not line.strip():
            flush()
        elif bullet:
            if paragraph:
                flush()
            bullets.append(_inline(bullet.group(1)))
        elif heading:
            flush()
            blocks.append(f"<h3>{_inline(heading.group(1))}</h3>")
        else:
            if bullets:
                flush()
            paragraph.append(_inline(line.strip()))
    flush()
    return "\n".join(blocks)


def _inline(text: str) -> str:
    return _BOLD.sub(lambda m: f"<strong>{m.group(2)}</strong>", html.escape(text, quote=False))
