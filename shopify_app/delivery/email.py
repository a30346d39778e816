"""Sending one message over SMTP (smtplib), with errors a merchant can act on."""
from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from shopify_app.delivery.settings import SmtpSettings


class EmailError(Exception):
    """The message was not sent. `retryable` when trying again later may work."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(str(text).split())}".strip()


def send_email(settings: SmtpSettings, message: EmailMessage) -> str:
    """Send and return the Message-ID; raise EmailError (never leaks the password)."""
    server = settings.describe()
    try:
        if settings.security == "ssl":
            connection: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout,
                context=ssl.create_default_context())
        else:
            connection = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        with connection as smtp:
            smtp.ehlo()
            if settings.security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if settings.username:
                smtp.login(settings.username, settings.password or "")
            smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = next(iter(exc.recipients.values()), (550, b""))
        raise EmailError(f"The mail server {server} refused the recipient "
                         f"{', '.join(exc.recipients)}: {_reply(code, text)}",
                         retryable=400 <= code < 500) from exc
    except smtplib.SMTPSenderRefused as exc:
        raise EmailError(f"The mail server {server} refused the sender {exc.sender} "
                         f"(check SHELF_MAIL_FROM): {_reply(exc.smtp_code, exc.smtp_error)}",
                         retryable=400 <= exc.smtp_code < 500) from exc
    except smtplib.SMTPAuthenticationError as exc:
        raise EmailError(f"The mail server {server} refused the user name or password in "
                         f"SMTP_URL: {_reply(exc.smtp_code, exc.smtp_error)}",
                         retryable=False) from exc
    except smtplib.SMTPNotSupportedError as exc:
        raise EmailError(f"The mail server {server} does not support what this message "
                         f"needs: {exc}", retryable=False) from exc
    except smtplib.SMTPResponseException as exc:
        raise EmailError(f"The mail server {server} answered "
                         f"{_reply(exc.smtp_code, exc.smtp_error)}",
                         retryable=400 <= exc.smtp_code < 500) from exc
    except smtplib.SMTPServerDisconnected as exc:
        raise EmailError(f"The mail server {server} closed the connection: {exc}",
                         retryable=True) from exc
    except smtplib.SMTPException as exc:  # smtplib errors are OSErrors too
        raise EmailError(f"The mail server {server} failed: {exc}", retryable=True) from exc
    except ssl.SSLError as exc:
        raise EmailError(f"The secure connection to the mail server {server} failed: "
                         f"{exc.reason or exc}", retryable=False) from exc
    except TimeoutError as exc:
        raise EmailError(f"The mail server {server} did not answer within "
                         f"{settings.timeout:g} seconds", retryable=True) from exc
    except OSError as exc:
        raise EmailError(f"Could not reach the mail server {server}: "
                         f"{exc.strerror or exc}", retryable=True) from exc
    return str(message["Message-ID"])
