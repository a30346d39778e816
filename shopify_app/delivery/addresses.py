"""Recipient checks: email addresses, E.164 phone numbers, text safe for a mail header."""
from __future__ import annotations

import re
import unicodedata

from email_validator import EmailNotValidError, validate_email

_PHONE_PUNCTUATION = re.compile(r"[\s().\-/]")
_E164_DIGITS = re.compile(r"[1-9]\d{6,14}")


class InvalidRecipient(ValueError):
    """An address or number that cannot receive anything; the message says why."""


def email_address(value: str | None) -> str:
    """The normalized address, or InvalidRecipient (no DNS look-up: the server decides)."""
    text = (value or "").strip()
    if not text:
        raise InvalidRecipient("no email address")
    if any(unicodedata.category(ch).startswith("C") for ch in text):
        raise InvalidRecipient(f"{clean_text(text)!r} is not a valid email address")
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise InvalidRecipient(f"{text!r} is not a valid email address: {exc}") from exc


def whatsapp_number(value: str | None) -> str:
    """E.164 digits without the plus (what the Cloud API's `to` takes).

    Accepts `+44 20 7946 0958`, `0044 20 7946 0958` and `+1 (415) 555-0100`; a number
    without its country code is refused, since WhatsApp cannot guess the country.
    """
    text = _PHONE_PUNCTUATION.sub("", (value or "").strip())
    if text.startswith("00"):
        text = "+" + text[2:]
    if not text.startswith("+") or not _E164_DIGITS.fullmatch(text[1:]):
        raise InvalidRecipient(f"{clean_text(value or '')!r} is not a phone number in "
                               "international format such as +14155550100")
    return text[1:]


def clean_text(value: str | None, limit: int = 200) -> str:
    """One line of text without control characters (no header injection), at most `limit`."""
    text = "".join(" " if unicodedata.category(ch)[0] in "CZ" and ch != " " else ch
                   for ch in (value or ""))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
