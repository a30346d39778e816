"""`flask catalogs seed-demo`: make dev gives the dev shop an active demo definition."""
from __future__ import annotations

from tests.integration.conftest import SHOP


def test_seed_demo_creates_one_active_definition_once(app, api):  # type: ignore[no-untyped-def]
    runner = app.test_cli_runner()
    first = runner.invoke(args=["catalogs", "seed-demo", SHOP])
    assert first.exit_code == 0 and "created demo catalog definition" in first.output
    again = runner.invoke(args=["catalogs", "seed-demo", SHOP])
    assert again.exit_code == 0 and "nothing to do" in again.output

    # The shop row seeded before any login is installed by the first session token.
    assert api.get("/api/me").status_code == 200
    listed = api.get("/api/catalog-definitions?active=true").get_json()["data"]
    assert [d["name"] for d in listed] == ["Demo wholesale catalog"]
    assert listed[0]["layout"] == "grid" and listed[0]["branding"]["cover_page"] is True
