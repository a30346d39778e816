"""Database growth per million job items, and how fast retention purges them.

    python bench/bench_storage.py [--items 200000] [--database-url URL]

Inserts items shaped like a description job's (title, original and proposed
HTML of a few hundred characters, an audit-free run) into one job, measures
the database's growth and scales it to a million items, then times the
retention purge of those items. Prints its figures; it asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_env, install_shop, make_app, redis_server, sqlite_url  # noqa: E402

SHOP = "storage-bench.myshopify.com"
ORIGINAL = "<p>Soft merino crew in navy. Machine washable, slim fit, ribbed cuffs.</p>" * 2
PROPOSED = ("<p>Our merino crew keeps you warm without the bulk: fine-gauge wool, a slim fit "
            "and ribbed cuffs that hold their shape wash after wash.</p><ul><li>100% merino"
            "</li><li>Machine washable</li><li>Navy</li></ul>")


def database_bytes() -> int:
    from sqlalchemy import text

    from shopify_app.extensions import db

    if db.engine.dialect.name == "postgresql":
        db.session.commit()
        return int(db.session.scalar(text("SELECT pg_database_size(current_database())")))
    db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    path = db.engine.url.database
    return os.path.getsize(path) + (os.path.getsize(path + "-wal")
                                    if os.path.exists(path + "-wal") else 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    args = parser.parse_args()
    with redis_server() as redis_url:
        database_url = args.database_url or sqlite_url()
        app = make_app(bench_env(redis_url, database_url))
        with app.app_context():
            from sqlalchemy import insert, text, update

            from shopify_app import retention
            from shopify_app.extensions import db
            from shopify_app.jobs.ids import new_id
            from shopify_app.models import Job, JobItem
            from shopify_app.models.types import utcnow

            shop = install_shop(SHOP)
            job_id, now = new_id(), utcnow()
            db.session.execute(insert(Job), [{
                "id": job_id, "shop_id": shop.id, "kind": "counter", "title": "Storage",
                "status": "processing", "total": args.items, "created_at": now,
                "updated_at": now}])
            db.session.commit()
            if db.engine.dialect.name == "postgresql":
                with db.engine.connect().execution_options(
                        isolation_level="AUTOCOMMIT") as conn:
                    conn.exec_driver_sql("VACUUM")
            before = database_bytes()
            started = time.perf_counter()
            for start in range(0, args.items, 5000):
                rows = [{"job_id": job_id, "position": n, "batch": n // 50,
                         "product_id": f"gid://shopify/Product/{n + 1}",
                         "product_title": f"Merino Crew Sweater {n + 1}",
                         "status": "succeeded", "publish_status": "unpublished",
                         "input_json": f'{{"product_id": {n + 1}}}', "original": ORIGINAL,
                         "proposed": PROPOSED, "attempts": 1, "tokens_in": 420,
                         "tokens_out": 180, "cost": 0.0009, "updated_at": now}
                        for n in range(start, min(start + 5000, args.items))]
                db.session.execute(insert(JobItem), rows)
                db.session.commit()
            inserted = time.perf_counter() - started
            grown = database_bytes() - before
            per_million = grown * 1_000_000 / args.items
            print(f"database: {database_url.split('://')[0]}")
            print(f"storage: {args.items} items grew the database by {grown / 2**20:.1f} MiB "
                  f"-> {per_million / 2**30:.2f} GiB per million items "
                  f"({grown / args.items:.0f} bytes per item with indexes); "
                  f"inserted at {args.items / inserted:.0f} items/s")
            old = now - timedelta(days=400)
            db.session.execute(update(Job).where(Job.id == job_id).values(
                status="completed", completed_at=old, updated_at=old))
            db.session.commit()
            started = time.perf_counter()
            result = retention.purge(timedelta(days=365))
            elapsed = time.perf_counter() - started
            print(f"retention: purged {result['items']} items in {elapsed:.1f} s "
                  f"-> {result['items'] / max(elapsed, 1e-9):.0f} items/s")
            if db.engine.dialect.name == "postgresql":
                db.session.commit()
                with db.engine.connect().execution_options(
                        isolation_level="AUTOCOMMIT") as conn:
                    conn.exec_driver_sql("VACUUM")
            else:
                db.session.execute(text("VACUUM"))
            print(f"retention: database after purge and VACUUM "
                  f"{(database_bytes() - before) / 2**20:.1f} MiB above the empty one")


if __name__ == "__main__":
    main()
