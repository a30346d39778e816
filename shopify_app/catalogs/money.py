"""Prices in the definition's currency and number format (Babel's CLDR data)."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, format_decimal, list_currencies

DEFAULT_LOCALE = "en_US"


def known_currency(code: object) -> bool:
    return isinstance(code, str) and len(code) == 3 and code in _currencies()


def known_locale(name: object) -> bool:
    if not isinstance(name, str) or not 2 <= len(name) <= 20:
        return False
    try:
        Locale.parse(name.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def _currencies() -> set[str]:
    global _CURRENCIES
    if _CURRENCIES is None:
        _CURRENCIES = set(list_currencies())
    return _CURRENCIES


_CURRENCIES: set[str] | None = None


def parse_amount(value: object) -> Decimal | None:
    """A price as the merchant typed it ("12.50", 12.5, "1,299.00"), or None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError("not a number")
    text = _normalise(value.strip()) if isinstance(value, str) else value
    try:
        amount = Decimal(str(text))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError("not a number") from exc
    if not amount.is_finite():
        raise ValueError("not a number")
    return amount


def _normalise(text: str) -> str:
    """"1,299.00" and "1.299,00" → "1299.00"; "7,50" → "7.50"; "1,299" → "1299"."""
    text = text.replace(" ", "").replace("\u00a0", "").replace("'", "")
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        return text.replace(thousands, "").replace(decimal, ".")
    if "," in text:
        head, _, tail = text.rpartition(",")
        if len(tail) == 3 and text.count(",") >= 1 and head:
            return text.replace(",", "")  # a thousands separator
        return head.replace(",", "") + "." + tail
    return text


def money(amount: Decimal | None, currency: str, locale: str = DEFAULT_LOCALE) -> str:
    if amount is None:
        return ""
    return format_currency(amount, currency, locale=locale.replace("-", "_"))


def number(value: Decimal | int, locale: str = DEFAULT_LOCALE) -> str:
    return format_decimal(value, locale=locale.replace("-", "_"))
