"""Authenticate API requests from their session token and check the caller's role."""
from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app, g, request
from sqlalchemy import select

from shopify_app.auth.session_token import InvalidSessionToken, SessionClaims, decode_bearer
from shopify_app.auth.staff import staff_for
from shopify_app.auth.token_client import TokenRequestError
from shopify_app.auth.tokens import ensure_offline_token
from shopify_app.errors import ApiError
from shopify_app.extensions import db
from shopify_app.models import Shop, StaffMember

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])
RETRY_HEADER = {"X-Shopify-Retry-Invalid-Session-Request": "1"}


def unauthorized(detail: str) -> ApiError:
    return ApiError(401, detail, headers=RETRY_HEADER)


def authenticate(claims: SessionClaims) -> tuple[Shop, StaffMember]:
    """Token exchange when needed, then load the shop and the staff member."""
    # Nearly every request finds a usable token: read the shop once, in the request's own
    # session, and open the exchange's separate transaction only when it is needed.
    shop = db.session.scalars(select(Shop).where(Shop.domain == claims.shop)).first()
    if shop is not None and shop.has_usable_token():
        return shop, staff_for(shop, claims.user_id, claims.token)
    db.session.rollback()  # the exchange commits elsewhere: read its result afresh below
    try:
        ensure_offline_token(claims.shop, claims.token)
    except TokenRequestError as exc:
        if exc.rejected_credentials:
            raise unauthorized("Shopify rejected the session token") from exc
        log.warning("token exchange for %s failed: %s", claims.shop, exc)
        raise ApiError(503, "Shopify could not be reached to authorize this shop; "
                            "try again in a moment") from exc
    shop = db.session.scalars(select(Shop).where(Shop.domain == claims.shop)).one()
    return shop, staff_for(shop, claims.user_id, claims.token)


def authenticate_api_request(query_token: str | None = None) -> None:
    """Set g.shop, g.staff and g.claims for an /api request, or raise 401."""
    cfg = current_app.config
    header = request.headers.get("Authorization")
    if not header and query_token:
        header = f"Bearer {query_token}"
    try:
        claims = decode_bearer(header, cfg["SHOPIFY_API_KEY"], cfg["SHOPIFY_API_SECRET"])
    except InvalidSessionToken as exc:
        raise unauthorized(str(exc)) from exc
    g.claims = claims
    g.shop, g.staff = authenticate(claims)


def require_role(role: str) -> Callable[[F], F]:
    """Refuse with 403 unless the authenticated staff member has at least `role`."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            staff: StaffMember | None = g.get("staff")
            if staff is None:
                raise unauthorized("Missing session token")
            if not staff.has_role(role):
                raise ApiError(403, f"This action needs the {role} role; "
                                    f"you have {staff.role}.")
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
