"""The catalog email and WhatsApp text: content, escaping, headers that cannot be forged."""
from __future__ import annotations

from email import message_from_bytes, policy
from email.headerregistry import Address

from shopify_app.delivery.message import (
    DEFAULT_ACCENT,
    CatalogNotice,
    build_email,
    render_html,
    subject,
    whatsapp_text,
)

LINKS = {"html": "https://shelf.example/f/1/index.html?sig=a&exp=1",
         "pdf": "https://shelf.example/f/1/catalog.pdf?sig=b",
         "zip": "https://shelf.example/f/1/catalog.zip?sig=c"}
SENDER = Address("Shelf", "catalogs", "shelf.example")


def notice(**changes):  # type: ignore[no-untyped-def]
    base = {"shop_name": "Northwind", "customer_name": "Jane Doe", "links": LINKS,
            "reference": "PO-7", "customer_email": "jane@buyer.example"}
    return CatalogNotice(**{**base, **changes})


def roundtrip(message):  # type: ignore[no-untyped-def]
    return message_from_bytes(message.as_bytes(), policy=policy.default)


def test_subjects():
    assert subject(notice()) == "Your catalog from Northwind (PO-7)"
    assert subject(notice(reference=None)) == "Your catalog from Northwind"
    assert subject(notice(test=True)) == "[Test] Catalog for Jane Doe from Northwind (PO-7)"


def test_message_has_text_and_html_with_every_link():
    message = roundtrip(build_email(notice(), sender=SENDER, to="jane@buyer.example",
                                    to_name="Jane Doe", reply_to="owner@northwind.example"))
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for url in LINKS.values():
        assert url in text
    assert 'href="https://shelf.example/f/1/index.html?sig=a&amp;exp=1"' in html
    assert "View the catalog" in html and "Download the PDF" in html
    assert message["Reply-To"] == "owner@northwind.example"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Message-ID"].endswith("@shelf.example>")


def test_hostile_names_cannot_add_headers_or_markup():
    hostile = notice(shop_name="Shop\r\nBcc: all@evil.example",
                     customer_name='"><img src=x onerror=alert(1)>\nX-Evil: 1',
                     reference="<b>PO</b>")
    raw = build_email(hostile, sender=SENDER, to="jane@buyer.example",
                      to_name=hostile.customer_name).as_bytes()
    headers = raw.split(b"\r\n\r\n", 1)[0].decode()
    names = [line.split(":", 1)[0].lower() for line in headers.split("\r\n")
             if line and not line[0].isspace()]
    assert "bcc" not in names and "x-evil" not in names
    html = roundtrip(message_from_bytes(raw, policy=policy.default)).get_body(
        ("html",)).get_content()
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<b>PO</b>" not in html and "&lt;b&gt;PO&lt;/b&gt;" in html


def test_non_ascii_names_are_encoded_not_mangled():
    message = roundtrip(build_email(notice(shop_name="Café Zoë", customer_name="Jörg Müller"),
                                    sender=SENDER, to="jorg@buyer.example",
                                    to_name="Jörg Müller"))
    assert message["To"].addresses[0].display_name == "Jörg Müller"
    assert message["From"].addresses[0].display_name == "Café Zoë"
    assert message["Subject"] == "Your catalog from Café Zoë (PO-7)"


def test_test_mode_says_who_would_have_received_it():
    html = render_html(notice(test=True))
    assert "Test delivery." in html and "Jane Doe &lt;jane@buyer.example&gt;" in html


def test_only_a_hex_accent_colour_reaches_the_html():
    assert "#112233" in render_html(notice(accent="#112233"))
    hostile = render_html(notice(accent="red;background:url(https://evil.example)"))
    assert "evil.example" not in hostile and DEFAULT_ACCENT in hostile


def test_whatsapp_text_puts_the_catalog_link_first():
    assert whatsapp_text(notice()).splitlines() == [
        "Hello Jane Doe,", "Northwind has sent you a catalog for PO-7.",
        f"View it here: {LINKS['html']}", f"PDF: {LINKS['pdf']}",
        f"ZIP with images: {LINKS['zip']}"]
    assert len(whatsapp_text(notice(customer_name="x" * 5000))) <= 4096
