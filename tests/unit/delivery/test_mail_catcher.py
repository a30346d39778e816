"""The make-dev mail catcher keeps each message as an .eml file and logs it."""
from __future__ import annotations

import logging
import socket
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

from shopify_app.delivery.catcher import MailFolder, default_address
from shopify_app.delivery.email import send_email
from shopify_app.delivery.message import CatalogNotice, build_email
from shopify_app.delivery.settings import parse_sender, parse_smtp_url


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_messages_land_in_the_folder(tmp_path, caplog):
    port = _free_port()
    controller = Controller(MailFolder(tmp_path / "mail"), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        notice = CatalogNotice(shop_name="Northwind", customer_name="Jane",
                               links={"html": "https://s.example/i.html"}, reference="PO-1")
        message = build_email(notice, sender=parse_sender("Shelf <catalogs@localhost>"),
                              to="jane@buyer.example", to_name="Jane")
        with caplog.at_level(logging.INFO, logger="shelf.mail"):
            send_email(parse_smtp_url(f"smtp://127.0.0.1:{port}"), message)
    finally:
        controller.stop()
    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 1
    kept = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert kept["Subject"] == "Your catalog from Northwind (PO-1)"
    assert "https://s.example/i.html" in kept.get_body(("plain",)).get_content()
    assert "mail to jane@buyer.example: Your catalog from Northwind (PO-1)" in caplog.text


def test_it_listens_where_smtp_url_points_on_this_machine():
    assert default_address({"SMTP_URL": "smtp://127.0.0.1:2525"}) == ("127.0.0.1", 2525)
    assert default_address({"SMTP_URL": "smtps://mail.example.com"}) == ("127.0.0.1", 1025)
    assert default_address({}) == ("127.0.0.1", 1025)
