"""The Cloud API client: request shape, ids, and which failures are worth retrying."""
from __future__ import annotations

import json

import pytest
import requests
import responses

from shopify_app.delivery.settings import WhatsAppSettings
from shopify_app.delivery.whatsapp import (
    WhatsAppPermanentError,
    WhatsAppRetryableError,
    send_text,
)

SETTINGS = WhatsAppSettings(token="EAAG-secret-1234", phone_number_id="555",
                            base_url="https://graph.facebook.com/v21.0", timeout=3)
URL = "https://graph.facebook.com/v21.0/555/messages"


@responses.activate
def test_sends_the_documented_body_and_returns_the_message_id():
    responses.add(responses.POST, URL, json={"messages": [{"id": "wamid.X"}]})
    assert send_text(SETTINGS, "14155550100", "Hi https://s.example/c") == "wamid.X"
    request = responses.calls[0].request
    assert request.headers["Authorization"] == "Bearer EAAG-secret-1234"
    assert json.loads(request.body) == {
        "messaging_product": "whatsapp", "recipient_type": "individual",
        "to": "14155550100", "type": "text",
        "text": {"preview_url": True, "body": "Hi https://s.example/c"}}


@pytest.mark.parametrize(("status", "body", "error", "words"), [
    (429, {"error": {"message": "Too many", "code": 130429}}, WhatsAppRetryableError,
     "WhatsApp answered 429 (error 130429): Too many"),
    (500, {"error": {"message": "Unknown error", "code": 1}}, WhatsAppRetryableError,
     "WhatsApp answered 500 (error 1): Unknown error"),
    (400, {"error": {"message": "Rate limit", "code": 131056}}, WhatsAppRetryableError,
     "error 131056"),
    (401, {"error": {"message": "Error validating access token", "code": 190}},
     WhatsAppPermanentError, "WHATSAPP_TOKEN has expired or is invalid"),
    (400, {"error": {"message": "(#100) Invalid parameter", "code": 100,
                     "error_data": {"details": "Invalid WhatsApp phone number"}}},
     WhatsAppPermanentError, "rejected a parameter"),
    (404, {"error": {"message": "Unsupported post request", "code": 33}},
     WhatsAppPermanentError, "WhatsApp answered 404 (error 33): Unsupported post request"),
    (403, "<html>nope</html>", WhatsAppPermanentError, "WhatsApp answered 403: Forbidden"),
])
@responses.activate
def test_failures_are_typed_and_readable(status, body, error, words):
    if isinstance(body, dict):
        responses.add(responses.POST, URL, status=status, json=body)
    else:
        responses.add(responses.POST, URL, status=status, body=body)
    with pytest.raises(error) as raised:
        send_text(SETTINGS, "14155550100", "Hi")
    assert words in str(raised.value)
    assert raised.value.status == status
    assert "EAAG-secret-1234" not in str(raised.value)


@responses.activate
def test_network_failures_are_retryable():
    responses.add(responses.POST, URL, body=requests.ConnectTimeout("slow"))
    with pytest.raises(WhatsAppRetryableError, match="did not answer within 3 seconds"):
        send_text(SETTINGS, "1", "Hi")
    responses.replace(responses.POST, URL, body=requests.ConnectionError("refused"))
    with pytest.raises(WhatsAppRetryableError, match="Could not reach WhatsApp"):
        send_text(SETTINGS, "1", "Hi")
