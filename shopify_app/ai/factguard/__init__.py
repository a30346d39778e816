"""The fact guard: flags claims in generated text that the product's own facts do not support.

Pure and offline — no model call, no Flask, no database. A job calls it after
generation and stores :func:`claims_to_json` as the item's ``checks``::

    claims = check_claims(text, item.input, language="de")
    checks = claims_to_json(claims)

    facts = index_facts(item.input)  # once per product, for all of its fields
    for field, text in proposals.items():
        checks[field] = claims_to_json(check_claims(text, facts, language="de"))

Numbers with units are compared after unit conversion, materials, colours,
certifications and absolute claims ("waterproof", "handmade", "nickel-free")
through per-language word lists with synonyms and broader terms, countries of
origin, warranty lengths and prices against the product's price range.

What it does not see: claims outside its word lists (features such as
"reversible" or "detachable hood", processes such as "vegetable-tanned",
scents), numbers written as words, counts of arbitrary things ("8 card
slots") and units it does not know. It errs towards not flagging: the facts
are read leniently in every language.
"""
from __future__ import annotations

from .check import check_claims, index_facts
from .evidence import Evidence
from .model import Claim, ClaimKind, claims_to_json

__all__ = ["Claim", "ClaimKind", "Evidence", "check_claims", "claims_to_json", "index_facts"]
