"""The Catalogs page and GET /api/catalogs filter by the mode of the catalog's job:
production (delivered to the customer) or test (sent only to the merchant)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from shopify_app.extensions import db
from shopify_app.jobs.ids import new_id
from shopify_app.models import Catalog, Job, Shop
from shopify_app.models.types import utcnow
from tests.integration.conftest import SHOP


def built(shop: Shop, customer: str, mode: str, minutes_ago: int) -> Catalog:
    job = Job(id=new_id(), shop_id=shop.id, kind="build_catalog", title=f"Catalog for {customer}",
              status="completed", mode=mode, customer_name=customer,
              customer_email=f"{customer.lower()}@buyer.example", completed_at=utcnow())
    catalog = Catalog(id=new_id(), shop_id=shop.id, job_id=job.id, definition_name="Grid",
                      customer_name=customer, customer_email=job.customer_email, rows=3,
                      created_at=datetime.now(UTC) - timedelta(minutes=minutes_ago))
    db.session.add(job)
    db.session.flush()  # the catalog refers to its job
    db.session.add(catalog)
    db.session.commit()
    return catalog


def setup_catalogs(api) -> dict[str, Catalog]:  # type: ignore[no-untyped-def]
    assert api.get("/api/me").status_code == 200
    assert api.as_user("1", "other-shop.myshopify.com").get("/api/me").status_code == 200
    shop = db.session.scalars(select(Shop).where(Shop.domain == SHOP)).one()
    other = db.session.scalars(select(Shop).where(Shop.domain != SHOP)).one()
    return {"live": built(shop, "Ada", "production", 3), "trial": built(shop, "Bea", "test", 2),
            "later": built(shop, "Cy", "production", 1),
            "foreign": built(other, "Dee", "test", 0)}


def test_the_api_lists_one_mode_of_this_shop_only(api):
    made = setup_catalogs(api)
    test_only = api.get("/api/catalogs", query_string={"mode": "test"}).get_json()
    assert [c["id"] for c in test_only["data"]] == [made["trial"].id]
    assert test_only["data"][0]["mode"] == "test" and test_only["meta"]["results"]["total"] == 1
    live = api.get("/api/catalogs", query_string={"mode": "production", "limit": 1}).get_json()
    assert [c["customer"]["name"] for c in live["data"]] == ["Cy"]
    more = api.get("/api/catalogs", query_string={"mode": "production",
                                                  "cursor": live["meta"]["next_cursor"]})
    assert [c["customer"]["name"] for c in more.get_json()["data"]] == ["Ada"]
    everything = api.get("/api/catalogs").get_json()["data"]
    assert [c["mode"] for c in everything] == ["production", "test", "production"]


def test_an_unknown_mode_is_422_naming_the_field(api):
    setup_catalogs(api)
    response = api.get("/api/catalogs", query_string={"mode": "staging"})
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["source"]["pointer"] == "/mode"


def test_the_page_filters_in_its_expanded_panel(api, tokens):
    setup_catalogs(api)
    base = {"shop": SHOP, "host": "YWRtaW4", "embedded": "1", "id_token": tokens.token(SHOP)}
    page = api.get("/catalogs", query_string={**base, "mode": "test"}).get_data(as_text=True)
    assert "Bea" in page and "Ada" not in page and "Dee" not in page
    assert '<details class="more-filters" data-more-filters open>' in page
    assert '<option value="test" selected>Test only</option>' in page
    assert "data-test-badge" in page
    plain = api.get("/catalogs", query_string=base).get_data(as_text=True)
    assert all(name in plain for name in ("Ada", "Bea", "Cy"))
    assert '<details class="more-filters" data-more-filters>' in plain
    bad = api.get("/catalogs", query_string={**base, "mode": "staging"})
    assert bad.status_code == 200 and "mode must be production or test" in bad.get_data(
        as_text=True)
