"""A merchant's edit of a proposed value, checked like a spreadsheet cell."""
from __future__ import annotations

from shopify_app.spreadsheets import SpreadsheetError, format_price, parse_price
from shopify_app.spreadsheets.html import sanitize_description
from shopify_app.spreadsheets.values import (
    MAX_ALT,
    MAX_SEO_DESCRIPTION,
    MAX_SEO_TITLE,
    MAX_TITLE,
    ValueProblem,
    check_length,
    one_line,
    parse_status,
    parse_tags,
)

from . import values

LIMITS = {"seo_title": MAX_SEO_TITLE, "seo_description": MAX_SEO_DESCRIPTION,
          "image_alt": MAX_ALT}


def check_value(field: str, text: str) -> str:
    """The canonical text to store; raises SpreadsheetError with a readable message."""
    try:
        if field in values.PRICE_FIELDS:
            return format_price(parse_price(text.strip(), ".", label=values.label(field)))
        if field == "status":
            return parse_status(text)
        if field == "tags":
            return values.canonical_tags(parse_tags(text))
        if field == "description_html":
            return sanitize_description(text)[0]
        return check_length(field, one_line(text), LIMITS.get(field, MAX_TITLE))
    except ValueProblem as problem:
        raise SpreadsheetError(problem.message) from problem
