"""`analyze_images`: colors, quality and attributes of each product's images.

kind.py enumerates and analyzes, writes.py adds and removes tags and metafields,
publisher.py approves and reverts, auto.py re-analyzes when images change.
"""
from __future__ import annotations


def register_kinds() -> None:
    from shopify_app.jobs.kinds import register
    from shopify_app.jobs.kinds.analyze_images.kind import AnalyzeImagesKind

    register(AnalyzeImagesKind())
