"""Staff members and their roles."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from shopify_app.extensions import db
from shopify_app.models import Shop, StaffMember
from shopify_app.models.types import utcnow

LAST_SEEN_RESOLUTION = timedelta(minutes=5)


def staff_for(shop: Shop, shopify_user_id: str) -> StaffMember:
    """The staff member behind a session token; the first one seen for a shop is admin."""
    staff = db.session.scalars(select(StaffMember).where(
        StaffMember.shop_id == shop.id, StaffMember.shopify_user_id == shopify_user_id)).first()
    if staff is not None:
        # Recording every request would make every read a write; minutes are enough.
        if utcnow() - staff.last_seen_at > LAST_SEEN_RESOLUTION:
            staff.last_seen_at = utcnow()
            db.session.commit()
        return staff
    others = db.session.scalar(
        select(func.count()).select_from(StaffMember).where(StaffMember.shop_id == shop.id))
    role = "admin" if not others else shop.default_staff_role
    staff = StaffMember(shop_id=shop.id, shopify_user_id=shopify_user_id, role=role)
    db.session.add(staff)
    try:
        db.session.commit()
    except IntegrityError:
        # Two first requests of the same user raced; the other one created the row.
        db.session.rollback()
        return staff_for(shop, shopify_user_id)
    return staff
