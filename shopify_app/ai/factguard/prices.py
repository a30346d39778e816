"""Prices written in a text: "$19.99", "19,99 €", "EUR 1.234,50", "ab 29 Euro"."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .quantities import parse_number

_SYMBOLS = {"us$": "USD", "ca$": "CAD", "a$": "AUD", "nz$": "NZD", "mx$": "MXN", "r$": "BRL",
            "$": "$", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "chf": "CHF",
            "eur": "EUR", "usd": "USD", "gbp": "GBP", "cad": "CAD", "aud": "AUD",
            "euro": "EUR", "euros": "EUR", "dollar": "$", "dollars": "$", "dólares": "$",
            "dolares": "$", "dólar": "$", "dolar": "$", "pounds sterling": "GBP",
            "zł": "PLN", "kr": "kr"}
_DOLLARS = frozenset({"USD", "CAD", "AUD", "NZD", "MXN"})
_AMOUNT = r"\d{1,3}(?:[.,\u202f\u00a0 ]\d{3}){1,4}(?:[.,]\d{1,2})?|\d{1,12}(?:[.,]\d{1,2})?"
_BEFORE = r"us\$|ca\$|a\$|nz\$|mx\$|r\$|\$|€|£|¥|₹|chf|eur|usd|gbp|cad|aud"
_AFTER = (r"€|\$|£|eur|usd|gbp|chf|cad|aud|euros?|dollars?|d[oó]lares|d[oó]lar|pounds sterling|"
          r"zł|kr")
PRICE = re.compile(
    rf"(?<![\w$€£¥₹])(?:(?P<s1>{_BEFORE})\s?(?P<a1>{_AMOUNT})(?:,-|\.-)?|"
    rf"(?P<a2>{_AMOUNT})(?:,-|\.-)?\s?(?P<s2>{_AFTER}))(?![\w$€£])")
# Words that turn a price into a bound: "from $29", "under $50".
FROM = re.compile(r"(?:from|starting at|ab|desde|a partir de|à partir de|dès)\s*$")
UNDER = re.compile(r"(?:under|less than|below|unter|weniger als|menos de|por menos de|"
                   r"moins de|pour moins de)\s*$")


@dataclass(frozen=True)
class PriceMention:
    amount: float
    currency: str  # ISO code, "$" when only the dollar sign is known, "kr"
    start: int
    end: int
    bound: str  # "", "from" or "under"


def prices(folded: str) -> Iterator[PriceMention]:
    for match in PRICE.finditer(folded):
        symbol = match.group("s1") or match.group("s2")
        amount = parse_number(match.group("a1") or match.group("a2"))
        if amount is None:
            continue
        before = folded[max(0, match.start() - 24):match.start()]
        bound = "from" if FROM.search(before) else "under" if UNDER.search(before) else ""
        yield PriceMention(amount, _SYMBOLS.get(symbol, symbol.upper()), match.start(),
                           match.end(), bound)


def same_currency(claimed: str, known: str) -> bool:
    """Whether a written currency can be the shop's (``"$"`` fits every dollar)."""
    if not known or claimed == known:
        return True
    if claimed == "$":
        return known in _DOLLARS
    return claimed == "kr" and known in {"SEK", "DKK", "NOK"}
