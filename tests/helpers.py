"""Test helpers: session tokens, a Shopify OAuth mock, signed webhooks."""
from __future__ import annotations

import contextlib
import json
import time
import urllib.parse
import uuid
from typing import Any

import jwt
import responses

from shopify_app.auth.hmac_check import webhook_hmac
from shopify_app.auth.token_client import ONLINE_TOKEN_TYPE


class SessionTokens:
    """Mints App Bridge-shaped session tokens, valid or broken on purpose."""

    def __init__(self, api_key: str, secret: str) -> None:
        self.api_key = api_key
        self.secret = secret

    def claims(self, shop: str = "test-shop.myshopify.com", user: str = "101",
               **overrides: Any) -> dict[str, Any]:
        now = int(time.time())
        claims = {"iss": f"https://{shop}/admin", "dest": f"https://{shop}",
                  "aud": self.api_key, "sub": user, "exp": now + 60, "nbf": now - 5,
                  "iat": now, "jti": uuid.uuid4().hex, "sid": uuid.uuid4().hex}
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def token(self, shop: str = "test-shop.myshopify.com", user: str = "101", *,
              secret: str | None = None, **overrides: Any) -> str:
        return jwt.encode(self.claims(shop, user, **overrides), secret or self.secret,
                          algorithm="HS256")

    def header(self, shop: str = "test-shop.myshopify.com", user: str = "101",
               **kwargs: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(shop, user, **kwargs)}"}


class OAuthMock:
    """Answers POST https://<any shop>/admin/oauth/access_token like Shopify."""

    def __init__(self, mock: responses.RequestsMock) -> None:
        self.mock = mock
        self.calls: list[dict[str, str]] = []
        self.fail_with: tuple[int, dict[str, Any]] | None = None
        self.refuse_refresh = False
        self.delay = 0.0
        self.expires_in = 3600
        self.counter = 0
        # Online exchanges: the associated_user by the ID token's sub (None: no user given),
        # or a refusal of online exchanges only.
        self.users: dict[str, dict[str, Any] | None] = {}
        self.online_fail_with: tuple[int, dict[str, Any]] | None = None
        import re

        mock.add_callback(responses.POST, re.compile(r"https://[^/]+/admin/oauth/access_token"),
                          callback=self._answer)
        # Local servers started by tests (the app itself, the sandbox store) are real.
        mock.add_passthru(re.compile(r"http://(127\.0\.0\.1|localhost)[:/]"))

    def _answer(self, request: Any) -> tuple[int, dict[str, str], str]:
        fields = dict(urllib.parse.parse_qsl(request.body or ""))
        fields["_shop"] = urllib.parse.urlparse(request.url).hostname or ""
        self.calls.append(fields)
        if self.delay:
            time.sleep(self.delay)
        if self.refuse_refresh and fields.get("grant_type") == "refresh_token":
            return 400, {}, json.dumps({"error": "invalid_grant"})
        if self.fail_with:
            status, body = self.fail_with
            return status, {}, json.dumps(body)
        self.counter += 1
        if fields.get("requested_token_type") == ONLINE_TOKEN_TYPE:
            return self._online(fields)
        body = {"access_token": f"shpat_secret_{self.counter}", "scope": "read_products",
                "expires_in": self.expires_in, "refresh_token": f"shprt_{self.counter}",
                "refresh_token_expires_in": 7776000}
        return 200, {}, json.dumps(body)

    def _online(self, fields: dict[str, str]) -> tuple[int, dict[str, str], str]:
        if self.online_fail_with:
            status, body = self.online_fail_with
            return status, {}, json.dumps(body)
        user = jwt.decode(fields.get("subject_token", ""), options={"verify_signature": False})
        sub = str(user.get("sub"))
        answer = {"access_token": f"shpua_online_{self.counter}", "scope": "read_products",
                  "expires_in": 86399, "associated_user_scope": "read_products"}
        if sub not in self.users:
            answer["associated_user"] = {
                "id": int(sub) if sub.isdigit() else sub, "first_name": "Staff",
                "last_name": f"Member {sub}", "email": f"staff{sub}@example.com",
                "email_verified": True, "account_owner": False, "locale": "en",
                "collaborator": False}
        elif self.users[sub] is not None:
            answer["associated_user"] = self.users[sub]
        return 200, {}, json.dumps(answer)

    def grants(self, grant_type: str) -> list[dict[str, str]]:
        return [c for c in self.calls if c.get("grant_type") == grant_type]

    @property
    def exchanges(self) -> list[dict[str, str]]:
        """Exchanges for the shop's offline token."""
        return [c for c in self.grants("urn:ietf:params:oauth:grant-type:token-exchange")
                if c.get("requested_token_type") != ONLINE_TOKEN_TYPE]

    @property
    def online_exchanges(self) -> list[dict[str, str]]:
        """Exchanges for an online token (how a staff member's name is learnt)."""
        return [c for c in self.grants("urn:ietf:params:oauth:grant-type:token-exchange")
                if c.get("requested_token_type") == ONLINE_TOKEN_TYPE]

    @property
    def refreshes(self) -> list[dict[str, str]]:
        return self.grants("refresh_token")


def webhook_headers(body: bytes, secret: str, topic: str, shop: str = "test-shop.myshopify.com",
                    event_id: str | None = None) -> dict[str, str]:
    return {"X-Shopify-Hmac-Sha256": webhook_hmac(body, secret), "X-Shopify-Topic": topic,
            "X-Shopify-Shop-Domain": shop, "X-Shopify-API-Version": "2026-10",
            "X-Shopify-Webhook-Id": uuid.uuid4().hex,
            "X-Shopify-Event-Id": event_id or uuid.uuid4().hex,
            "X-Shopify-Triggered-At": "2026-11-22T10:00:00Z", "Content-Type": "application/json"}


def kill_tree(pid: int) -> None:
    """SIGKILL a process and every descendant (RQ's work horse leaves the process group)."""
    import os
    import signal
    from pathlib import Path

    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    todo, seen = [pid], []
    while todo:
        current = todo.pop()
        seen.append(current)
        todo.extend(children.get(current, []))
    for victim in seen:
        with contextlib.suppress(ProcessLookupError):
            os.kill(victim, signal.SIGKILL)
