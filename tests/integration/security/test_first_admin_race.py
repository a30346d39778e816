"""Eight staff members opening the app at once on a new shop: exactly one becomes admin."""
from __future__ import annotations

import threading

from sqlalchemy import func, select

from shopify_app.extensions import db
from shopify_app.models import Shop, StaffMember
from shopify_app.models.types import utcnow

SHOP = "race-shop.myshopify.com"
PARALLEL = 8


def _installed_shop() -> Shop:
    shop = Shop(domain=SHOP, access_token="shpat_ready", installed_at=utcnow())
    db.session.add(shop)
    db.session.commit()
    return shop


def _first_requests_at_once(app, tokens, users):  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(len(users))
    answers: list[tuple[str, int, dict]] = []

    def open_app(user: str) -> None:
        client = app.test_client()
        headers = tokens.header(SHOP, user)
        barrier.wait()
        response = client.get("/api/me", headers=headers)
        answers.append((user, response.status_code, response.get_json()))

    threads = [threading.Thread(target=open_app, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_parallel_first_requests_make_exactly_one_admin(app, tokens):
    _installed_shop()
    for round_number in range(3):
        users = [f"{round_number}{n}" for n in range(PARALLEL)]
        answers = _first_requests_at_once(app, tokens, users)
        assert [status for _, status, _ in answers] == [200] * PARALLEL, answers
        db.session.expire_all()
        admins = db.session.scalars(select(StaffMember.shopify_user_id).where(
            StaffMember.role == "admin")).all()
        assert len(admins) == 1, admins
        reported = [user for user, _, body in answers if body["data"]["role"] == "admin"]
        assert reported == (admins if round_number == 0 else [])
    assert db.session.scalar(select(func.count()).select_from(StaffMember)) == 3 * PARALLEL
    shop = db.session.scalars(select(Shop).where(Shop.domain == SHOP)).one()
    assert shop.admin_claimed_by == admins[0]


def test_same_user_twice_in_parallel_is_one_admin_row(app, tokens):
    _installed_shop()
    answers = _first_requests_at_once(app, tokens, ["7"] * 4)
    assert [(status, body["data"]["role"]) for _, status, body in answers] == \
        [(200, "admin")] * 4
    db.session.expire_all()
    assert db.session.scalars(select(StaffMember.role)).all() == ["admin"]


def test_shop_with_staff_from_before_the_claim_gives_no_new_admin(client, tokens):
    shop = _installed_shop()
    db.session.add(StaffMember(shop_id=shop.id, shopify_user_id="1", role="admin"))
    db.session.commit()
    response = client.get("/api/me", headers=tokens.header(SHOP, "2"))
    assert response.get_json()["data"]["role"] == "write"
