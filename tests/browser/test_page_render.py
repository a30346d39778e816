"""The pages render on the server: first paint with data, CSP, roles, and shop isolation."""
from __future__ import annotations

import re

import pytest

SHOP = "test-shop.myshopify.com"
OTHER = "other-shop.myshopify.com"


@pytest.fixture
def page(client, tokens, shopify_oauth):  # type: ignore[no-untyped-def]
    """GET a page as a staff member, the way Shopify admin loads it (with an id_token)."""

    def get(path: str, user: str = "1", shop: str = SHOP, **query: str):  # type: ignore[no-untyped-def]
        params = {"shop": shop, "host": "YWRtaW4", "embedded": "1",
                  "id_token": tokens.token(shop, user), **query}
        return client.get(path, query_string=params)

    return get


@pytest.fixture
def call(client, tokens, shopify_oauth):  # type: ignore[no-untyped-def]
    def send(method: str, path: str, user: str = "1", shop: str = SHOP, **kwargs):  # type: ignore[no-untyped-def]
        return getattr(client, method)(path, headers=tokens.header(shop, user), **kwargs)

    return send


def _create(call, title: str, count: int = 2, **extra):  # type: ignore[no-untyped-def]
    response = call("post", "/api/jobs", json={"kind": "counter", "count": count, "title": title,
                                                **extra})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["data"]


def _html(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/jobs/new", "/monitor", "/settings"])
def test_each_page_renders_with_csp_app_bridge_and_nav(page, path):
    response = page(path)
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == \
        f"frame-ancestors https://{SHOP} https://admin.shopify.com;"
    html = _html(response)
    scripts = re.findall(r"<script[^>]*src=\"([^\"]+)\"", html)
    assert scripts[0] == "https://cdn.shopify.com/shopifycloud/app-bridge.js"
    assert "<s-app-nav>" in html and "/jobs/new?" in html and "/settings?" in html
    assert "vendor/polaris-tokens/styles.css" in html
    # Links between pages keep Shopify's parameters, never the one-minute id_token.
    links = re.findall(r'href="(/[^"]*)"', html)
    page_links = [link for link in links if not link.startswith("/static/")]
    assert page_links and all("shop=" in link and "embedded=1" in link for link in page_links)
    assert not any("id_token" in link for link in links)


def test_jobs_page_renders_the_first_page_of_jobs(page, call):
    created = [_create(call, f"Counter job {n:02d}") for n in range(23)]
    html = _html(page("/"))
    rows = re.findall(r'<tr data-job-id="([^"]+)"', html)
    assert len(rows) == 20
    assert rows[0] == created[-1]["id"]  # newest first
    assert 'data-total="23"' in html
    assert re.search(r'data-next-cursor="[^"]+"', html)
    assert "Counter job 22" in html and "Counter job 02" not in html
    assert 'data-load-more' in html


def test_jobs_page_filters_on_the_server_and_explains_bad_filters(page, call):
    _create(call, "Spring sweaters", mode="test")
    _create(call, "Winter coats")
    html = _html(page("/", q="spring"))
    assert "Spring sweaters" in html and "Winter coats" not in html
    html = _html(page("/", mode="test"))
    assert "Spring sweaters" in html and "Winter coats" not in html
    bad = page("/", status="sleeping")
    assert bad.status_code == 200
    assert "These filters cannot be used" in _html(bad)


def test_empty_jobs_page_explains_how_to_start(page):
    html = _html(page("/"))
    assert "Start your first job" in html and "Create a job" in html


def test_job_detail_renders_progress_counts_and_items(page, call, run_worker):
    job = _create(call, "Counters with a failure", count=3, fail=[1])
    run_worker()
    response = page(f"/jobs/{job['id']}")
    assert response.status_code == 200
    html = _html(response)
    assert "Counters with a failure" in html
    assert len(re.findall(r'<tr data-item-id="', html)) == 3
    assert "Product 1" in html and "Item 1 is broken on purpose" in html
    assert 'data-count="total">3<' in html and 'data-count="failed">1<' in html
    assert "Completed with errors" in html
    assert f"<code>{job['request_id']}</code>" in html
    failed_tab = _html(page(f"/jobs/{job['id']}", items="failed"))
    assert len(re.findall(r'<tr data-item-id="', failed_tab)) == 1


def test_failed_job_shows_its_reason_on_list_and_detail(page, call, run_worker):
    job = _create(call, "Everything breaks", count=2, fail=[0, 1])
    run_worker()
    detail = _html(page(f"/jobs/{job['id']}"))
    reason = re.search(r'data-failure-reason>([^<]+)<', detail)
    assert reason and reason.group(1).strip()
    listing = _html(page("/"))
    assert 'role="tooltip"' in listing and reason.group(1).strip() in listing


def test_another_shops_job_is_a_404_page(page, call):
    job = _create(call, "Mine")
    page("/", shop=OTHER)  # installs the other shop
    response = page(f"/jobs/{job['id']}", shop=OTHER)
    assert response.status_code == 404
    html = _html(response)
    assert "Job not found" in html and "Mine" not in html
    assert response.headers["Content-Security-Policy"].startswith(f"frame-ancestors https://{OTHER}")


def test_non_admin_sees_settings_read_only(page):
    assert page("/settings", user="1").status_code == 200  # the first staff member is admin
    admin = _html(page("/settings", user="1"))
    assert "data-save-bar" in admin and "data-read-only" not in admin
    writer = _html(page("/settings", user="2"))
    assert "data-read-only" in writer and "data-save-bar" not in writer
    assert "<fieldset disabled data-settings-fields>" in writer
    assert "Only admins can change settings" in writer


def test_roles_decide_the_row_actions(page, call, run_worker):
    job = _create(call, "Done job", count=1)
    run_worker()
    admin = _html(page("/", user="1"))
    assert 'data-action="delete"' in admin and 'data-action="archive"' in admin
    page("/", user="9")  # a second staff member gets the default role (write)
    call("put", "/api/settings", json={"roles": {"9": "read"}})
    reader = _html(page("/", user="9"))
    assert job["id"] in reader
    assert 'data-action="' not in reader
    assert 'href="/jobs/new' not in reader.split("<main", 1)[1]


def test_new_job_and_monitor_pages_show_settings_and_figures(page, call):
    _create(call, "Monitor me")
    new = _html(page("/jobs/new", field="alt_text"))
    assert 'value="alt_text" checked' in new and "Overwrite existing alt text" in new
    assert "Review before publish" in new
    monitor = _html(page("/monitor"))
    assert 'data-kpi="jobs_today"' in monitor and "Monitor me" in monitor
