"""Staff names and emails, learnt from Shopify's online token exchange.

A session token names its staff member by id only. Exchanging it for an online
token makes Shopify answer with the user behind it (`associated_user`), which is
where the name pages show comes from. The exchange runs on the high RQ queue, not
in the request: it is a round trip to Shopify that no page needs to wait for, and
a failure there must never fail the page. The task is given the ID token itself,
which lives about a minute, so a task that runs late gives up quietly and the
staff member's next request asks again.

How fresh a name is lives in a per-shop Redis key (no column): it expires when
the name should be looked up again, after a failure sooner than after a success,
and while a look-up is queued it stops a second one being queued.
"""
from __future__ import annotations

import logging
from datetime import timedelta

import redis
from flask import current_app

from shopify_app import redis_keys
from shopify_app.auth.session_token import InvalidSessionToken, decode_id_token
from shopify_app.auth.token_client import AssociatedUser, TokenRequestError
from shopify_app.extensions import db, queues
from shopify_app.models import Shop, StaffMember

log = logging.getLogger(__name__)
FRESH_FOR = timedelta(days=30)
RETRY_AFTER_FAILURE = timedelta(hours=1)
# The ID token lives a minute: a look-up not started by then can only fail.
QUEUED_FOR = timedelta(minutes=2)
NAME_LENGTH = 255

QUEUED, FRESH, FAILED = "queued", "fresh", "failed"


def _redis() -> redis.Redis:
    return current_app.extensions["redis"]


def request_lookup(shop: Shop, staff: StaffMember, id_token: str) -> bool:
    """Queue a look-up of the staff member's name unless a fresh one is known or queued.

    Never raises: a page shows "A staff member" rather than fail for a name.
    """
    keys = redis_keys.for_shop(shop)
    if not keys.present or staff.id is None:
        return False
    from workers import tasks

    marker = keys.staff_profile(staff.shopify_user_id)
    try:
        if not _redis().set(marker, QUEUED, nx=True, ex=QUEUED_FOR):
            return False
        queues.get("high").enqueue(
            tasks.look_up_staff_profile, kwargs={"staff_id": staff.id, "id_token": id_token},
            job_id=keys.staff_profile_job(staff.id), description=f"staff name {staff.id}",
            # Expire unstarted, keep no result: the arguments hold the ID token.
            ttl=int(QUEUED_FOR.total_seconds()), result_ttl=0, failure_ttl=3600)
    except redis.RedisError:
        log.warning("could not queue the name look-up of staff member %s", staff.id,
                    exc_info=True)
        return False
    return True


def display_name(user: AssociatedUser) -> str | None:
    """`first last` as Shopify gives them; nothing when Shopify gives no name."""
    name = " ".join(part for part in (user.first_name, user.last_name) if part)
    if name and user.collaborator:
        name = f"{name} (collaborator)"
    return name[:NAME_LENGTH] or None


def look_up(staff_id: int, id_token: str) -> str:
    """Store the name and email Shopify gives for the staff member. Safe to run twice.

    Returns what happened, for the worker's log. Only the user is kept: the online
    access token of the exchange is never stored (Shelf does not use it).
    """
    from shopify_app.auth.tokens import token_client

    staff = db.session.get(StaffMember, staff_id)
    shop = db.session.get(Shop, staff.shop_id) if staff is not None else None
    if staff is None or shop is None:
        return "gone"
    marker = redis_keys.for_shop(shop).staff_profile(staff.shopify_user_id)
    connection = _redis()
    if connection.get(marker) == FRESH.encode():
        return "fresh already"
    cfg = current_app.config
    try:
        claims = decode_id_token(id_token, cfg["SHOPIFY_API_KEY"], cfg["SHOPIFY_API_SECRET"])
    except InvalidSessionToken:
        connection.delete(marker)  # ran too late: the staff member's next request asks again
        return "token expired"
    if claims.shop != shop.domain or claims.user_id != staff.shopify_user_id:
        log.warning("name look-up of staff member %s was given another user's token", staff_id)
        return "wrong token"
    try:
        user = token_client(max_attempts=2).exchange_online(shop.domain, id_token)
    except TokenRequestError as exc:
        if exc.error == "invalid_subject_token":
            connection.delete(marker)  # expired on the way: the next request asks again
            return "token refused"
        # Includes a shop that does not allow online tokens: ask again later, not now.
        log.warning("name look-up of staff member %s failed: %s", staff_id, exc)
        connection.set(marker, FAILED, ex=RETRY_AFTER_FAILURE)
        return "failed"
    if user is None:
        log.warning("Shopify named no user for staff member %s", staff_id)
        connection.set(marker, FAILED, ex=RETRY_AFTER_FAILURE)
        return "no user"
    staff.name = display_name(user)
    staff.email = user.email if 0 < len(user.email) <= NAME_LENGTH else None
    db.session.commit()
    connection.set(marker, FRESH, ex=FRESH_FOR)
    return "stored"
