"""The sandbox WSGI app, and SandboxServer to run it in a background thread."""

from __future__ import annotations

import io
import logging
import threading
from types import TracebackType
from typing import Any

from flask import Flask
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from . import control, graphql_api, oauth, uploads
from .bulk import BulkRunner
from .config import SandboxConfig
from .faults import FaultMiddleware, Faults
from .images import ImageCache
from .schema_exec import DocumentCache, load_schema, run
from .state import SandboxState
from .webhooks import WebhookSender

log = logging.getLogger(__name__)


def origin_for(host: str, port: int) -> str:
    """The origin to put in URLs; a wildcard bind address is reached on loopback."""
    reachable = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    return f"http://{reachable}:{port}"


def build_state(config: SandboxConfig) -> SandboxState:
    faults = Faults(config.faults)
    sender = WebhookSender(
        config.webhook_url, config.api_secret, duplicate=faults.duplicate_webhook
    )
    state = SandboxState(config=config, faults=faults, images=ImageCache(), webhooks=sender)
    state.origin = config.public_url or origin_for(config.host, config.port)
    for domain in config.shops:
        state.ensure_shop(domain)
    if config.access_token and config.shops:
        state.add_static_token(config.access_token, config.shops[0])
    return state


class _ReadWholeBody:
    """Read each request body before the app runs.

    A response sent before the body was read (a 401, an injected 503) would
    otherwise leave the body in the socket, and werkzeug would parse it as the
    next request on a kept-alive connection.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        if length > 0:
            environ["wsgi.input"] = io.BytesIO(environ["wsgi.input"].read(length))
        return self.app(environ, start_response)


def create_app(config: SandboxConfig | None = None, state: SandboxState | None = None) -> Flask:
    """Build the Flask app; the schema is loaded here (once per process), not at import."""
    config = config or (state.config if state else SandboxConfig())
    state = state or build_state(config)
    schema = load_schema(config.resolved_schema_path())
    documents = DocumentCache(schema)
    state.bulk = BulkRunner(
        state,
        schema,
        documents.get,
        lambda document, ctx, variables: run(schema, document, ctx, variables),
    )
    app = Flask(__name__)
    app.json.sort_keys = False  # keep Shopify's key order (data before extensions, __parentId last)
    app.json.compact = True
    app.extensions["sandbox"] = state
    app.extensions["sandbox_schema"] = schema
    app.extensions["sandbox_documents"] = documents
    for blueprint in (graphql_api.blueprint, oauth.blueprint, uploads.blueprint, control.blueprint):
        app.register_blueprint(blueprint)
    faulty = FaultMiddleware(app.wsgi_app, state.faults)
    app.wsgi_app = _ReadWholeBody(faulty)  # type: ignore[method-assign]
    return app


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        log.debug("%s %s", self.requestline, code)


class SandboxServer:
    """The sandbox on a free 127.0.0.1 port in a background thread.

    Example:
        with SandboxServer(products=50) as sandbox:
            token = sandbox.token()
            requests.post(sandbox.graphql_url, json={"query": "{ shop { name } }"},
                          headers={"X-Shopify-Access-Token": token})

    Keyword overrides are SandboxConfig fields or fault settings (error_rate=0.2, ...).
    Unlike the CLI, webhooks are off unless `app_url` is given, and the port is free.
    """

    def __init__(self, config: SandboxConfig | None = None, **overrides: Any) -> None:
        base = config or SandboxConfig(port=0, app_url=None)
        self.config = base.with_overrides(**overrides) if overrides else base
        self.state: SandboxState | None = None
        self.app: Flask | None = None
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> SandboxServer:
        state = build_state(self.config)
        self.app = create_app(self.config, state)
        handler = WSGIRequestHandler if not self.config.quiet else _QuietHandler
        self._server = make_server(
            self.config.host, self.config.port, self.app, threaded=True, request_handler=handler
        )
        self.port = self._server.server_port
        state.origin = self.config.public_url or origin_for(self.config.host, self.port)
        self.state = state
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="sandbox-server", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self.state is not None:
            if self.state.bulk is not None:
                self.state.bulk.join(timeout=5)
            self.state.webhooks.stop()

    def __enter__(self) -> SandboxServer:
        return self.start() if self._server is None else self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- conveniences for tests and benchmarks ---------------------------------------------
    @property
    def origin(self) -> str:
        assert self.state is not None, "start() the server first"
        return self.state.origin

    @property
    def graphql_url(self) -> str:
        return f"{self.origin}/admin/api/{graphql_api.API_VERSION}/graphql.json"

    @property
    def shop(self) -> str:
        """The first configured shop's domain."""
        return self.config.shops[0]

    def token(self, shop: str | None = None, ttl: int | None = None) -> str:
        """Mint an access token directly (no OAuth round trip); non-expiring by default."""
        assert self.state is not None, "start() the server first"
        return self.state.mint_token(shop or self.shop, ttl=ttl).token

    def store(self, shop: str | None = None) -> Any:
        """The in-memory ShopStore, for assertions."""
        assert self.state is not None, "start() the server first"
        return self.state.ensure_shop(shop or self.shop)
