"""`python -m shopify_app.sandbox`: run the sandbox store in the foreground."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from werkzeug.serving import run_simple

from .bucket import PLAN_RATES
from .config import API_VERSION, SandboxConfig, from_env
from .server import build_state, create_app


def parse_args(argv: Sequence[str] | None = None) -> SandboxConfig:
    """CLI flags over SANDBOX_* environment variables over defaults."""
    config = from_env()
    p = argparse.ArgumentParser(prog="python -m shopify_app.sandbox", description=__doc__)
    p.add_argument("--host", default=config.host)
    p.add_argument("--port", type=int, default=config.port)
    p.add_argument("--public-url", default=config.public_url, help="origin used in URLs handed out")
    p.add_argument("--products", type=int, default=config.products, help="demo products per shop")
    p.add_argument(
        "--plan", default=config.plan, help=f"one of {', '.join(PLAN_RATES)} or custom:RATE:MAX"
    )
    p.add_argument("--shop", action="append", dest="shops", help="shop domain (repeatable)")
    p.add_argument(
        "--app-url", default=config.app_url, help="the app's origin, for webhooks ('' for none)"
    )
    p.add_argument("--webhook-path", default=config.webhook_path)
    p.add_argument("--api-key", default=config.api_key)
    p.add_argument("--api-secret", default=config.api_secret)
    p.add_argument("--scopes", default=config.scopes)
    p.add_argument(
        "--access-token",
        default=config.access_token,
        help="a fixed non-expiring token for the first shop",
    )
    p.add_argument(
        "--token-ttl",
        type=int,
        default=config.access_token_ttl,
        help="lifetime of expiring access tokens, seconds",
    )
    p.add_argument("--max-cost", type=int, default=config.max_query_cost)
    p.add_argument("--bulk-concurrency", type=int, default=config.bulk_concurrency)
    p.add_argument("--bulk-min-seconds", type=float, default=config.bulk_min_seconds)
    p.add_argument(
        "--schema", default=config.schema_path, help="Admin schema introspection (.json.gz)"
    )
    faults = config.faults
    p.add_argument("--latency-ms", type=int, default=faults.latency_ms)
    p.add_argument("--latency-jitter-ms", type=int, default=faults.latency_jitter_ms)
    p.add_argument(
        "--error-rate", type=float, default=faults.error_rate, help="share answered 502/503"
    )
    p.add_argument(
        "--drop-rate", type=float, default=faults.drop_rate, help="share dropped unanswered"
    )
    p.add_argument(
        "--drop-after-rate",
        type=float,
        default=faults.drop_after_rate,
        help="share carried out, then dropped unanswered",
    )
    p.add_argument(
        "--throttle-status", type=int, choices=(200, 429), default=faults.throttle_status
    )
    p.add_argument("--bulk-denied", action="store_true", default=faults.bulk_denied)
    p.add_argument("--webhook-duplicate-rate", type=float, default=faults.webhook_duplicate_rate)
    p.add_argument("--seed", type=int, default=faults.seed)
    p.add_argument("--verbose", action="store_true", help="log every request")
    a = p.parse_args(argv)
    return config.with_overrides(
        host=a.host,
        port=a.port,
        public_url=a.public_url,
        products=a.products,
        plan=a.plan,
        shops=a.shops or config.shops,
        app_url=a.app_url or None,
        webhook_path=a.webhook_path,
        api_key=a.api_key,
        api_secret=a.api_secret,
        scopes=a.scopes,
        access_token=a.access_token,
        access_token_ttl=a.token_ttl,
        max_query_cost=a.max_cost,
        bulk_concurrency=a.bulk_concurrency,
        bulk_min_seconds=a.bulk_min_seconds,
        schema_path=a.schema,
        quiet=not a.verbose,
        latency_ms=a.latency_ms,
        latency_jitter_ms=a.latency_jitter_ms,
        error_rate=a.error_rate,
        drop_rate=a.drop_rate,
        drop_after_rate=a.drop_after_rate,
        throttle_status=a.throttle_status,
        bulk_denied=a.bulk_denied,
        webhook_duplicate_rate=a.webhook_duplicate_rate,
        seed=a.seed,
    )


def main(argv: Sequence[str] | None = None) -> int:
    config = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    if config.quiet:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = create_app(config, build_state(config))
    state = app.extensions["sandbox"]
    lines = [f"Shelf sandbox store on {state.origin} (Admin API {API_VERSION})"]
    for domain in config.shops:
        lines.append(
            f"  shop {domain}: {len(state.shops[domain].products)} products, plan {config.plan}"
        )
    if config.access_token:
        lines.append(f"  static access token for {config.shops[0]}: {config.access_token}")
    lines.append(f"  webhooks -> {config.webhook_url or 'off'}")
    print("\n".join(lines), file=sys.stderr)
    run_simple(config.host, config.port, app, threaded=True, use_reloader=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
