"""Sandbox settings: defaults that suit `make dev`, overridable by env and CLI."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .faults import FaultSettings, coerce_settings

DEFAULT_SHOP = "shelf-dev.myshopify.com"
API_VERSION = "2026-10"
DEFAULT_SCOPES = "read_products,write_products,read_files,write_files"


def default_schema_path() -> Path:
    """The Admin schema introspection kept with the tests (repository root/tests/data)."""
    return Path(__file__).resolve().parents[2] / "tests" / "data" / "admin_2026-10.json.gz"


@dataclass
class SandboxConfig:
    host: str = "127.0.0.1"
    port: int = 8081
    public_url: str | None = None  # origin put in URLs we hand out; default http://host:port
    api_key: str = "shelf-dev-key"
    api_secret: str = "shelf-dev-secret"
    scopes: str = DEFAULT_SCOPES
    shops: list[str] = field(default_factory=lambda: [DEFAULT_SHOP])
    products: int = 500
    plan: str = "standard"
    app_url: str | None = "http://127.0.0.1:8080"  # where webhooks go (None: send none)
    webhook_path: str = "/webhooks"
    access_token: str | None = None  # a fixed, non-expiring token for the first shop
    access_token_ttl: int = 3600
    refresh_token_ttl: int = 7_776_000
    max_query_cost: int = 1000
    bulk_concurrency: int = 5  # per shop and type; 2026-01 and later allow five
    bulk_min_seconds: float = 0.0  # stretch bulk runs so RUNNING can be observed
    schema_path: str | None = None
    quiet: bool = True  # no per-request access log
    faults: FaultSettings = field(default_factory=FaultSettings)

    @property
    def webhook_url(self) -> str | None:
        if not self.app_url:
            return None
        return self.app_url.rstrip("/") + self.webhook_path

    def resolved_schema_path(self) -> Path:
        return Path(self.schema_path) if self.schema_path else default_schema_path()

    def with_overrides(self, **overrides: Any) -> SandboxConfig:
        """Copy with fields replaced; fault names (e.g. error_rate=0.1) go to `faults`."""
        names = {f.name for f in dataclasses.fields(self)}
        plain = {k: v for k, v in overrides.items() if k in names}
        fault_changes = {k: v for k, v in overrides.items() if k not in names}
        if isinstance(plain.get("shops"), str):
            plain["shops"] = _split(plain["shops"])
        faults = plain.pop("faults", None) or self.faults
        faults = dataclasses.replace(faults, **coerce_settings(fault_changes))
        faults.validate()
        return dataclasses.replace(self, faults=faults, **plain)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


# Environment variable -> (config field, converter). Fault variables are listed below.
ENV_VARS: dict[str, tuple[str, Any]] = {
    "SANDBOX_HOST": ("host", str),
    "SANDBOX_PORT": ("port", int),
    "SANDBOX_PUBLIC_URL": ("public_url", str),
    "SANDBOX_API_KEY": ("api_key", str),
    "SANDBOX_API_SECRET": ("api_secret", str),
    "SANDBOX_SCOPES": ("scopes", str),
    "SANDBOX_SHOP": ("shops", _split),
    "SANDBOX_PRODUCTS": ("products", int),
    "SANDBOX_PLAN": ("plan", str),
    "SANDBOX_APP_URL": ("app_url", lambda v: v or None),
    "SANDBOX_WEBHOOK_PATH": ("webhook_path", str),
    "SANDBOX_ACCESS_TOKEN": ("access_token", lambda v: v or None),
    "SANDBOX_TOKEN_TTL": ("access_token_ttl", int),
    "SANDBOX_REFRESH_TOKEN_TTL": ("refresh_token_ttl", int),
    "SANDBOX_MAX_COST": ("max_query_cost", int),
    "SANDBOX_BULK_CONCURRENCY": ("bulk_concurrency", int),
    "SANDBOX_BULK_MIN_SECONDS": ("bulk_min_seconds", float),
    "SANDBOX_SCHEMA": ("schema_path", str),
}

APP_ENV_FALLBACKS: dict[str, tuple[str, Any]] = {
    "SHOPIFY_API_KEY": ("api_key", str),
    "SHOPIFY_API_SECRET": ("api_secret", str),
    "SHOPIFY_SCOPES": ("scopes", str),
    "SHOPIFY_APP_URL": ("app_url", str),
}

FAULT_ENV_VARS: dict[str, str] = {
    "SANDBOX_LATENCY_MS": "latency_ms",
    "SANDBOX_LATENCY_JITTER_MS": "latency_jitter_ms",
    "SANDBOX_ERROR_RATE": "error_rate",
    "SANDBOX_DROP_RATE": "drop_rate",
    "SANDBOX_DROP_AFTER_RATE": "drop_after_rate",
    "SANDBOX_THROTTLE_STATUS": "throttle_status",
    "SANDBOX_BULK_DENIED": "bulk_denied",
    "SANDBOX_WEBHOOK_DUPLICATE_RATE": "webhook_duplicate_rate",
    "SANDBOX_SEED": "seed",
}


def from_env(
    environ: Mapping[str, str] | None = None, base: SandboxConfig | None = None
) -> SandboxConfig:
    """Apply SANDBOX_* variables on top of `base` (or the defaults).

    The app's own SHOPIFY_API_KEY, SHOPIFY_API_SECRET, SHOPIFY_SCOPES and
    SHOPIFY_APP_URL stand in for the SANDBOX_ ones when those are unset, so a
    sandbox started next to the app (make dev) trusts the same credentials.
    """
    env = os.environ if environ is None else environ
    config = base or SandboxConfig()
    changes: dict[str, Any] = {}
    for name, (attr, convert) in APP_ENV_FALLBACKS.items():
        if env.get(name):
            changes[attr] = convert(env[name])
    for name, (attr, convert) in ENV_VARS.items():
        if name in env:
            changes[attr] = convert(env[name])
    for name, attr in FAULT_ENV_VARS.items():
        if name in env and env[name] != "":
            changes[attr] = env[name]
    return config.with_overrides(**changes)
