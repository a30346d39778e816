"""The app pointed at the sandbox store, a staff session and seeded rows, for contract tests."""
from __future__ import annotations

import re
import time
from dataclasses import dataclass

import pytest

from tests.conftest import API_KEY, API_SECRET
from tests.support.seed import a_schedule, catalog_rows, reviewable_job


@pytest.fixture
def sandbox():  # type: ignore[no-untyped-def]
    from shopify_app.sandbox import SandboxServer

    with SandboxServer(products=20, plan="plus", api_key=API_KEY, api_secret=API_SECRET,
                       seed=11) as server:
        yield server


@pytest.fixture
def contract_app(make_app, sandbox):  # type: ignore[no-untyped-def]
    from shopify_app.extensions import db

    # Streams end at once: the events endpoint answers its replay and closes.
    app = make_app(SHOPIFY_ADMIN_ORIGIN=sandbox.origin, SHELF_SSE_MAX_SECONDS="0")
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@dataclass
class Session:
    client: object
    headers: dict[str, str]
    shop: str
    token: str


@pytest.fixture
def session(contract_app, sandbox, tokens) -> Session:  # type: ignore[no-untyped-def]
    """The sandbox shop's first staff member (admin), installed by a first request."""
    client = contract_app.test_client()
    token = tokens.token(sandbox.shop, "1", exp=int(time.time()) + 3600)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/me", headers=headers).status_code == 200
    return Session(client, headers, sandbox.shop, token)


def api_operations(app) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(method, path template) of every /api route, straight from the URL map."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
            found += [(method, path) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return sorted(found, key=lambda op: (op[1], op[0]))


def seeded_ids(shop: str) -> dict[str, str]:
    """Path parameters that exist: a job in review, one of its items, a catalog definition,
    a catalog, a schedule and a spreadsheet upload."""
    job_id, item_ids = reviewable_job(shop, 3)
    definition_id, catalog_id = catalog_rows(shop, job_id)
    return {"job_id": job_id, "item_id": str(item_ids[0]), "definition_id": definition_id,
            "catalog_id": catalog_id, "schedule_id": a_schedule(shop),
            "upload_id": _upload(shop)}


def _upload(shop: str) -> str:
    import io

    from sqlalchemy import select

    from shopify_app.extensions import db
    from shopify_app.models import Shop
    from shopify_app.uploads import store_upload

    shop_id = db.session.scalar(select(Shop.id).where(Shop.domain == shop))
    record = store_upload(shop_id, io.BytesIO(b"handle,title\r\nlinen-shirt,Linen\r\n"),
                          "seed.csv", "text/csv", None)
    return record["id"]
