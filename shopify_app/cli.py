"""Flask CLI commands: `flask reap`, `flask jobs create|list|watch|reap`."""
from __future__ import annotations

import json
import time

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

jobs_cli = AppGroup("jobs", help="Create, list and watch jobs.")


def _shop(domain: str):  # type: ignore[no-untyped-def]
    from shopify_app.shops import find_shop

    shop = find_shop(domain)
    if shop is None:
        raise click.ClickException(f"No shop {domain} is installed")
    return shop


@jobs_cli.command("create")
@click.argument("shop")
@click.argument("kind")
@click.option("--field", help="the field to write, for kinds that take one")
@click.option("--scope", "scope_type", default="all", show_default=True,
              help="all, collection, tag, vendor, product_type, status, products, missing")
@click.option("--value", "scope_value", help="the scope's id/value (ids comma-separated)")
@click.option("--title")
@click.option("--mode", default="production", show_default=True)
@click.option("--json", "extra", help="more body fields as a JSON object")
def create_command(shop: str, kind: str, field: str | None, scope_type: str,
                   scope_value: str | None, title: str | None, mode: str,
                   extra: str | None) -> None:
    """Create a job for SHOP, exactly as POST /api/jobs would."""
    from shopify_app.errors import ApiError
    from shopify_app.jobs import service
    from shopify_app.jobs.errors import JobError

    scope: dict[str, object] = {"type": scope_type}
    if scope_value:
        key = {"collection": "id", "products": "ids"}.get(scope_type, "value")
        scope[key] = scope_value.split(",") if key == "ids" else scope_value
    body: dict[str, object] = {"kind": kind, "scope": scope, "mode": mode}
    if field:
        body["field"] = field
    if title:
        body["title"] = title
    if extra:
        body.update(json.loads(extra))
    try:
        job = service.create_job(_shop(shop), None, body, created_by="cli")
    except (ApiError, JobError) as exc:
        raise click.ClickException(exc.detail) from exc
    click.echo(job.id)


@jobs_cli.command("list")
@click.argument("shop")
@click.option("--status")
@click.option("--limit", default=20, show_default=True)
def list_command(shop: str, status: str | None, limit: int) -> None:
    """The shop's newest jobs."""
    from shopify_app.jobs import queries
    from shopify_app.jobs.kinds import kind_names

    args = {"limit": str(limit), "archived": "all", **({"status": status} if status else {})}
    page = queries.list_jobs(_shop(shop), args, kind_names())
    for job in page.rows:
        click.echo(f"{job.id}  {job.kind:<14} {job.status:<22} {job.done:>6}/{job.total:<6} "
                   f"{job.created_at:%Y-%m-%d %H:%M}  {job.title}")
    click.echo(f"{page.total} jobs")


@jobs_cli.command("watch")
@click.argument("job_id")
@click.option("--interval", default=0.5, show_default=True)
def watch_command(job_id: str, interval: float) -> None:
    """A progress bar until the job ends."""
    from shopify_app.extensions import db
    from shopify_app.models import Job
    from shopify_app.models.job import ACTIVE_STATUSES

    job = db.session.get(Job, job_id)
    if job is None:
        raise click.ClickException(f"No job {job_id}")
    with click.progressbar(length=max(job.total, 1), label=job.title[:40],
                           show_pos=True) as bar:
        shown = 0
        while True:
            job = db.session.scalars(select(Job).where(Job.id == job_id)
                                     .execution_options(populate_existing=True)).one()
            bar.length = max(job.total, 1)
            bar.update(job.done - shown)
            shown = job.done
            if job.status not in ACTIVE_STATUSES:
                break
            db.session.rollback()  # end the read transaction so the next poll sees news
            time.sleep(interval)
    click.echo(f"{job.status}: {job.succeeded} succeeded, {job.failed} failed, "
               f"{job.skipped} skipped" + (f" — {job.error}" if job.error else ""))


@jobs_cli.command("reap")
def jobs_reap_command() -> None:
    """Re-enqueue job work whose RQ job was lost (worker killed, Redis restarted)."""
    from datetime import timedelta

    from shopify_app.jobs.reaper import reap_jobs

    for key, count in reap_jobs(grace=timedelta(0)).items():
        click.echo(f"{key}: {count}")


@jobs_cli.command("purge-items")
@click.option("--older-than-days", type=click.IntRange(min=1), default=None,
              help="every shop, this age (default: each shop's own retention setting)")
def jobs_purge_items_command(older_than_days: int | None) -> None:
    """Delete items of old finished jobs now, as the nightly run does.

    Without --older-than-days, only shops that chose a retention period, by their choice.
    With it, every shop's jobs finished that long ago, never undecided or revertible ones.
    """
    from datetime import timedelta

    from shopify_app import retention

    if older_than_days is None:
        result = retention.purge_by_policy()
        click.echo(f"purged {result['items']} items of {result['jobs']} jobs")
        return
    while True:
        result = retention.purge(timedelta(days=older_than_days))
        click.echo(f"purged {result['items']} items of {result['jobs']} jobs")
        if result["jobs"] < retention.JOBS_PER_RUN:
            break


catalogs_cli = AppGroup("catalogs", help="Catalog definitions and demo data.")


@catalogs_cli.command("seed-demo")
@click.argument("shop")
def seed_demo_command(shop: str) -> None:
    """Give SHOP one active demo definition unless it has definitions already."""
    from shopify_app.catalogs.demo import seed_demo_definition

    definition, created = seed_demo_definition(shop)
    if created:
        click.echo(f"created demo catalog definition {definition.id} for {shop}")
    else:
        click.echo(f"{shop} already has catalog definitions; nothing to do")


def init_app(app: Flask) -> None:
    app.cli.add_command(jobs_cli)
    app.cli.add_command(catalogs_cli)

    @app.cli.command("reap")
    def reap_command() -> None:
        """Re-enqueue all work whose RQ job was lost."""
        from shopify_app import reaper

        for kind, count in reaper.reap().items():
            click.echo(f"{kind}: {count}")
