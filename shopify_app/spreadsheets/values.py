"""Turning one cell into a field value, or a reason a merchant can act on."""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from .fields import FIELDS

CLEAR_TOKEN = "[clear]"
STATUSES = ("ACTIVE", "DRAFT", "ARCHIVED", "UNLISTED")
MAX_SEO_TITLE = 70
MAX_SEO_DESCRIPTION = 320
MAX_TITLE = 255
MAX_TAG = 255
MAX_TAGS = 250
MAX_ALT = 512
MAX_PRICE = Decimal("1000000000")
# Decimal separator settings: "." or "," (or "auto": as sniffed from the file).
POINT, COMMA, AUTO = ".", ",", "auto"
_GID = re.compile(r"^gid://shopify/(\w+)/(\d+)$")
_GID_TYPES = {"id": "Product", "variant_id": "ProductVariant", "image_id": "MediaImage"}
_PRICE_CHARS = re.compile(r"^[0-9.,]+$")
_IGNORED_IN_NUMBERS = {" ", "\u00a0", "\u202f", "'", "\u2019"}


class ValueProblem(ValueError):
    """A cell's value can't be used; ``message`` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class LimitProblem(ValueProblem):
    """A value past a limit of ours (a length, a count, a size) rather than one that can't
    be read: a store may already hold such a value, so with ``defer_checks`` the rule
    binds only a value that would change. Every other problem fails its row whatever the
    store holds (a price that is not a number is never a store's price)."""


def parse_gid(field_name: str, text: str) -> str:
    """``"123"`` or ``"gid://shopify/Product/123"`` → the GID for ``field_name``."""
    kind = _GID_TYPES[field_name]
    value = text.strip()
    if value.isdigit():
        return f"gid://shopify/{kind}/{int(value)}"
    match = _GID.match(value)
    if match and match.group(1) == kind:
        return value
    raise ValueProblem(f'{FIELDS[field_name].label} "{_short(value)}" is not a {kind} ID '
                       "(a number or gid://shopify/" + kind + "/…).")


def parse_price(text: str, decimal: str = POINT, *, label: str = "Price") -> Decimal:
    """A price written by a person → a Decimal.

    Currency symbols and spaces are dropped. With both ``.`` and ``,`` the
    last one is the decimal separator. With one of them only, it is the
    decimal separator unless it is followed by exactly three digits and is not
    the file's decimal separator (``1,299`` is 1299 in a point-decimal file,
    1.299 in a comma-decimal one); ``12,90`` is 12.90 either way.
    """
    raw = text.strip()
    cleaned = "".join(ch for ch in raw if ch not in _IGNORED_IN_NUMBERS
                      and unicodedata.category(ch) != "Sc")
    if cleaned.startswith("-") and _PRICE_CHARS.match(cleaned[1:] or "x"):
        raise ValueProblem(f"{label} {raw} is negative; prices can't be below zero.")
    if not cleaned or not _PRICE_CHARS.match(cleaned) or not any(c.isdigit() for c in cleaned):
        raise ValueProblem(f'{label} "{_short(raw)}" is not a number (write it like 12.90).')
    number = _normalise_separators(cleaned, decimal)
    if number is None:
        raise ValueProblem(f'{label} "{_short(raw)}" is not a number (write it like 12.90).')
    try:
        value = Decimal(number)
    except InvalidOperation:
        raise ValueProblem(f'{label} "{_short(raw)}" is not a number.') from None
    if value >= MAX_PRICE:
        raise LimitProblem(f"{label} {raw} is too large.")
    return value


def _normalise_separators(text: str, decimal: str) -> str | None:
    points, commas = text.count("."), text.count(",")
    if points and commas:
        dec = "." if text.rfind(".") > text.rfind(",") else ","
        thousands = "," if dec == "." else "."
        whole, _, frac = text.rpartition(dec)
        if dec in whole or not _grouped(whole, thousands):
            return None
        return whole.replace(thousands, "") + "." + frac
    sep = "." if points else "," if commas else None
    if sep is None:
        return text
    parts = text.split(sep)
    if len(parts) > 2:  # only thousands separators repeat
        return "".join(parts) if _grouped(text, sep) else None
    whole, frac = parts
    if not whole or not frac:
        return None
    if len(frac) == 3 and sep != decimal and len(whole) <= 3:
        return whole + frac  # 1,299 in a point-decimal file
    return whole + "." + frac


def _grouped(text: str, sep: str) -> bool:
    groups = text.split(sep)
    return (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
            and all(g.isdigit() for g in groups))


def format_price(value: Decimal) -> str:
    """Shopify's decimal string: at least two decimals, no exponent."""
    if value == value.to_integral_value():
        return f"{value:.2f}"
    text = format(value.normalize(), "f")
    return text if len(text.partition(".")[2]) >= 2 else f"{value:.2f}"


def parse_status(text: str) -> str:
    value = text.strip().upper()
    if value in STATUSES:
        return value
    names = ", ".join(s.lower() for s in STATUSES)
    raise ValueProblem(f'Status "{_short(text.strip())}" is not one of: {names}.')


def parse_tags(text: str) -> tuple[str, ...]:
    tags: dict[str, str] = {}
    for part in text.split(","):
        tag = " ".join(part.split())
        if tag and tag.casefold() not in tags:
            if len(tag) > MAX_TAG:
                raise LimitProblem(f'The tag "{_short(tag)}" is longer than {MAX_TAG} characters.')
            tags[tag.casefold()] = tag
    if len(tags) > MAX_TAGS:
        raise LimitProblem(f"There are {len(tags)} tags; a product can have at most {MAX_TAGS}.")
    return tuple(tags.values())


def parse_position(text: str) -> int:
    value = text.strip()
    if value.endswith(".0"):
        value = value[:-2]  # spreadsheets store whole numbers as 1.0
    if not value.isdigit() or int(value) < 1:
        raise ValueProblem(f'Image position "{_short(value)}" must be a whole number from 1.')
    return int(value)


def check_length(field_name: str, text: str, limit: int, hint: str = "") -> str:
    if len(text) > limit:
        raise LimitProblem(f"{FIELDS[field_name].label} is {len(text)} characters long; "
                           f"the limit is {limit}.{hint}")
    return text


def one_line(text: str) -> str:
    return " ".join(text.split())


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
