"""The monitor's live activity names another staff member once Shopify has named them."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import wait_until
from tests.conftest import API_KEY, API_SECRET
from tests.helpers import SessionTokens

pytestmark = pytest.mark.browser


def test_the_live_monitor_names_another_staff_member(live, page):  # type: ignore[no-untyped-def]
    from shopify_app.extensions import db
    from shopify_app.models import StaffMember

    def as_priya(method: str, path: str, **kwargs):  # type: ignore[no-untyped-def]
        # The sandbox store names user 2 Priya Shah.
        headers = SessionTokens(API_KEY, API_SECRET).header(live.sandbox.shop, "2")
        with live.app.app_context():
            return getattr(live.app.test_client(), method)(path, headers=headers, **kwargs)

    def priyas_name() -> str | None:
        with live.app.app_context():
            return db.session.scalar(select(StaffMember.name).where(
                StaffMember.shopify_user_id == "2"))

    page.goto(live.path("/monitor"))  # the dev login: user 1, the shop's admin
    assert as_priya("get", "/api/me").status_code == 200
    wait_until(lambda: priyas_name() == "Priya Shah")  # the worker asked the store

    created = as_priya("post", "/api/jobs", json={"kind": "counter", "count": 1})
    assert created.status_code in (200, 201, 202), created.get_json()
    # The page learns of the job from its live stream and redraws the activity.
    activity = page.locator("[data-activity]")
    expect(activity).to_contain_text("Priya Shah created")
    assert "A staff member" not in activity.inner_text()
