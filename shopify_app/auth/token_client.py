"""The two small POSTs to /admin/oauth/access_token: token exchange and refresh."""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import requests

from shopify_app.models.types import utcnow

log = logging.getLogger(__name__)

TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token"
OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token"
ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token"
TIMEOUT = (5, 20)
MAX_ATTEMPTS = 4


class TokenRequestError(Exception):
    """Shopify refused or could not answer a token request."""

    def __init__(self, message: str, *, status: int | None = None, error: str | None = None):
        super().__init__(message)
        self.status = status
        self.error = error

    @property
    def rejected_credentials(self) -> bool:
        """The subject or refresh token is no good: asking again will not help."""
        return self.error in {"invalid_subject_token", "invalid_grant", "invalid_request"}


@dataclass(frozen=True)
class TokenGrant:
    access_token: str
    scope: str
    expires_at: datetime | None
    refresh_token: str | None
    refresh_token_expires_at: datetime | None

    @classmethod
    def from_response(cls, body: dict[str, Any], now: datetime) -> TokenGrant:
        def after(seconds: Any) -> datetime | None:
            return now + timedelta(seconds=int(seconds)) if seconds else None

        return cls(access_token=body["access_token"], scope=body.get("scope", ""),
                   expires_at=after(body.get("expires_in")),
                   refresh_token=body.get("refresh_token"),
                   refresh_token_expires_at=after(body.get("refresh_token_expires_in")))


@dataclass(frozen=True)
class AssociatedUser:
    """The staff member an online token speaks for, as Shopify describes them."""

    id: str
    first_name: str
    last_name: str
    email: str
    account_owner: bool
    collaborator: bool

    @classmethod
    def from_response(cls, user: dict[str, Any]) -> AssociatedUser:
        def text(key: str) -> str:
            value = user.get(key)
            return value.strip() if isinstance(value, str) else ""

        return cls(id=str(user.get("id") or ""), first_name=text("first_name"),
                   last_name=text("last_name"), email=text("email"),
                   account_owner=user.get("account_owner") is True,
                   collaborator=user.get("collaborator") is True)


class TokenClient:
    """Talks to `https://<shop>` (or the configured admin origin) for tokens."""

    def __init__(self, api_key: str, api_secret: str, admin_origin: str | None = None,
                 session: requests.Session | None = None, sleep: Any = None,
                 max_attempts: int = MAX_ATTEMPTS) -> None:
        self.api_key = api_key
        self.api_secret = api_secret
        self.admin_origin = admin_origin
        self.session = session or requests.Session()
        self.sleep = sleep or (lambda seconds: time.sleep(seconds))
        self.max_attempts = max_attempts

    def url(self, shop: str, path: str) -> str:
        origin = self.admin_origin or f"https://{shop}"
        return f"{origin}{path}"

    def exchange(self, shop: str, id_token: str) -> TokenGrant:
        return self._post(shop, {
            "grant_type": TOKEN_EXCHANGE, "subject_token": id_token,
            "subject_token_type": ID_TOKEN_TYPE, "requested_token_type": OFFLINE_TOKEN_TYPE,
            "expiring": "1",
        })

    def exchange_online(self, shop: str, id_token: str) -> AssociatedUser | None:
        """Who the ID token's staff member is, by an online token exchange.

        Only the `associated_user` is read: the online access token itself is dropped
        here, never returned or stored, because Shelf does all its Admin API work with
        the shop's offline token. None when Shopify answers without a user.
        """
        body = self._post_json(shop, {
            "grant_type": TOKEN_EXCHANGE, "subject_token": id_token,
            "subject_token_type": ID_TOKEN_TYPE, "requested_token_type": ONLINE_TOKEN_TYPE,
        })
        user = body.get("associated_user")
        return AssociatedUser.from_response(user) if isinstance(user, dict) else None

    def refresh(self, shop: str, refresh_token: str) -> TokenGrant:
        return self._post(shop, {"grant_type": "refresh_token", "refresh_token": refresh_token})

    def redeem_code(self, shop: str, code: str) -> TokenGrant:
        return self._post(shop, {"code": code, "expiring": "1"})

    def _post(self, shop: str, fields: dict[str, str]) -> TokenGrant:
        started = utcnow()
        return TokenGrant.from_response(self._post_json(shop, fields), started)

    def _post_json(self, shop: str, fields: dict[str, str]) -> dict[str, Any]:
        """The answer to a token request that granted an access token, else raise."""
        payload = {"client_id": self.api_key, "client_secret": self.api_secret, **fields}
        url = self.url(shop, "/admin/oauth/access_token")
        for attempt in range(1, self.max_attempts + 1):
            try:
                response = self.session.post(url, data=payload, timeout=TIMEOUT,
                                             headers={"Accept": "application/json"})
            except requests.RequestException as exc:
                if attempt == self.max_attempts:
                    raise TokenRequestError(f"Shopify did not answer the token request: {exc}") \
                        from exc
                self.sleep(min(2 ** attempt, 10))
                continue
            if response.status_code == 429 or response.status_code >= 500:
                if attempt == self.max_attempts:
                    break
                retry_after = response.headers.get("Retry-After", "")
                delay = 2.0 ** attempt
                if retry_after.replace(".", "", 1).isdigit():
                    delay = float(retry_after)
                self.sleep(min(delay, 30))
                continue
            body = _json(response)
            if response.ok and body.get("access_token"):
                return body
            error = str(body.get("error") or f"http_{response.status_code}")
            description = body.get("error_description") or error
            log.warning("token request for %s refused: %s", shop, error)
            raise TokenRequestError(f"Shopify refused the token request: {description}",
                                    status=response.status_code, error=error)
        raise TokenRequestError("Shopify kept failing the token request",
                                status=response.status_code)


def _json(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
