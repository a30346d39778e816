"""Environment → settings. Names follow the product spec's configuration table."""
from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

API_VERSION = "2026-10"
DEFAULT_SCOPES = "read_products,write_products,write_files"
# SHELF_ENV values that mean "a developer's machine or the test suite". Anything else
# (production, prod, prd, live, staging, a typo…) is treated as production: strict
# start-up checks, and development login refused.
DEVELOPMENT_ENVIRONMENTS = frozenset({"", "dev", "development", "local", "test", "testing"})


class ConfigError(RuntimeError):
    """The configuration cannot be used (refuse to start rather than run unsafely)."""


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _is_loopback_url(url: str) -> bool:
    host = urlparse(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _dev_encryption_key(instance_path: Path) -> str:
    """A per-checkout key so development tokens survive restarts without any setup."""
    key_file = instance_path / "dev-encryption.key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def load_config(instance_path: str, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Read every setting from the environment and check the combination is safe."""
    env = os.environ if env is None else env
    environment = env.get("SHELF_ENV", "").strip().lower()
    production = environment not in DEVELOPMENT_ENVIRONMENTS
    app_url = env.get("SHOPIFY_APP_URL", "http://localhost:8080").rstrip("/")
    instance = Path(instance_path)

    encryption_key = env.get("SHELF_ENCRYPTION_KEY", "").strip()
    if not encryption_key:
        if production:
            raise ConfigError(f"SHELF_ENCRYPTION_KEY is required when SHELF_ENV={environment}")
        encryption_key = _dev_encryption_key(instance)

    dev_login_requested = _flag(env.get("SHELF_DEV_LOGIN"))
    if dev_login_requested and production:
        raise ConfigError(f"SHELF_DEV_LOGIN cannot be enabled when SHELF_ENV={environment}; "
                          "it is for development only (SHELF_ENV unset, dev, development, "
                          "local, test or testing)")
    api_key = env.get("SHOPIFY_API_KEY", "")
    api_secret = env.get("SHOPIFY_API_SECRET", "")
    if production and (not api_key or not api_secret):
        raise ConfigError("SHOPIFY_API_KEY and SHOPIFY_API_SECRET are required when "
                          f"SHELF_ENV={environment}")
    delivery = _delivery_config(env, production, app_url)

    return {
        "SHELF_ENV": environment,
        "SHELF_PRODUCTION": production,
        "SHOPIFY_API_KEY": api_key,
        "SHOPIFY_API_SECRET": api_secret,
        "SHOPIFY_SCOPES": env.get("SHOPIFY_SCOPES", DEFAULT_SCOPES),
        "SHOPIFY_APP_URL": app_url,
        "SHOPIFY_ADMIN_ORIGIN": (env.get("SHOPIFY_ADMIN_ORIGIN") or "").rstrip("/") or None,
        "SHOPIFY_API_VERSION": API_VERSION,
        "SQLALCHEMY_DATABASE_URI": _database_url(env.get("DATABASE_URL"), instance),
        "REDIS_URL": env.get("REDIS_URL", "redis://localhost:6379/0"),
        "SHELF_ENCRYPTION_KEY": encryption_key,
        "AI_PROVIDER": env.get("AI_PROVIDER", "template"),
        "AI_BASE_URL": env.get("AI_BASE_URL") or None,
        "AI_API_KEY": env.get("AI_API_KEY") or None,
        "AI_MODEL": env.get("AI_MODEL") or None,
        "AI_CONCURRENCY": int(env.get("AI_CONCURRENCY") or 4),
        "AI_TIMEOUT": float(env.get("AI_TIMEOUT") or 90),
        "AI_VISION": (env.get("AI_VISION") or "1").strip().lower() not in {"0", "false", "no"},
        "VISION_PROVIDER": env.get("VISION_PROVIDER", "builtin"),
        "VISION_BASE_URL": env.get("VISION_BASE_URL") or None,
        "VISION_API_KEY": env.get("VISION_API_KEY") or None,
        "VISION_MODEL": env.get("VISION_MODEL") or None,
        "VISION_RESPONSE_FORMAT": env.get("VISION_RESPONSE_FORMAT") or None,
        "VISION_INLINE_IMAGES": _flag(env.get("VISION_INLINE_IMAGES")),
        # Dev login also needs a loopback app URL, so a production deploy that
        # forgot SHELF_ENV still cannot turn it on.
        "SHELF_DEV_LOGIN": dev_login_requested and _is_loopback_url(app_url),
        "SHELF_DEV_SHOP": env.get("SHELF_DEV_SHOP", "shelf-dev.myshopify.com"),
        "PORT": int(env.get("PORT") or 8080),
        "MAX_CONTENT_LENGTH": int(env.get("SHELF_MAX_BODY_BYTES") or 10 * 1024 * 1024),
        "SHELF_QUEUE_PREFIX": env.get("SHELF_QUEUE_PREFIX", "shelf"),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Engine tuning: how long a batch lease lives without a heartbeat, how many
        # batches of one job may be queued at once, and the live-stream limits.
        "SHELF_LEASE_SECONDS": float(env.get("SHELF_LEASE_SECONDS") or 60),
        # How long publish writes keep retrying a failing store before giving up.
        "SHELF_PUBLISH_RETRY_SECONDS": float(env.get("SHELF_PUBLISH_RETRY_SECONDS") or 40),
        "SHELF_BATCH_WINDOW": int(env.get("SHELF_BATCH_WINDOW") or 4),
        # How often some live worker looks for work a dead worker or a Redis restart left.
        "SHELF_REAPER_INTERVAL": float(env.get("SHELF_REAPER_INTERVAL") or 15),
        # How long a dead worker's AI concurrency slot stays taken (renewed while alive).
        "AI_SLOT_LEASE_SECONDS": float(env.get("AI_SLOT_LEASE_SECONDS") or 6),
        "SHELF_SSE_MAX_STREAMS": int(env.get("SHELF_SSE_MAX_STREAMS") or 48),
        "SHELF_SSE_MAX_SECONDS": float(env.get("SHELF_SSE_MAX_SECONDS") or 300),
        "SHELF_BULK_PUBLISH_THRESHOLD": int(env.get("SHELF_BULK_PUBLISH_THRESHOLD") or 250),
        # Observability: the bearer token /metrics asks for (unset: no /metrics), the
        # directory every process writes its metrics to, and the log format.
        "SHELF_METRICS_TOKEN": (env.get("SHELF_METRICS_TOKEN") or "").strip(),
        "PROMETHEUS_MULTIPROC_DIR": (env.get("PROMETHEUS_MULTIPROC_DIR") or "").strip(),
        "SHELF_LOG_FORMAT": _log_format(env.get("SHELF_LOG_FORMAT"), production),
        # Shelf's own API, per shop: sustained requests per minute and the burst on top
        # (0 turns the limit off).
        "SHELF_API_RATE_PER_MINUTE": int(env.get("SHELF_API_RATE_PER_MINUTE") or 600),
        "SHELF_API_BURST": int(env.get("SHELF_API_BURST") or 120),
        # File storage (catalogs, exports): the local disk under instance/ by default, or
        # any S3-compatible store; download links are signed and expire.
        "SHELF_STORAGE": (env.get("SHELF_STORAGE") or "local").strip().lower(),
        "SHELF_STORAGE_PATH": env.get("SHELF_STORAGE_PATH") or None,
        "S3_BUCKET": env.get("S3_BUCKET") or None,
        "S3_ENDPOINT_URL": env.get("S3_ENDPOINT_URL") or None,
        "S3_REGION": env.get("S3_REGION") or env.get("AWS_REGION")
        or env.get("AWS_DEFAULT_REGION") or None,
        "S3_PREFIX": env.get("S3_PREFIX") or "",
        "S3_ACCESS_KEY_ID": env.get("S3_ACCESS_KEY_ID") or None,
        "S3_SECRET_ACCESS_KEY": env.get("S3_SECRET_ACCESS_KEY") or None,
        "SHELF_FILE_LINK_TTL": int(env.get("SHELF_FILE_LINK_TTL") or 7 * 24 * 3600),
        "SHELF_CATALOG_MAX_ROWS": int(env.get("SHELF_CATALOG_MAX_ROWS") or 5000),
        # Extra job-kind modules (each with register_kinds()), for tests and benchmarks.
        "SHELF_EXTRA_KINDS": [m.strip() for m in (env.get("SHELF_EXTRA_KINDS") or "").split(",")
                              if m.strip()],
        # Catalog delivery: SMTP_URL, SHELF_MAIL_FROM, WHATSAPP_TOKEN,
        # WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_API_BASE_URL (see delivery/settings.py).
        **delivery,
    }


def _log_format(value: str | None, production: bool) -> str:
    chosen = (value or "").strip().lower() or ("json" if production else "text")
    if chosen not in ("json", "text"):
        raise ConfigError(f"SHELF_LOG_FORMAT must be json or text, not {value!r}")
    return chosen


def _delivery_config(env: Mapping[str, str], production: bool, app_url: str) -> dict[str, Any]:
    from shopify_app.delivery import settings as delivery_settings

    try:
        return delivery_settings.load(env, production=production, app_url=app_url)
    except delivery_settings.DeliveryConfigError as exc:
        raise ConfigError(str(exc)) from exc


def _database_url(url: str | None, instance: Path) -> str:
    if not url:
        instance.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{instance / 'shelf.db'}"
    # Heroku-style URLs say postgres://, SQLAlchemy wants postgresql+psycopg://.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url
