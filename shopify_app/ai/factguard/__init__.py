"""The fact guard: flags claims in generated text that the product's own facts do not support.

Pure and offline — no model call, no Flask, no database. A job calls it after
generation and stores :func:`claims_to_json` as the item's ``checks``::

    claims = check_claims(text, item.input, language="de")
    checks = claims_to_json(claims)

Numbers with units are compared after unit conversion, materials, colours,
certifications and absolute claims ("waterproof", "handmade") through
per-language word lists with synonyms and broader terms, countries of origin,
warranty lengths and prices against the product's price range.
"""
from __future__ import annotations

from .check import check_claims
from .model import Claim, ClaimKind, claims_to_json

__all__ = ["Claim", "ClaimKind", "check_claims", "claims_to_json"]
