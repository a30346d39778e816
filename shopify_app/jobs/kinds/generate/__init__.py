"""`generate`: AI-written descriptions, SEO titles and meta descriptions, image alt text.

kind.py enumerates and processes, fields.py reads and writes one product field,
publisher.py publishes and reverts, auto.py starts jobs from product webhooks.
"""
from __future__ import annotations


def register_kinds() -> None:
    from shopify_app.jobs.kinds import register
    from shopify_app.jobs.kinds.generate.kind import GenerateKind

    register(GenerateKind())
