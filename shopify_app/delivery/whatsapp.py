"""WhatsApp Cloud API: one text message with the catalog link.

POST {base}/{phone_number_id}/messages with a Bearer token. Free-form text reaches
a customer only inside WhatsApp's 24-hour service window; outside it the API
answers error 131047, reported here in words a merchant understands.
"""
from __future__ import annotations

from typing import Any

import requests

from shopify_app.delivery.settings import WhatsAppSettings

# Cloud API error codes that mean "slow down", whatever the HTTP status.
RATE_LIMIT_CODES = {4, 80007, 130429, 131048, 131056}
HINTS = {
    131047: "more than 24 hours have passed since the customer last wrote to this number, "
            "so WhatsApp only accepts approved template messages",
    131026: "the number is not on WhatsApp or cannot receive this message",
    190: "the access token in WHATSAPP_TOKEN has expired or is invalid",
    100: "WhatsApp rejected a parameter (check WHATSAPP_PHONE_NUMBER_ID and the number)",
}


class WhatsAppError(Exception):
    """The message was not sent."""

    retryable = False

    def __init__(self, message: str, *, status: int | None = None,
                 code: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


class WhatsAppRetryableError(WhatsAppError):
    """429, 5xx, a rate-limit code, a time-out: trying later may work."""

    retryable = True


class WhatsAppPermanentError(WhatsAppError):
    """Any other 4xx: sending the same request again will fail the same way."""


def payload(to_digits: str, body: str) -> dict[str, Any]:
    return {"messaging_product": "whatsapp", "recipient_type": "individual",
            "to": to_digits, "type": "text", "text": {"preview_url": True, "body": body}}


def send_text(settings: WhatsAppSettings, to_digits: str, body: str, *,
              session: requests.Session | None = None) -> str:
    """Send and return WhatsApp's message id (wamid…); raise a WhatsAppError."""
    http = session or requests
    try:
        response = http.post(settings.messages_url, json=payload(to_digits, body),
                             headers={"Authorization": f"Bearer {settings.token}"},
                             timeout=(5, settings.timeout))
    except requests.Timeout as exc:
        raise WhatsAppRetryableError("WhatsApp did not answer within "
                                     f"{settings.timeout:g} seconds") from exc
    except requests.RequestException as exc:
        raise WhatsAppRetryableError(f"Could not reach WhatsApp: {type(exc).__name__}") \
            from exc
    if response.ok:
        try:
            return str(response.json()["messages"][0]["id"])
        except (ValueError, KeyError, IndexError, TypeError):
            return ""  # sent; the answer just lacks the id
    raise _error(response)


def _error(response: requests.Response) -> WhatsAppError:
    status = response.status_code
    try:
        error = response.json().get("error") or {}
    except (ValueError, AttributeError):
        error = {}
    error = error if isinstance(error, dict) else {}
    code = error.get("code") if isinstance(error.get("code"), int) else None
    details = (error.get("error_data") or {}).get("details") \
        if isinstance(error.get("error_data"), dict) else None
    text = " ".join(str(details or error.get("message") or response.reason or "").split())
    reason = HINTS.get(code) if code is not None else None
    parts = [f"WhatsApp answered {status}"
             + (f" (error {code})" if code is not None else ""),
             reason or text[:300] or "without a reason"]
    message = ": ".join(parts)
    if status == 429 or status >= 500 or code in RATE_LIMIT_CODES:
        return WhatsAppRetryableError(message, status=status, code=code)
    return WhatsAppPermanentError(message, status=status, code=code)
