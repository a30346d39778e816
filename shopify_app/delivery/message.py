"""The catalog email: subject, plain text and HTML parts, safe headers."""
from __future__ import annotations

import re
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from shopify_app.delivery.addresses import clean_text
from shopify_app.models.types import utcnow

DEFAULT_ACCENT = "#2c6ecb"
# RFC 5322's line limit: long subjects stay on one line instead of being folded.
MAIL_POLICY = policy.SMTP.clone(max_line_length=998)
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
LINK_LABELS = {"html": "View the catalog", "pdf": "Download the PDF",
               "zip": "Download the ZIP (catalog, PDF, images and a spreadsheet of the rows)"}


@dataclass(frozen=True)
class CatalogNotice:
    """What a catalog message says, whoever it goes to."""

    shop_name: str
    customer_name: str
    links: dict[str, str]
    reference: str | None = None
    customer_email: str | None = None
    # Test mode: the merchant receives what the customer would have.
    test: bool = False
    accent: str = DEFAULT_ACCENT

    @property
    def safe_accent(self) -> str:
        return self.accent if _HEX_COLOUR.fullmatch(self.accent or "") else DEFAULT_ACCENT


def subject(notice: CatalogNotice) -> str:
    shop = clean_text(notice.shop_name, 80)
    reference = f" ({clean_text(notice.reference, 60)})" if notice.reference else ""
    if notice.test:
        return f"[Test] Catalog for {clean_text(notice.customer_name, 60)} from {shop}{reference}"
    return f"Your catalog from {shop}{reference}"


@cache
def _templates() -> Environment:
    return Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                       autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def _context(notice: CatalogNotice) -> dict[str, object]:
    return {"shop": clean_text(notice.shop_name, 120),
            "customer": clean_text(notice.customer_name, 120),
            "customer_email": clean_text(notice.customer_email, 254),
            "reference": clean_text(notice.reference, 120) if notice.reference else "",
            "links": [(kind, LINK_LABELS[kind], url) for kind, url in notice.links.items()
                      if kind in LINK_LABELS],
            "test": notice.test, "accent": notice.safe_accent}


def render_text(notice: CatalogNotice) -> str:
    return _templates().get_template("catalog_email.txt").render(_context(notice))


def render_html(notice: CatalogNotice) -> str:
    return _templates().get_template("catalog_email.html").render(_context(notice))


def build_email(notice: CatalogNotice, *, sender: Address, to: str, to_name: str | None,
                reply_to: str | None = None) -> EmailMessage:
    """A multipart/alternative message; header values go through the email package's
    structured headers, so a name with CR/LF cannot add a header."""
    message = EmailMessage(policy=MAIL_POLICY)
    message["Subject"] = subject(notice)
    # The shop's name is what the customer recognises; the address stays ours.
    message["From"] = Address(display_name=clean_text(notice.shop_name, 80) or
                              sender.display_name, addr_spec=sender.addr_spec)
    local, _, domain = to.rpartition("@")
    message["To"] = Address(display_name=clean_text(to_name, 80), username=local,
                            domain=domain)
    if reply_to:
        message["Reply-To"] = reply_to
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain=sender.domain)
    # Tells mail servers and out-of-office robots this is an automatic message.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(render_text(notice))
    message.add_alternative(render_html(notice), subtype="html")
    return message


def whatsapp_text(notice: CatalogNotice) -> str:
    """The WhatsApp body: short, the catalog link first so its preview shows."""
    reference = f" for {clean_text(notice.reference, 60)}" if notice.reference else ""
    lines = [f"Hello {clean_text(notice.customer_name, 60)},",
             f"{clean_text(notice.shop_name, 80)} has sent you a catalog{reference}."]
    for kind, url in notice.links.items():
        label = {"html": "View it here", "pdf": "PDF", "zip": "ZIP with images"}.get(kind)
        if label:
            lines.append(f"{label}: {url}")
    return "\n".join(lines)[:4096]
