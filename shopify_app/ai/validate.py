"""Checks every provider's output before it becomes a field's value.

Whatever a model returns is treated as untrusted text: wrappers are peeled
off, HTML is reduced to a small allow-list, plain fields lose all markup,
lengths are enforced and the language is checked. Nothing in the text is ever
interpreted as an instruction.
"""
from __future__ import annotations

import functools
import html
import re

import nh3

from .errors import InvalidOutputError
from .language import language_mismatch
from .settings import FIELD_SPECS, Field, GenerationSettings, field_of, language_name
from .text import clip_words, html_from_text, strip_wrappers

ALLOWED_TAGS = frozenset({"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "h2", "h3",
                          "h4", "a", "table", "thead", "tbody", "tr", "th", "td"})
# Removed together with everything inside them, not just the tags.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "noscript",
                                  "template", "svg", "math", "textarea", "select", "head",
                                  "title"})
MAX_DESCRIPTION_CHARS = 64_000
# A plain field may overshoot its limit by this factor and still be trimmed;
# beyond it the output is rejected (and the model asked again).
TRIM_FACTOR = 1.5

_EMPTY_PARAGRAPH = re.compile(r"<p>\s*(?:<br>\s*)*</p>")
# A link whose URL was removed (javascript:, relative) keeps its text only.
_DEAD_LINK = re.compile(r"<a(?![^>]*\shref=)[^>]*>(.*?)</a>", re.DOTALL)
_H1 = re.compile(r"<(/?)h1(\s[^>]*)?>", re.IGNORECASE)
_HAS_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_MARKDOWN = re.compile(r"(\*\*|__)(.+?)\1|^#{1,6}\s+", re.MULTILINE)


@functools.cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS), clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={"a": {"href", "title"}, "th": {"colspan", "rowspan", "scope"},
                    "td": {"colspan", "rowspan"}},
        url_schemes={"http", "https"}, url_relative="deny", link_rel="noopener",
        strip_comments=True)


def sanitize_html(markup: str) -> str:
    """Reduce HTML to the description allow-list (links: http/https only, rel=noopener)."""
    markup = _H1.sub(lambda m: f"<{m.group(1)}h2>", markup)
    cleaned = _cleaner().clean(markup)
    cleaned = _DEAD_LINK.sub(r"\1", cleaned)
    cleaned = _EMPTY_PARAGRAPH.sub("", cleaned)
    return "\n".join(line.rstrip() for line in cleaned.strip().splitlines() if line.strip())


def to_plain_text(text: str) -> str:
    """Remove every tag (and script/style content); decode entities; one line."""
    for _ in range(4):  # entities can hide another layer of tags
        stripped = html.unescape(nh3.clean(text, tags=set(),
                                           clean_content_tags=set(DROPPED_WITH_CONTENT)))
        if stripped == text:
            break
        text = stripped
    text = _HAS_TAG.sub("", text)
    text = _MARKDOWN.sub(lambda m: m.group(2) or "", text)
    return " ".join(text.split())


def validate_output(field: Field | str, raw: str | None, settings: GenerationSettings, *,
                    from_model: bool = True) -> str:
    """The field value to store, or :class:`InvalidOutputError` with the reason.

    Args:
        field: the field the text is for.
        raw: what the provider returned.
        settings: language and length targets.
        from_model: false for the template writer, whose wording the merchant
            chose: its language and the length of a description are theirs.
    """
    field = field_of(field)
    text = strip_wrappers(raw or "", field.value)
    if field is Field.DESCRIPTION:
        value = _description(text, settings, from_model)
        words = to_plain_text(value)
    else:
        value = _plain(field, text, settings)
        words = value
    if from_model:
        other = language_mismatch(words, settings.language)
        if other is not None:
            raise InvalidOutputError(
                f"the text is in {language_name(other)}, not {language_name(settings.language)}",
                text=raw)
    return value


def _description(text: str, settings: GenerationSettings, from_model: bool) -> str:
    if not _HAS_TAG.search(text):
        text = html_from_text(text)  # a model that answered in plain text or markdown
    value = sanitize_html(text)
    words = len(to_plain_text(value).split())
    if words < 3:
        raise InvalidOutputError("the description is empty or too short", text=text)
    limit = max(settings.target(Field.DESCRIPTION) * 4, 400) if from_model else words
    if words > limit or len(value) > MAX_DESCRIPTION_CHARS:
        raise InvalidOutputError(
            f"the description is far too long ({words} words; about "
            f"{settings.target(Field.DESCRIPTION)} were asked for)", text=text)
    return value


def _plain(field: Field, text: str, settings: GenerationSettings) -> str:
    spec = FIELD_SPECS[field]
    # One line is wanted; models sometimes add a second option or a note below.
    separator = r"\n\s*\n" if field is Field.SEO_DESCRIPTION else r"\n"
    first = next((part for part in re.split(separator, text) if part.strip()), "")
    value = to_plain_text(first)
    value = strip_wrappers(value, field.value)
    if not any(ch.isalnum() for ch in value):
        raise InvalidOutputError(f"the {spec.label} is empty", text=text)
    hard = spec.hard_limit or len(value)
    limit = min(settings.target(field), hard) if spec.target_is_limit else hard
    if len(value) <= limit:
        return value
    if len(value) > limit * TRIM_FACTOR:
        raise InvalidOutputError(
            f"the {spec.label} is too long ({len(value)} characters; the limit is {limit})",
            text=text)
    return clip_words(value, limit)
