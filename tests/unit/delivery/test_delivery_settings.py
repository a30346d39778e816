"""SMTP_URL, SHELF_MAIL_FROM and WHATSAPP_* parsing, and start-up refusals."""
from __future__ import annotations

import pytest

from shopify_app.config import ConfigError, load_config
from shopify_app.delivery.settings import (
    DeliveryConfigError,
    SmtpSettings,
    load,
    parse_sender,
    parse_smtp_url,
)


@pytest.mark.parametrize(("url", "expected"), [
    ("smtp://127.0.0.1:1025", SmtpSettings("127.0.0.1", 1025, "plain")),
    ("smtp://mail.example.com", SmtpSettings("mail.example.com", 25, "plain")),
    ("smtp+starttls://apikey:s%40cr%3At@smtp.example.com",
     SmtpSettings("smtp.example.com", 587, "starttls", "apikey", "s@cr:t")),
    ("smtps://user%40example.com:pw@smtp.example.com:2465?timeout=7.5",
     SmtpSettings("smtp.example.com", 2465, "ssl", "user@example.com", "pw", 7.5)),
    ("SMTPS://Mail.Example.com", SmtpSettings("mail.example.com", 465, "ssl")),
])
def test_smtp_urls(url, expected):
    assert parse_smtp_url(url) == expected


@pytest.mark.parametrize(("url", "words"), [
    ("http://mail.example.com", "SMTP_URL must start with"),
    ("smtp://", "no host name"),
    ("smtp://mail.example.com:99999", "port"),
    ("smtp://mail.example.com?timeout=0", "timeout"),
    ("smtp://mail.example.com?timeout=soon", "timeout"),
    ("smtp://mail.example.com?tls=1", "unknown options: tls"),
])
def test_bad_smtp_urls_say_what_is_wrong(url, words):
    with pytest.raises(DeliveryConfigError, match=words):
        parse_smtp_url(url)


def test_production_refuses_a_password_in_clear_but_not_to_loopback():
    with pytest.raises(DeliveryConfigError, match="unencrypted"):
        parse_smtp_url("smtp://u:p@mail.example.com", production=True)
    assert parse_smtp_url("smtp://u:p@127.0.0.1:25", production=True).password == "p"
    assert parse_smtp_url("smtp+starttls://u:p@mail.example.com", production=True).password


def test_credentials_never_show_in_the_description():
    assert parse_smtp_url("smtps://user:hunter2@mail.example.com").describe() == \
        "mail.example.com:465"


def test_sender_with_and_without_a_name():
    named = parse_sender("Shelf Catalogs <catalogs@example.com>")
    assert (named.display_name, named.addr_spec) == ("Shelf Catalogs", "catalogs@example.com")
    assert parse_sender("catalogs@example.com").display_name == ""
    with pytest.raises(DeliveryConfigError, match="SHELF_MAIL_FROM"):
        parse_sender("Shelf")


def test_defaults_and_whatsapp_pairing():
    config = load({}, production=False, app_url="https://shelf.example.com")
    assert config == {"SMTP_URL": None, "SHELF_MAIL_FROM": "Shelf <catalogs@shelf.example.com>",
                      "WHATSAPP_TOKEN": None, "WHATSAPP_PHONE_NUMBER_ID": None,
                      "WHATSAPP_API_BASE_URL": "https://graph.facebook.com/v21.0"}
    with pytest.raises(DeliveryConfigError, match="both"):
        load({"WHATSAPP_TOKEN": "t"}, production=False, app_url="http://localhost")
    with pytest.raises(DeliveryConfigError, match="numeric id"):
        load({"WHATSAPP_TOKEN": "t", "WHATSAPP_PHONE_NUMBER_ID": "my-phone"},
             production=False, app_url="http://localhost")
    base = load({"WHATSAPP_API_BASE_URL": "https://graph.example.com/v22.0/"},
                production=False, app_url="http://localhost")["WHATSAPP_API_BASE_URL"]
    assert base == "https://graph.example.com/v22.0"


@pytest.mark.parametrize("base", ["http://graph.example.com/v21.0", "graph.facebook.com",
                                  "ftp://127.0.0.1/"])
def test_the_whatsapp_token_only_travels_over_https(base):
    with pytest.raises(DeliveryConfigError, match="https://"):
        load({"WHATSAPP_API_BASE_URL": base}, production=False, app_url="http://localhost")
    assert load({"WHATSAPP_API_BASE_URL": "http://127.0.0.1:9000"}, production=False,
                app_url="http://localhost")["WHATSAPP_API_BASE_URL"] == "http://127.0.0.1:9000"


def test_start_up_refuses_a_broken_smtp_url(tmp_path):
    env = {"SHELF_ENCRYPTION_KEY": "k", "SMTP_URL": "mail.example.com:25"}
    with pytest.raises(ConfigError, match="SMTP_URL must start with"):
        load_config(str(tmp_path), env)
    env["SMTP_URL"] = "smtp+starttls://mail.example.com"
    assert load_config(str(tmp_path), env)["SMTP_URL"] == "smtp+starttls://mail.example.com"
