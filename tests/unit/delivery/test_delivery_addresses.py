"""Recipient checks: addresses, WhatsApp numbers, single-line header text."""
from __future__ import annotations

import pytest

from shopify_app.delivery.addresses import (
    InvalidRecipient,
    clean_text,
    email_address,
    whatsapp_number,
)


def test_email_addresses_are_normalized():
    assert email_address("  Jane@Buyer.Example ") == "Jane@buyer.example"
    assert email_address("jöran@bücher.example") == "jöran@bücher.example"


@pytest.mark.parametrize("value", ["", None, "jane", "jane@", "@buyer.example",
                                   "jane@buyer", "jane@buyer.example\r\nBcc: x@evil.example",
                                   "a b@buyer.example", "jane@localhost"])
def test_bad_addresses_are_refused(value):
    with pytest.raises(InvalidRecipient):
        email_address(value)


@pytest.mark.parametrize(("value", "digits"), [
    ("+14155550100", "14155550100"), ("+1 (415) 555-0100", "14155550100"),
    ("0044 20 7946 0958", "442079460958"), ("+44.20.7946.0958", "442079460958"),
])
def test_whatsapp_numbers(value, digits):
    assert whatsapp_number(value) == digits


@pytest.mark.parametrize("value", ["020 7946 0958", "+0 415 555", "+1415", "+1234567890123456",
                                   "+1 415 CALL NOW", "", None])
def test_bad_numbers_are_refused(value):
    with pytest.raises(InvalidRecipient, match="international format"):
        whatsapp_number(value)


def test_clean_text_is_one_line_without_control_characters():
    assert clean_text("Jane\r\nBcc: x@evil.example\x00\u2028end") == \
        "Jane Bcc: x@evil.example end"
    assert clean_text("  many   spaces\t") == "many spaces"
    assert clean_text("x" * 30, limit=10) == "xxxxxxxxx…"
    assert clean_text(None) == ""
