"""The job page as a review workspace with 5,000 items, in Chromium.

    python bench/bench_review.py [--items 5000] [--rounds 5] [--database-url URL]

Serves the app (dev login, no Shopify needed) with one job of N reviewable
results and measures, per round: first contentful paint of the job page, a
filter tab switch until its rows are in, and "select all N matching" + Publish
selected until the publish is queued. Prints p50/p95; asserts nothing
(targets: first paint < 1 s, tab switch < 300 ms, select-all + publish < 2 s).
"""
from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    bench_env,
    free_port,
    install_shop,
    make_app,
    percentiles,
    redis_server,
    sqlite_url,
)

SHOP = "review-bench.myshopify.com"
CHROMIUM = "/usr/bin/chromium"


def seed_review_job(app, items: int) -> str:  # type: ignore[no-untyped-def]
    """One content job in review with `items` unpublished results."""
    from sqlalchemy import insert

    from shopify_app.extensions import db
    from shopify_app.jobs.ids import new_id
    from shopify_app.models import Job, JobItem
    from shopify_app.models.types import utcnow

    with app.app_context():
        shop = install_shop(SHOP)
        job_id, now = new_id(), utcnow()
        db.session.execute(insert(Job), [{
            "id": job_id, "shop_id": shop.id, "kind": "generate", "field": "seo_title",
            "title": "Five thousand titles", "status": "review", "mode": "production",
            "strategy": "review", "total": items, "succeeded": items,
            "pending_review": items, "enumerated": True, "search_text": "five thousand",
            "created_at": now, "updated_at": now}])
        rows = [{"job_id": job_id, "position": n, "batch": n // 25,
                 "product_id": f"gid://shopify/Product/{n + 1}",
                 "product_title": f"Linen shirt no. {n + 1}", "status": "succeeded",
                 "publish_status": "unpublished", "original": f"Linen shirt {n + 1}",
                 "proposed": f"Linen shirt {n + 1} | Breathable summer linen",
                 "attempts": 1, "created_at": now, "updated_at": now}
                for n in range(items)]
        for start in range(0, len(rows), 1000):
            db.session.execute(insert(JobItem), rows[start:start + 1000])
        db.session.commit()
        return job_id


def serve(app, port: int):  # type: ignore[no-untyped-def]
    from werkzeug.serving import WSGIRequestHandler, make_server

    class Quiet(WSGIRequestHandler):
        def log_request(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            pass

    server = make_server("127.0.0.1", port, app, threaded=True, request_handler=Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def measure(url: str, items: int, rounds: int) -> None:
    from playwright.sync_api import expect, sync_playwright

    paint, tabs, publish = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--no-sandbox", "--disable-gpu"])
        for _ in range(rounds):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.route("**/*", lambda route: route.continue_()
                          if route.request.url.startswith(ORIGIN) else route.abort())
            page = context.new_page()
            page.goto(url)
            page.locator("tr[data-item-id]").first.wait_for()
            # The scripts are running once the live stream is connected.
            expect(page.locator("[data-live-indicator]")).to_have_attribute("data-state", "live")
            paint.append(page.evaluate("""() => {
                const entry = performance.getEntriesByName('first-contentful-paint')[0];
                return entry ? entry.startTime : performance.now(); }"""))

            for tab in ("unpublished", "all"):
                started = time.perf_counter()
                with page.expect_response(lambda r: "/items?" in r.url):
                    page.locator(f'a[data-tab="{tab}"]').click()
                expect(page.locator("[data-loading]")).to_be_hidden()
                page.locator("tr[data-item-id]").first.wait_for()
                tabs.append((time.perf_counter() - started) * 1000)

            started = time.perf_counter()
            page.locator("[data-select-all]").check()
            page.locator("[data-select-matching]").click()
            expect(page.locator("[data-selected-count]")).to_have_text(
                f"{items:,} selected", timeout=30_000)
            page.locator('[data-bulk="publish"]').click()
            page.locator("dialog[open] .btn.primary").click()
            expect(page.locator("[data-publish-progress-text]")).to_contain_text(
                f"of {items}", timeout=30_000)
            publish.append((time.perf_counter() - started) * 1000)
            context.close()
            # Put the items back for the next round.
            from shopify_app.extensions import db
            from shopify_app.models import JobItem

            with APP.app_context():
                db.session.query(JobItem).update({"publish_status": "unpublished"})
                db.session.commit()
        browser.close()
    print(f"first contentful paint          {percentiles(paint)}   target < 1000 ms")
    print(f"tab switch (rows in)            {percentiles(tabs)}   target < 300 ms")
    print(f"select all {items:,} + publish   {percentiles(publish)}   target < 2000 ms "
          "(includes the confirm dialog)")


APP = None
ORIGIN = ""


def main() -> None:
    global APP, ORIGIN
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    args = parser.parse_args()
    with redis_server() as redis_url:
        port = free_port()
        ORIGIN = f"http://127.0.0.1:{port}"
        env = bench_env(redis_url, args.database_url or sqlite_url(),
                        SHELF_DEV_LOGIN="1", SHELF_DEV_SHOP=SHOP,
                        SHOPIFY_APP_URL=f"http://127.0.0.1:{port}",
                        SHELF_BULK_PUBLISH_THRESHOLD="250")
        APP = make_app(env)
        # Closed pages end their live streams at the next heartbeat: keep it short.
        APP.config["SHELF_SSE_HEARTBEAT_SECONDS"] = 0.5
        job_id = seed_review_job(APP, args.items)
        server = serve(APP, port)
        try:
            measure(f"http://127.0.0.1:{port}/jobs/{job_id}", args.items, args.rounds)
        finally:
            time.sleep(1.5)  # let the streams notice before Redis goes away
            server.shutdown()


if __name__ == "__main__":
    main()
