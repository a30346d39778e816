"""Prices written the way shoppers of a language expect to read them."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .facts import PriceRange
from .settings import base_language

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CAD": "CA$", "AUD": "A$",
            "NZD": "NZ$", "CHF": "CHF", "SEK": "kr", "DKK": "kr", "NOK": "kr", "INR": "₹",
            "BRL": "R$", "MXN": "MX$", "PLN": "zł"}
_NO_DECIMALS = {"JPY", "KRW", "HUF", "ISK"}
# Languages that write 1.234,50 € rather than €1,234.50.
_COMMA_DECIMAL = {"de", "fr", "es", "it", "nl", "pt", "da", "sv", "nb", "fi", "pl", "cs", "tr"}


def format_money(amount: str, currency: str, language: str = "en") -> str:
    """``("1234.5", "EUR", "de")`` → ``"1.234,50 €"``; ``("19", "USD", "en")`` → ``"$19.00"``."""
    try:
        value = Decimal(amount)
    except ArithmeticError:
        return amount
    places = Decimal(1) if currency in _NO_DECIMALS else Decimal("0.01")
    number = f"{value.quantize(places, rounding=ROUND_HALF_UP):,}"
    lang = base_language(language)
    if lang in _COMMA_DECIMAL:
        thousands = "\u202f" if lang == "fr" else "."
        number = number.replace(",", "\0").replace(".", ",").replace("\0", thousands)
    symbol = _SYMBOLS.get(currency, currency)
    if not symbol:
        return number
    if lang in _COMMA_DECIMAL or len(symbol) > 2 and symbol.isalpha():
        return f"{number} {symbol}"
    return f"{symbol}{number}"


def format_price_range(prices: PriceRange | None, language: str = "en") -> str:
    """One price, or ``"low – high"`` when variants differ; empty when unknown."""
    if prices is None:
        return ""
    low = format_money(prices.min, prices.currency, language)
    if Decimal(prices.min) == Decimal(prices.max):
        return low
    return f"{low} – {format_money(prices.max, prices.currency, language)}"
