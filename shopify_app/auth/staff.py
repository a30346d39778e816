"""Staff members and their roles."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import exists, select, update
from sqlalchemy.exc import IntegrityError

from shopify_app.auth import staff_profile
from shopify_app.extensions import db
from shopify_app.models import Shop, StaffMember
from shopify_app.models.types import utcnow

LAST_SEEN_RESOLUTION = timedelta(minutes=5)


def staff_for(shop: Shop, shopify_user_id: str, id_token: str | None = None) -> StaffMember:
    """The staff member behind a session token; the first one seen for a shop is admin.

    With the session token itself, a staff member first seen, or seen again after a
    while, has their name looked up in the background (staff_profile).
    """
    staff = db.session.scalars(select(StaffMember).where(
        StaffMember.shop_id == shop.id, StaffMember.shopify_user_id == shopify_user_id)).first()
    if staff is not None:
        # Recording every request would make every read a write; minutes are enough.
        # The name's freshness is checked as often, not on every request.
        if utcnow() - staff.last_seen_at > LAST_SEEN_RESOLUTION:
            staff.last_seen_at = utcnow()
            db.session.commit()
            if id_token:
                staff_profile.request_lookup(shop, staff, id_token)
        return staff
    role = "admin" if _claim_first_admin(shop, shopify_user_id) else shop.default_staff_role
    staff = StaffMember(shop_id=shop.id, shopify_user_id=shopify_user_id, role=role)
    db.session.add(staff)
    try:
        db.session.commit()
    except IntegrityError:
        # Two first requests of the same user raced; the other one created the row.
        db.session.rollback()
        return staff_for(shop, shopify_user_id, id_token)
    if id_token:
        staff_profile.request_lookup(shop, staff, id_token)
    return staff


def staff_names(shop_id: int, user_ids: set[str]) -> dict[str, str]:
    """The names known for these staff members (Shopify does not always give one)."""
    if not user_ids:
        return {}
    rows = db.session.execute(select(StaffMember.shopify_user_id, StaffMember.name).where(
        StaffMember.shop_id == shop_id, StaffMember.shopify_user_id.in_(user_ids)))
    return {user: name for user, name in rows if name}


def _claim_first_admin(shop: Shop, shopify_user_id: str) -> bool:
    """Take the shop's single first-admin claim, atomically.

    One conditional UPDATE: of any number of parallel first requests exactly one
    changes the row (the database serializes writers to it). The claim commits or
    rolls back together with the new staff row. A shop that already has staff (rows
    made before the claim existed) has no claim to give.
    """
    claimed = db.session.execute(
        update(Shop).where(Shop.id == shop.id, Shop.admin_claimed_by.is_(None),
                           ~exists().where(StaffMember.shop_id == shop.id))
        .values(admin_claimed_by=shopify_user_id)
        .execution_options(synchronize_session=False)).rowcount
    return claimed == 1
