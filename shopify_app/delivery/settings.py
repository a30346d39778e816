"""Delivery settings from the environment: SMTP_URL, SHELF_MAIL_FROM, WHATSAPP_*.

Parsed once at start-up (config.load_config) so a mistyped URL stops the app
with a readable message instead of failing every delivery later.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import parseaddr
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

DEFAULT_WHATSAPP_API_BASE_URL = "https://graph.facebook.com/v21.0"
DEFAULT_SMTP_TIMEOUT = 20.0
# scheme → (security, default port)
SMTP_SCHEMES = {
    "smtp": ("plain", 25),
    "smtp+starttls": ("starttls", 587),
    "smtps": ("ssl", 465),
    "smtp+ssl": ("ssl", 465),
}


class DeliveryConfigError(ValueError):
    """A delivery setting cannot be used; the message names the variable."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # "plain", "starttls" or "ssl"
    username: str | None = None
    password: str | None = None
    timeout: float = DEFAULT_SMTP_TIMEOUT

    def describe(self) -> str:
        """host:port without credentials, for logs and error messages."""
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class WhatsAppSettings:
    token: str
    phone_number_id: str
    base_url: str = DEFAULT_WHATSAPP_API_BASE_URL
    timeout: float = 20.0

    @property
    def messages_url(self) -> str:
        return f"{self.base_url}/{self.phone_number_id}/messages"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_smtp_url(url: str, *, production: bool = False) -> SmtpSettings:
    """`smtp://`, `smtp+starttls://` or `smtps://` [user[:password]@]host[:port][?timeout=s]."""
    parsed = urlparse(url.strip())
    scheme = parsed.scheme.lower()
    if scheme not in SMTP_SCHEMES:
        raise DeliveryConfigError(
            f"SMTP_URL must start with {', '.join(f'{s}://' for s in SMTP_SCHEMES)}")
    security, default_port = SMTP_SCHEMES[scheme]
    if not parsed.hostname:
        raise DeliveryConfigError("SMTP_URL has no host name, e.g. smtps://user:pass@host:465")
    try:
        port = parsed.port or default_port
    except ValueError as exc:
        raise DeliveryConfigError("SMTP_URL has a port that is not a number from 1 to 65535") \
            from exc
    timeout = DEFAULT_SMTP_TIMEOUT
    query = parse_qs(parsed.query)
    unknown = sorted(set(query) - {"timeout"})
    if unknown:
        raise DeliveryConfigError(f"SMTP_URL has unknown options: {', '.join(unknown)} "
                                  "(only ?timeout=seconds is understood)")
    if "timeout" in query:
        try:
            timeout = float(query["timeout"][-1])
        except ValueError:
            timeout = -1
        if not 0 < timeout <= 300:
            raise DeliveryConfigError("SMTP_URL timeout must be a number of seconds up to 300")
    username = unquote(parsed.username) if parsed.username else None
    password = unquote(parsed.password) if parsed.password else None
    if (production and password and security == "plain"
            and not _is_loopback(parsed.hostname)):
        raise DeliveryConfigError("SMTP_URL would send the password unencrypted; use "
                                  "smtps:// or smtp+starttls:// in production")
    return SmtpSettings(host=parsed.hostname, port=port, security=security, username=username,
                        password=password, timeout=timeout)


def parse_sender(value: str) -> Address:
    """SHELF_MAIL_FROM as `Name <address>` or a bare address."""
    name, address = parseaddr(value.replace("\r", " ").replace("\n", " "))
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain or " " in address:
        raise DeliveryConfigError("SHELF_MAIL_FROM must be an address such as "
                                  "'Shelf <catalogs@example.com>'")
    return Address(display_name=name, username=local, domain=domain)


def load(env: Mapping[str, str], *, production: bool, app_url: str) -> dict[str, Any]:
    """The delivery part of the app config (raises DeliveryConfigError)."""
    smtp_url = (env.get("SMTP_URL") or "").strip() or None
    if smtp_url:
        parse_smtp_url(smtp_url, production=production)
    host = urlparse(app_url).hostname or "localhost"
    sender = (env.get("SHELF_MAIL_FROM") or "").strip() or f"Shelf <catalogs@{host}>"
    parse_sender(sender)

    token = (env.get("WHATSAPP_TOKEN") or "").strip() or None
    phone_id = (env.get("WHATSAPP_PHONE_NUMBER_ID") or "").strip() or None
    if bool(token) != bool(phone_id):
        raise DeliveryConfigError("Set both WHATSAPP_TOKEN and WHATSAPP_PHONE_NUMBER_ID "
                                  "to send WhatsApp messages, or neither")
    if phone_id and not phone_id.isdigit():
        raise DeliveryConfigError("WHATSAPP_PHONE_NUMBER_ID is the numeric id of the "
                                  "sending number from WhatsApp Manager")
    base = (env.get("WHATSAPP_API_BASE_URL") or "").strip().rstrip("/") \
        or DEFAULT_WHATSAPP_API_BASE_URL
    base_url = urlparse(base)
    if not base_url.hostname or not (
            base_url.scheme == "https"
            or (base_url.scheme == "http" and _is_loopback(base_url.hostname))):
        raise DeliveryConfigError("WHATSAPP_API_BASE_URL must be an https:// URL "
                                  "(http:// only for a local test server)")
    return {"SMTP_URL": smtp_url, "SHELF_MAIL_FROM": sender, "WHATSAPP_TOKEN": token,
            "WHATSAPP_PHONE_NUMBER_ID": phone_id, "WHATSAPP_API_BASE_URL": base}


def smtp_settings(config: Mapping[str, Any]) -> SmtpSettings | None:
    url = config.get("SMTP_URL")
    return parse_smtp_url(url, production=bool(config.get("SHELF_PRODUCTION"))) if url else None


def whatsapp_settings(config: Mapping[str, Any]) -> WhatsAppSettings | None:
    token, phone_id = config.get("WHATSAPP_TOKEN"), config.get("WHATSAPP_PHONE_NUMBER_ID")
    if not token or not phone_id:
        return None
    return WhatsAppSettings(token=token, phone_number_id=phone_id,
                            base_url=config.get("WHATSAPP_API_BASE_URL")
                            or DEFAULT_WHATSAPP_API_BASE_URL)
