""""Free from" claims: "nickel-free", "bleifrei", "sin parabenos", "sans nickel".

A text saying a product is free of a substance makes a claim the facts must
state too ("nickel-free" or "contains no nickel"). Materials are not in this
list: "plastic-free packaging" says what the product is not made of, which
the material check already treats as no claim.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from .textmap import fold
from .trie import trie_pattern

# substance → wordings in en, de, es, fr (BPA and gluten are absolute claims of their own)
SUBSTANCES: dict[str, str] = {
    "nickel": "nickel|níquel",
    "lead": "lead|blei|plomo|plomb",
    "cadmium": "cadmium|cadmio",
    "phthalates": "phthalate|phthalates|phthalat|phthalaten|ftalatos|phtalates",
    "parabens": "paraben|parabens|parabene|parabenen|parabenos|parabènes",
    "sulfates": "sulfate|sulfates|sulphate|sulphates|sulfat|sulfaten|sulfatos",
    "silicones": "silicones|silikone|siliconas",
    "formaldehyde": "formaldehyde|formaldehyd|formaldehído|formaldéhyde",
    "pfas": "pfas|pfc|pfoa|pfos",
    "pvc": "pvc",
    "azo_dyes": "azo|azo dyes|azofarbstoffe|azofarbstoffen|colorantes azoicos|"
                "colorants azoïques",
    "fragrance": "fragrance|fragrances|perfume|duftstoffe|duftstoffen|duft|parfum|perfumes",
    "alcohol": "alcohol|alkohol|alcool",
    "lactose": "lactose|laktose|lactosa",
    "dairy": "dairy|milch|lácteos",
    "soy": "soy|soja",
    "sugar": "sugar|zucker|azúcar|azúcares|sucre|sucres",
    "palm_oil": "palm oil|palmöl|aceite de palma|huile de palme",
    "microplastics": "microplastic|microplastics|mikroplastik|microplásticos|microplastiques",
}
_LOOKUP = {fold(form): concept for concept, forms in SUBSTANCES.items()
           for form in forms.split("|")}
_CLAIM = {
    "en": r"(?P<s>{s})[\s-]*free\b|free\s+(?:of|from)\s+(?:any\s+)?(?P<s2>{s})",
    "de": r"(?P<s>{s})[\s-]*frei(?:e[nmrs]?)?\b|frei\s+von\s+(?P<s2>{s})|ohne\s+(?P<s3>{s})",
    "es": r"(?:sin|libre de|libres de)\s+(?P<s>{s})",
    "fr": r"(?:sans|exempte?s? de|exempte?s? d')\s*(?P<s>{s})",
}
# In the facts, any way of saying "none of it" counts.
_FACT = (r"(?P<s>{s})[\s-]*(?:free|frei)|(?:free of|free from|frei von|no|without|zero|"
         r"contains no|kein\w*|ohne|sin|libre de|sans|exempte? de|aucun\w*)\s+(?P<s2>{s})")


@cache
def _pattern(language: str | None) -> re.Pattern[str]:
    substances = trie_pattern(_LOOKUP)
    source = _FACT if language is None else _CLAIM.get(language, _CLAIM["en"])
    return re.compile(r"(?<!\w)(?:" + source.replace("{s}", substances) + r")(?!\w)")


def _concept(match: re.Match[str]) -> str | None:
    wording = next((value for name, value in match.groupdict().items()
                    if name.startswith("s") and value), None)
    return _LOOKUP.get(" ".join(wording.split())) if wording else None


def free_from_claims(folded: str, language: str) -> Iterator[tuple[str, int, int]]:
    """(substance, start, end) for every "free from" claim in a text."""
    for match in _pattern(language).finditer(folded):
        concept = _concept(match)
        if concept:
            yield concept, match.start(), match.end()


def free_from_facts(folded: str) -> set[str]:
    """Substances the facts say the product is free of, in any language."""
    return {c for c in map(_concept, _pattern(None).finditer(folded)) if c}
