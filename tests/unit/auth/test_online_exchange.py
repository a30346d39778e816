"""The online token exchange reads who the staff member is and nothing else."""
from __future__ import annotations

import json
import urllib.parse

import pytest
import responses

from shopify_app.auth.staff_profile import display_name
from shopify_app.auth.token_client import (
    ONLINE_TOKEN_TYPE,
    AssociatedUser,
    TokenClient,
    TokenRequestError,
)

SHOP = "test-shop.myshopify.com"
URL = f"https://{SHOP}/admin/oauth/access_token"
USER = {"id": 902, "first_name": " Ana ", "last_name": "Ruiz", "email": "ana@example.com",
        "email_verified": True, "account_owner": False, "locale": "es",
        "collaborator": False}


def client() -> TokenClient:
    return TokenClient("key", "secret", sleep=lambda _seconds: None, max_attempts=2)


@responses.activate
def test_the_exchange_asks_for_an_online_token_and_reads_the_user():
    responses.post(URL, json={"access_token": "shpua_x", "scope": "read_products",
                              "expires_in": 86399, "associated_user_scope": "read_products",
                              "associated_user": USER})

    user = client().exchange_online(SHOP, "the-id-token")

    assert user == AssociatedUser(id="902", first_name="Ana", last_name="Ruiz",
                                  email="ana@example.com", account_owner=False,
                                  collaborator=False)
    sent = dict(urllib.parse.parse_qsl(responses.calls[0].request.body))
    assert sent["requested_token_type"] == ONLINE_TOKEN_TYPE
    assert sent["subject_token"] == "the-id-token"
    assert sent["grant_type"] == "urn:ietf:params:oauth:grant-type:token-exchange"
    assert "expiring" not in sent
    # The online access token is not handed back to anyone.
    assert "shpua_x" not in repr(user)


@responses.activate
def test_an_answer_without_a_user_is_none():
    responses.post(URL, json={"access_token": "shpua_x", "scope": "read_products"})

    assert client().exchange_online(SHOP, "the-id-token") is None


@responses.activate
def test_a_user_that_is_not_an_object_is_none():
    responses.post(URL, json={"access_token": "shpua_x", "associated_user": "Ana"})

    assert client().exchange_online(SHOP, "the-id-token") is None


@responses.activate
def test_a_refusal_raises_with_shopifys_error():
    responses.post(URL, status=400, body=json.dumps(
        {"error": "invalid_subject_token", "error_description": "expired"}))

    with pytest.raises(TokenRequestError) as raised:
        client().exchange_online(SHOP, "the-id-token")

    assert raised.value.status == 400
    assert raised.value.error == "invalid_subject_token"
    assert len(responses.calls) == 1  # a 4xx is not retried


@responses.activate
def test_odd_user_fields_are_read_as_empty():
    responses.post(URL, json={"access_token": "shpua_x", "associated_user": {
        "id": 5, "first_name": None, "last_name": ["x"], "email": 7, "collaborator": "yes"}})

    user = client().exchange_online(SHOP, "the-id-token")

    assert user is not None
    assert (user.first_name, user.last_name, user.email, user.collaborator) == \
        ("", "", "", False)


def _user(**fields: object) -> AssociatedUser:
    base = {"id": "1", "first_name": "", "last_name": "", "email": "", "account_owner": False,
            "collaborator": False}
    return AssociatedUser(**{**base, **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize("fields, shown", [
    ({"first_name": "Ana", "last_name": "Ruiz"}, "Ana Ruiz"),
    ({"first_name": "Ana"}, "Ana"),
    ({"last_name": "Ruiz"}, "Ruiz"),
    ({"email": "ana@example.com"}, None),  # no name from Shopify: none, not the email
    ({"first_name": "Ana", "account_owner": True}, "Ana"),
    ({"first_name": "Ana", "collaborator": True}, "Ana (collaborator)"),
    ({"first_name": "A" * 300}, "A" * 255),
])
def test_display_name(fields, shown):  # type: ignore[no-untyped-def]
    assert display_name(_user(**fields)) == shown
