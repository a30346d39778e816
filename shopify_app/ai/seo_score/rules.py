"""The rules of each field. Every rule returns one :class:`Reason` (0 points when it passes)."""
from __future__ import annotations

import re
from collections import Counter

from .model import Reason
from .text import Keyword, content_stems, sentences, words

TITLE_BAND = (30, 70)
META_BAND = (70, 160)
ALT_MAX = 125
DESCRIPTION_WORDS = (50, 100, 600)  # thin below, short below, long above
LONG_DESCRIPTION = 150  # words from which headings and lists are expected
SENTENCE_WORDS = 22  # average words per sentence that still reads easily
MAX_SENTENCE_WORDS = 40

_HEADING = re.compile(r"<h[2-4][\s>]", re.IGNORECASE)
_LIST = re.compile(r"<(?:ul|ol)[\s>]", re.IGNORECASE)
_PARAGRAPH = re.compile(r"<p[\s>]", re.IGNORECASE)
_REDUNDANT_ALT = re.compile(
    r"^\s*(?:an?\s+)?(?:image|picture|photo|photograph|graphic|bild|foto|abbildung|imagen|"
    r"fotografía|fotografia|image|photo)\s+(?:of|von|de|del|de la|du|des)\b", re.IGNORECASE)
_FILENAME = re.compile(
    r"\.(?:jpe?g|png|gif|webp|avif|svg|heic|tiff?)\b|^(?:img|dsc|dscn|pxl|image|photo|screenshot|"
    r"untitled)[\s_-]*\d+|^[^\W_]+(?:[_-][^\W_]+){2,}$", re.IGNORECASE)


def length_band(text: str, band: tuple[int, int], label: str) -> Reason:
    low, high = band
    size = len(text)
    if size < low:
        return Reason("too_short", f"The {label} has {size} characters; {low}–{high} "
                      "use the space search results give it", -20)
    if size > high:
        return Reason("too_long", f"The {label} has {size} characters; search results cut "
                      f"it after about {high}", -20)
    return Reason("length_ok", f"{size} characters, within {low}–{high}", 0)


def keyword_present(text: str, keyword: Keyword | None, language: str, *, early_words: int,
                    missing_points: int, late_points: int, where: str) -> Reason:
    if keyword is None:
        return Reason("keyword_unknown", "No product title or type to take a keyword from", 0)
    position = keyword.found_at(text, language)
    if position is None:
        return Reason("keyword_missing", f"The main keyword “{keyword.phrase}” does not "
                      "appear", missing_points)
    if position >= early_words:
        return Reason("keyword_late", f"The main keyword “{keyword.phrase}” appears only "
                      f"after {position} words; put it {where}", late_points)
    return Reason("keyword_ok", f"The main keyword “{keyword.phrase}” appears {where}", 0)


def keyword_stuffing(text: str, keyword: Keyword | None, language: str, *, limit: int,
                     points: int) -> Reason:
    """The keyword repeated more than ``limit`` times, or one word dominating the text."""
    repeats = keyword.count(text, language) if keyword else 0
    if repeats > limit:
        return Reason("keyword_stuffing", f"The keyword is repeated {repeats} times; "
                      f"{limit} {'is' if limit == 1 else 'are'} enough", points)
    stems = content_stems(text, language)
    if len(stems) >= 8:
        word, count = Counter(stems).most_common(1)[0]
        if count >= 4 and count / len(stems) > 0.08:
            return Reason("word_stuffing", f"“{word}” makes up {count / len(stems):.0%} "
                          "of the words; it reads as stuffing", points)
    if len(stems) >= 3 and len(stems) < 8:
        word, count = Counter(stems).most_common(1)[0]
        if count >= 3:
            return Reason("word_stuffing", f"“{word}” is repeated {count} times", points)
    return Reason("no_stuffing", "No keyword stuffing", 0)


