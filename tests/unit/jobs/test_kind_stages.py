"""Every stage a built-in kind reports is one the API documents (OpenAPI's enum)."""
from __future__ import annotations

from shopify_app.jobs.kinds import load_kinds, registered
from shopify_app.models.job import STAGES


def test_every_kind_stage_is_documented() -> None:
    load_kinds([])
    stages = {(kind.name, stage) for kind in registered()
              for stage in (kind.stage, kind.finishing_stage) if stage}
    assert {name for name, _ in stages} >= {"generate", "analyze_images", "build_catalog",
                                            "export", "import"}
    assert [pair for pair in stages if pair[1] not in STAGES] == []
