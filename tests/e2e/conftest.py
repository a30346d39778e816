"""End-to-end fixtures: the sandbox store standing in for Shopify, the app pointed at it."""
from __future__ import annotations

import pytest

from tests.conftest import API_KEY, API_SECRET


@pytest.fixture
def sandbox():  # type: ignore[no-untyped-def]
    from shopify_app.sandbox import SandboxServer

    with SandboxServer(products=200, plan="plus", api_key=API_KEY, api_secret=API_SECRET,
                       seed=7) as server:
        yield server


@pytest.fixture
def e2e_app(make_app, sandbox):  # type: ignore[no-untyped-def]
    from shopify_app.extensions import db

    app = make_app(SHOPIFY_ADMIN_ORIGIN=sandbox.origin)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def shop_api(e2e_app, sandbox, tokens):  # type: ignore[no-untyped-def]
    """Calls the app's API as the sandbox shop's first staff member (admin)."""
    client = e2e_app.test_client()

    class Api:
        def __getattr__(self, method: str):  # type: ignore[no-untyped-def]
            def call(path: str, **kwargs):  # type: ignore[no-untyped-def]
                headers = {**tokens.header(sandbox.shop, "1"), **kwargs.pop("headers", {})}
                return getattr(client, method)(path, headers=headers, **kwargs)

            return call

    api = Api()
    assert api.get("/api/me").status_code == 200  # token exchange against the sandbox
    return api


@pytest.fixture
def run_worker(e2e_app):  # type: ignore[no-untyped-def]
    """Drain the queues with a real RQ SimpleWorker inside the sandbox-pointed app."""
    from rq import SimpleWorker

    def run() -> None:
        with e2e_app.app_context():
            queues = e2e_app.extensions["queues"]
            SimpleWorker([queues[n] for n in ("high", "default", "low")],
                         connection=e2e_app.extensions["redis"]).work(burst=True)

    return run
