"""Migration 0005 gives existing shops a Redis namespace and settles their admin claim."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.conftest import API_KEY, API_SECRET


@pytest.fixture
def fresh_sqlite_app(tmp_path, redis_url):  # type: ignore[no-untyped-def]
    from shopify_app import create_app

    app = create_app({"ENV": {"SHOPIFY_API_KEY": API_KEY, "SHOPIFY_API_SECRET": API_SECRET,
                              "SHELF_ENCRYPTION_KEY": "test-encryption-key",
                              "REDIS_URL": redis_url,
                              "DATABASE_URL": f"sqlite:///{tmp_path / 'old.db'}"}})
    with app.app_context():
        yield app
        from shopify_app.extensions import db

        db.session.remove()
        db.engine.dispose()


def test_upgrade_backfills_namespaces_and_claims(fresh_sqlite_app):
    from flask_migrate import downgrade, upgrade

    from shopify_app.extensions import db

    upgrade(revision="0004")
    with db.engine.begin() as connection:
        for shop_id, domain in ((1, "a.myshopify.com"), (2, "b.myshopify.com"),
                                (3, "c.myshopify.com")):
            connection.execute(text(
                "INSERT INTO shops (id, domain, needs_reauth, default_staff_role, created_at, "
                "updated_at) VALUES (:id, :domain, 0, 'write', CURRENT_TIMESTAMP, "
                "CURRENT_TIMESTAMP)"), {"id": shop_id, "domain": domain})
        staff = [(1, "10", "write"), (1, "11", "admin"), (2, "20", "read")]
        for shop_id, user, role in staff:
            connection.execute(text(
                "INSERT INTO staff_members (shop_id, shopify_user_id, role, first_seen_at, "
                "last_seen_at) VALUES (:shop, :user, :role, CURRENT_TIMESTAMP, "
                "CURRENT_TIMESTAMP)"), {"shop": shop_id, "user": user, "role": role})
    upgrade()

    with db.engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT id, redis_namespace, admin_claimed_by FROM shops ORDER BY id")).all()
    namespaces = [row[1] for row in rows]
    assert all(len(ns) == 32 for ns in namespaces)
    assert len(set(namespaces)) == 3
    # The admin holds the claim; a shop with only other staff is claimed by the first
    # of them; a shop with no staff yet leaves it for its first staff member.
    assert [row[2] for row in rows] == ["11", "20", None]

    downgrade(revision="0004")
    upgrade()
