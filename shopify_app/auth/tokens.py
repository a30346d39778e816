"""Offline access tokens: get one by token exchange, keep it fresh, never race."""
from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import redis
from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from shopify_app import redis_keys
from shopify_app.auth.token_client import TokenClient, TokenGrant, TokenRequestError
from shopify_app.extensions import db
from shopify_app.models import Shop
from shopify_app.models.types import utcnow
from shopify_app.shopify.errors import AuthError

log = logging.getLogger(__name__)
LOCK_TIMEOUT = 30


class ReauthRequired(AuthError):
    """The shop has no usable token and none can be had without the merchant.

    An AuthError, so the Admin API client marks the shop for re-authentication.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)


def token_client(max_attempts: int = 4) -> TokenClient:
    cfg = current_app.config
    return TokenClient(cfg["SHOPIFY_API_KEY"], cfg["SHOPIFY_API_SECRET"],
                       cfg["SHOPIFY_ADMIN_ORIGIN"], max_attempts=max_attempts)


@contextmanager
def shop_token_lock(shop_domain: str) -> Iterator[None]:
    """One token change per shop at a time, across every process and machine."""
    connection: redis.Redis = current_app.extensions["redis"]
    lock = connection.lock(redis_keys.token_lock(shop_domain), timeout=LOCK_TIMEOUT,
                           blocking_timeout=LOCK_TIMEOUT)
    if not lock.acquire():
        raise TokenRequestError(f"Timed out waiting for the token lock of {shop_domain}")
    try:
        yield
    finally:
        try:
            lock.release()
        except redis.exceptions.LockError:
            log.warning("token lock of %s expired before release", shop_domain)


def _store(shop: Shop, grant: TokenGrant) -> None:
    shop.access_token = grant.access_token
    shop.access_token_expires_at = grant.expires_at
    shop.refresh_token = grant.refresh_token
    shop.refresh_token_expires_at = grant.refresh_token_expires_at
    shop.scopes = grant.scope or shop.scopes
    shop.needs_reauth = False
    if not shop.is_installed:
        shop.installed_at = utcnow()
        shop.uninstalled_at = None


def _load_for_update(session: Session, shop_domain: str) -> Shop | None:
    return session.scalars(select(Shop).where(Shop.domain == shop_domain)).first()


def ensure_offline_token(shop_domain: str, id_token: str) -> None:
    """Make sure the shop has a usable offline token, using the merchant's ID token if needed.

    Runs in its own short transaction under the shop's lock, so two requests
    arriving together exchange or refresh once, not twice.
    """
    with Session(db.engine, expire_on_commit=False) as session:
        shop = _load_for_update(session, shop_domain)
        if shop is not None and shop.has_usable_token():
            return
    # A merchant is waiting on this request: one quick retry, not a long back-off.
    client = token_client(max_attempts=2)
    with shop_token_lock(shop_domain), Session(db.engine) as session:
        shop = _load_for_update(session, shop_domain)
        if shop is None:
            shop = Shop(domain=shop_domain)
            session.add(shop)
        if shop.has_usable_token():
            return
        grant = None
        if shop.is_installed and not shop.needs_reauth and shop.can_refresh():
            try:
                grant = client.refresh(shop_domain, shop.refresh_token or "")
            except TokenRequestError as exc:
                if not exc.rejected_credentials:
                    raise
                log.info("refresh token of %s was refused; exchanging the ID token", shop_domain)
        if grant is None:
            grant = client.exchange(shop_domain, id_token)
        _store(shop, grant)
        session.commit()
        log.info("stored a new offline token for %s", shop_domain)


def store_grant(shop_domain: str, grant: TokenGrant) -> None:
    """Keep a token obtained some other way (the authorization-code install)."""
    with shop_token_lock(shop_domain), Session(db.engine) as session:
        shop = _load_for_update(session, shop_domain) or Shop(domain=shop_domain)
        session.add(shop)
        _store(shop, grant)
        session.commit()


class ShopTokenProvider:
    """Hands the Admin API client a fresh token for one shop; safe across workers."""

    def __init__(self, shop_domain: str) -> None:
        self.shop_domain = shop_domain

    def access_token(self) -> str:
        with Session(db.engine) as session:
            shop = _load_for_update(session, self.shop_domain)
            if shop is not None and shop.has_usable_token():
                return shop.access_token or ""
        return self._refresh(failed_token=None)

    def refresh_access_token(self) -> str:
        with Session(db.engine) as session:
            shop = _load_for_update(session, self.shop_domain)
            current = shop.access_token if shop else None
        return self._refresh(failed_token=current)

    def mark_needs_reauth(self) -> None:
        with Session(db.engine) as session:
            shop = _load_for_update(session, self.shop_domain)
            if shop is not None:
                shop.needs_reauth = True
                session.commit()
        log.warning("%s needs the merchant to open the app again to re-authorize",
                    self.shop_domain)

    def _refresh(self, failed_token: str | None) -> str:
        with shop_token_lock(self.shop_domain), Session(db.engine) as session:
            shop = _load_for_update(session, self.shop_domain)
            if shop is None or not shop.is_installed:
                raise ReauthRequired(f"{self.shop_domain} is not installed")
            # Another worker may have refreshed while we waited for the lock.
            if shop.has_usable_token() and shop.access_token != failed_token:
                return shop.access_token or ""
            if not shop.can_refresh():
                raise ReauthRequired(f"{self.shop_domain} has no refresh token to use")
            try:
                grant = token_client().refresh(self.shop_domain, shop.refresh_token or "")
            except TokenRequestError as exc:
                if exc.rejected_credentials:
                    shop.needs_reauth = True
                    session.commit()
                    raise ReauthRequired(str(exc)) from exc
                raise
            _store(shop, grant)
            session.commit()
            return grant.access_token
