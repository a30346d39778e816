"""Sanitising description HTML from a file with nh3, and telling whether
sanitising changed anything the merchant would notice."""
from __future__ import annotations

import functools
import re

import nh3

# What a merchant's description may hold: nh3's safe defaults plus the layout
# tags and attributes Shopify's editor writes.
EXTRA_TAGS = {"span", "div", "section", "figure", "figcaption", "u", "s", "sub", "sup"}
ATTRIBUTES = {
    "*": {"class", "style", "title", "lang", "dir"},
    "a": {"href", "target"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"},
}
STYLE_PROPERTIES = {"color", "background-color", "font-weight", "font-style", "font-size",
                    "text-align", "text-decoration", "margin", "padding", "width", "height",
                    "list-style-type", "vertical-align"}
_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][\w:-]*)")
_ATTR = re.compile(r"\s([a-zA-Z_:][\w:.-]*)\s*=")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")


@functools.cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(tags=set(nh3.ALLOWED_TAGS) | EXTRA_TAGS,
                       attributes={k: set(v) for k, v in ATTRIBUTES.items()},
                       url_schemes={"http", "https", "mailto", "tel"}, link_rel=None,
                       filter_style_properties=set(STYLE_PROPERTIES), strip_comments=True)


def _reserialised(markup: str) -> str:
    """``markup`` parsed and written back with nothing removed, so that only
    real removals (not quoting or ``<br/>`` vs ``<br>``) count as changes."""
    tags = {t.lower() for t in _TAG.findall(markup)}
    attributes = {a.lower() for a in _ATTR.findall(markup)}
    schemes = {s.lower() for s in _SCHEME.findall(markup)}
    return nh3.clean(markup, tags=tags, clean_content_tags=set(),
                     attributes={"*": attributes}, url_schemes=schemes, link_rel=None,
                     strip_comments=False)


def sanitize_description(markup: str) -> tuple[str, bool]:
    """(safe HTML, whether sanitising removed something)."""
    cleaned = _cleaner().clean(markup)
    if cleaned == markup:
        return cleaned, False
    return cleaned, " ".join(cleaned.split()) != " ".join(_reserialised(markup).split())
