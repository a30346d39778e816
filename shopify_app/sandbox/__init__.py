"""A local stand-in for Shopify stores: Admin GraphQL, OAuth, bulk operations, webhooks.

Development and test tooling only; the app never imports it. Run it with
`python -m shopify_app.sandbox`, or start it in-process with SandboxServer.
"""

from __future__ import annotations

from .config import SandboxConfig
from .server import SandboxServer, create_app

__all__ = ["SandboxConfig", "SandboxServer", "create_app"]