def readable_sentences(text: str) -> Reason:
    parts = sentences(text)
    if not parts:
        return Reason("readable", "No sentences to judge", 0)
    counts = [len(words(p)) for p in parts]
    average = sum(counts) / len(counts)
    longest = max(counts)
    if average > SENTENCE_WORDS:
        return Reason("long_sentences", f"Sentences average {average:.0f} words; under "
                      f"{SENTENCE_WORDS} reads more easily", -10)
    if longest > MAX_SENTENCE_WORDS:
        return Reason("very_long_sentence", f"One sentence has {longest} words; split it",
                      -5)
    return Reason("readable", f"Sentences average {average:.0f} words", 0)


def all_caps(text: str) -> Reason:
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 12 and sum(c.isupper() for c in letters) / len(letters) > 0.7:
        return Reason("all_caps", "Mostly capital letters reads as shouting", -10)
    return Reason("normal_case", "Normal capitalisation", 0)


def description_length(count: int) -> Reason:
    thin, short, long = DESCRIPTION_WORDS
    if count < thin:
        return Reason("too_thin", f"Only {count} words; search engines treat pages under "
                      f"{thin} words as thin content", -30)
    if count < short:
        return Reason("short", f"{count} words; {short}–{long} words describe a product "
                      "well", -10)
    if count > long:
        return Reason("too_long", f"{count} words; shoppers skim, keep it under {long}", -10)
    return Reason("length_ok", f"{count} words", 0)


def structure(markup: str, count: int, html: bool) -> list[Reason]:
    if count < LONG_DESCRIPTION:
        return [Reason("structure_ok", "Short enough to need no headings or lists", 0)]
    reasons = []
    reasons.append(Reason("headings", "Has headings", 0) if html and _HEADING.search(markup)
                   else Reason("no_headings", f"{count} words without a heading; add "
                               "subheadings so shoppers can scan", -5))
    reasons.append(Reason("lists", "Has a list", 0) if html and _LIST.search(markup)
                   else Reason("no_lists", "No bullet list; list the key details", -5))
    if not html or len(_PARAGRAPH.findall(markup)) < 2:
        reasons.append(Reason("one_block", "One block of text; break it into paragraphs",
                              -5))
    return reasons


def alt_text_rules(text: str, keyword: Keyword | None, language: str) -> list[Reason]:
    reasons: list[Reason] = []
    stripped = text.strip()
    if _FILENAME.search(stripped) or (" " not in stripped and len(stripped) > 12):
        reasons.append(Reason("alt_filename", "It looks like a file name, not a description "
                              "of the image", -50))
    if _REDUNDANT_ALT.match(stripped):
        reasons.append(Reason("alt_redundant", "Screen readers already say it is an image; "
                              "start with what it shows", -15))
    count = len(words(stripped))
    if count < 3 or len(stripped) < 15:
        reasons.append(Reason("alt_too_short", "Too short to describe the image", -25))
    elif len(stripped) > ALT_MAX:
        reasons.append(Reason("alt_too_long", f"{len(stripped)} characters; screen readers "
                              f"handle about {ALT_MAX} well", -10))
    fragments = [f for f in re.split(r"[,;|]", stripped) if f.strip()]
    if len(fragments) >= 4 and sum(len(words(f)) <= 2 for f in fragments) >= 4:
        reasons.append(Reason("alt_keyword_list", "A list of keywords, not a description",
                              -20))
    else:
        reasons.append(keyword_stuffing(stripped, keyword, language, limit=1, points=-20))
    reasons.append(keyword_present(stripped, keyword, language, early_words=10**6,
                                   missing_points=-15, late_points=0,
                                   where="in the description of the image"))
    if not any(r.points < 0 for r in reasons):
        reasons.append(Reason("alt_ok", "Describes the image in words", 0))
    return reasons


def duplicate_reason(similarity: float | None, other: str | None) -> Reason:
    if similarity is None:
        return Reason("unique", "No near-identical text found", 0)
    return Reason("duplicate", f"{similarity:.0%} the same as {other}; search engines "
                  "show only one of near-identical pages", -30)

