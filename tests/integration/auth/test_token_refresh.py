"""Offline tokens in workers: refreshed before expiry, once, under a per-shop lock."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from shopify_app.auth.tokens import ReauthRequired, ShopTokenProvider
from shopify_app.extensions import db
from shopify_app.models import Shop
from shopify_app.models.types import utcnow

SHOP = "worker-shop.myshopify.com"


@pytest.fixture
def shop(app):  # type: ignore[no-untyped-def]
    shop = Shop(domain=SHOP, access_token="shpat_old", refresh_token="shprt_old",
                access_token_expires_at=utcnow() + timedelta(minutes=1),
                refresh_token_expires_at=utcnow() + timedelta(days=30),
                installed_at=utcnow())
    db.session.add(shop)
    db.session.commit()
    return shop


def test_fresh_token_is_used_without_refresh(app, shop, shopify_oauth):
    shop.access_token_expires_at = utcnow() + timedelta(hours=1)
    db.session.commit()
    assert ShopTokenProvider(SHOP).access_token() == "shpat_old"
    assert shopify_oauth.calls == []


def test_token_near_expiry_is_refreshed_and_old_refresh_token_retired(app, shop, shopify_oauth):
    assert ShopTokenProvider(SHOP).access_token() == "shpat_secret_1"
    assert [c["refresh_token"] for c in shopify_oauth.refreshes] == ["shprt_old"]
    db.session.expire_all()
    stored = db.session.scalars(select(Shop).where(Shop.domain == SHOP)).one()
    assert stored.refresh_token == "shprt_1"


def test_two_workers_refreshing_at_once_refresh_once(app, shop, shopify_oauth):
    shopify_oauth.delay = 0.3  # hold the lock long enough for the other thread to wait
    results: list[str] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with app.app_context():
                results.append(ShopTokenProvider(SHOP).access_token())
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert results == ["shpat_secret_1", "shpat_secret_1"]
    assert len(shopify_oauth.refreshes) == 1


def test_forced_refresh_after_401_uses_another_workers_new_token(app, shop, shopify_oauth):
    shop.access_token_expires_at = utcnow() + timedelta(hours=1)
    db.session.commit()
    provider = ShopTokenProvider(SHOP)
    assert provider.refresh_access_token() == "shpat_secret_1"
    assert len(shopify_oauth.refreshes) == 1


def test_refused_refresh_marks_shop_for_reauth(app, shop, shopify_oauth):
    shopify_oauth.refuse_refresh = True
    with pytest.raises(ReauthRequired):
        ShopTokenProvider(SHOP).access_token()
    db.session.expire_all()
    assert db.session.scalars(select(Shop.needs_reauth).where(Shop.domain == SHOP)).one()


def test_uninstalled_shop_has_no_token(app, shop, shopify_oauth):
    shop.uninstalled_at = utcnow()
    db.session.commit()
    with pytest.raises(ReauthRequired):
        ShopTokenProvider(SHOP).access_token()
    assert shopify_oauth.calls == []
