"""Browser fixtures: the real app on a free port with dev login, the sandbox store standing in
for Shopify, a real Redis and worker, and Debian's Chromium driven by Playwright.

Every request the browser makes to a host other than the app's own is aborted (Shopify's
CDN included), so each test also proves the pages work with no network.
"""
from __future__ import annotations

import logging
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from tests.conftest import API_KEY, API_SECRET

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    if os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: `make system-packages` installs it")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


@dataclass
class LiveApp:
    url: str
    app: Any
    sandbox: Any
    blocked: list[str] = field(default_factory=list)

    def path(self, path: str) -> str:
        return f"{self.url}{path}"

    def api(self, method: str, path: str, **kwargs: Any) -> Any:
        """Call the JSON API as the dev shop's first staff member (admin)."""
        from tests.helpers import SessionTokens

        headers = SessionTokens(API_KEY, API_SECRET).header(self.sandbox.shop, "1")
        with self.app.app_context():
            response = getattr(self.app.test_client(), method)(path, headers=headers, **kwargs)
        return response


@pytest.fixture
def sandbox() -> Iterator[Any]:
    from shopify_app.sandbox import SandboxServer

    with SandboxServer(products=60, api_key=API_KEY, api_secret=API_SECRET, seed=11) as server:
        yield server


@pytest.fixture
def live(make_app, sandbox, worker_processes, tmp_path) -> Iterator[LiveApp]:  # type: ignore[no-untyped-def]
    """The app served by werkzeug's threaded server, plus one real worker process."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    port = _free_port()
    # The app and the worker share one file store (a catalog built by the worker is
    # downloaded through the app).
    files = str(tmp_path / "files")
    app = make_app(SHELF_DEV_LOGIN="1", SHELF_DEV_SHOP=sandbox.shop,
                   SHOPIFY_ADMIN_ORIGIN=sandbox.origin,
                   SHOPIFY_APP_URL=f"http://127.0.0.1:{port}", SHELF_STORAGE_PATH=files)
    # A live stream notices a closed browser at its next heartbeat: keep that short.
    app.config["SHELF_SSE_HEARTBEAT_SECONDS"] = 1.0
    # Streams end every few seconds, so every flow also exercises reconnecting with
    # last_event_id and a fresh session token.
    app.config["SHELF_SSE_MAX_SECONDS"] = 6.0
    server = make_server("127.0.0.1", port, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="shelf-live", daemon=True)
    thread.start()
    worker_processes(1, burst=False, SHOPIFY_ADMIN_ORIGIN=sandbox.origin,
                     SHELF_STORAGE_PATH=files, SHOPIFY_APP_URL=f"http://127.0.0.1:{port}")
    try:
        yield LiveApp(url=f"http://127.0.0.1:{port}", app=app, sandbox=sandbox)
    finally:
        server.shutdown()
        server.server_close()
        with app.app_context():
            from shopify_app.extensions import db

            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing: `make system-packages` installs it")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=15_000)

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser, live) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """A browser context that can reach the app's origin and nothing else."""
    app_origin = urlparse(live.url)
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    ctx.set_default_timeout(15_000)

    def only_the_app(route: Any) -> None:
        target = urlparse(route.request.url)
        if target.scheme in ("data", "blob", "about") or (
                target.hostname == app_origin.hostname and target.port == app_origin.port):
            route.continue_()
        else:
            live.blocked.append(route.request.url)
            route.abort("internetdisconnected")

    ctx.route("**/*", only_the_app)
    errors: list[str] = []
    ctx.on("weberror", lambda error: errors.append(str(error.error)))
    yield ctx
    ctx.close()
    assert not errors, f"uncaught errors in the pages: {errors}"


@pytest.fixture
def page(context) -> Any:  # type: ignore[no-untyped-def]
    return context.new_page()


def shot(page: Any, name: str, *, full_page: bool = True) -> None:
    """Save a screenshot as a test artifact (the viewport only for dialogs and hints)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page, animations="disabled")


def wait_until(predicate: Any, timeout: float = 60.0, interval: float = 0.2) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not met in time")


def job_id_from(url: str) -> str:
    match = re.search(r"/jobs/([^/?#]+)", url)
    assert match, url
    return match.group(1)
