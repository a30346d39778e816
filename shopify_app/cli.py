"""Flask CLI commands (`flask reap`, ...)."""
from __future__ import annotations

import click
from flask import Flask


def init_app(app: Flask) -> None:
    @app.cli.command("reap")
    def reap_command() -> None:
        """Re-enqueue work whose RQ job was lost."""
        from shopify_app import reaper

        for kind, count in reaper.reap().items():
            click.echo(f"{kind}: {count} re-enqueued")
