"""Writes labelled.jsonl: product texts with and without planted false claims.

    python tests/data/factguard/generate.py

Deterministic (a fixed seed, no clock). For every product and language it
writes texts from the template writer (the app's own offline copy) and
hand-phrased texts built from ``phrasing.FRAMES``; some of each carry a
planted claim the product's facts contradict or do not contain, and its span
is the label. A quarter of the products, and the ``held`` phrasings, form the
held-out split the guard is not tuned on.
"""
from __future__ import annotations

import importlib.util
import json
import random
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from shopify_app.ai import GenerationSettings, ProductFacts  # noqa: E402
from shopify_app.ai.money import format_money  # noqa: E402
from shopify_app.ai.providers.template import TemplateWriter  # noqa: E402


def _sibling(name: str) -> ModuleType:
    """Load a data module next to this file without putting this folder on sys.path."""
    spec = importlib.util.spec_from_file_location(f"factguard_set_{name}", HERE / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_words = _sibling("words")
FRAMES = _sibling("phrasing").FRAMES
PRODUCTS = _sibling("products").PRODUCTS
FREEFORM = _sibling("freeform").FREEFORM
FRESH = _sibling("freeform_fresh").FRESH
THIRD = _sibling("freeform_third").THIRD
ABSOLUTE_CONFLICTS, ABSOLUTES = _words.ABSOLUTE_CONFLICTS, _words.ABSOLUTES
CERTIFICATIONS, COLOUR_FAMILY, COLOURS = (_words.CERTIFICATIONS, _words.COLOUR_FAMILY,
                                          _words.COLOURS)
COUNTRIES, LANGS, MATERIAL_GROUPS = _words.COUNTRIES, _words.LANGS, _words.MATERIAL_GROUPS
MATERIALS, say = _words.MATERIALS, _words.say

OUT = HERE / "labelled.jsonl"
TONES = ("friendly", "professional", "playful", "luxury", "technical")
KIND_OF = {"material": "material", "fibre": "material", "colour": "colour",
           "capacity": "number_unit", "size": "number_unit", "weight": "number_unit",
           "count": "number_unit", "burn": "number_unit", "power": "number_unit",
           "absolute": "absolute", "cert": "certification", "origin": "origin",
           "warranty": "warranty", "lifetime": "warranty", "price": "price"}
QUANTITY_FRAME = {"volume": "capacity", "volume_l": "capacity", "dims": "size",
                  "diameter": "size", "height": "size", "width": "size", "thickness": "size",
                  "weight": "weight", "weight_kg": "weight", "mass": "weight", "count": "count",
                  "burn": "burn", "power": "power"}


def is_heldout(index: int) -> bool:
    return index % 4 == 3


# ---- facts -------------------------------------------------------------------------------

def quantity_fact(kind: str, value: Any, unit: str) -> str:
    if kind == "dims":
        return " x ".join(str(v) for v in value) + f" {unit}"
    if kind == "count":
        return f"{unit} of {value}"
    if kind == "burn":
        return f"{value} hours burn time"
    return f"{value:g} {unit}" if isinstance(value, float) else f"{value} {unit}"


def build_facts(product: dict[str, Any]) -> dict[str, Any]:
    where = product["where"]
    sentences = [f"The {product['title']} from {product['vendor']}."]
    materials = " and ".join(MATERIALS[m][0] for m in product["materials"])
    if product.get("pct"):
        materials = f"{product['pct']}% {materials}"
    tags = [product["type"].lower(), "new"]
    metafields: dict[str, str] = {}
    if where["material"] == "description":
        sentences.append(f"Made from {materials}.")
    elif where["material"] == "tags":
        tags.extend(MATERIALS[m][0] for m in product["materials"])
    elif where["material"] == "metafield":
        metafields["material"] = materials
    else:  # the title names it; the description repeats it in passing
        sentences.append(f"Material: {materials}.")
    for kind, value, unit in product["quantities"]:
        sentences.append(f"Size: {quantity_fact(kind, value, unit)}.")
    for cert in product["certs"]:
        sentences.append(f"{cert} certified.")
    if product["absolutes"]:
        sentences.append(", ".join(ABSOLUTES[a][0] for a in product["absolutes"]).capitalize()
                         + ".")
    if where["origin"] == "metafield":
        metafields["country_of_origin"] = product["origin"]
    else:
        sentences.append(f"Made in {product['origin']}.")
    warranty = product.get("warranty")
    if warranty == "lifetime":
        sentences.append("Lifetime warranty.")
    elif warranty:
        sentences.append(f"{warranty}-year warranty.")
    options: dict[str, list[str]] = {}
    if product["colours"]:
        options["Color"] = [COLOURS[c][0].title() for c in product["colours"]]
    if product["sizes"]:
        options["Size"] = list(product["sizes"])
    variants = []
    prices = product["prices"]
    combos = [(c, s) for c in options.get("Color", [""]) for s in options.get("Size", [""])]
    for i, (colour, size) in enumerate(combos[:8]):
        title = " / ".join(x for x in (colour, size) if x) or "Default Title"
        variants.append({"title": title, "sku": f"{product['key'][:4].upper()}-{i + 1:02d}",
                         "price": prices[min(i, len(prices) - 1)] if i < len(prices) or
                         len(prices) == 1 else prices[-1]})
    facts: dict[str, Any] = {
        "title": product["title"], "vendor": product["vendor"],
        "product_type": product["type"], "tags": tags, "options": options,
        "variants": variants, "currency": product["currency"],
        "description": "<p>" + " ".join(sentences) + "</p>", "shop_name": "Shelf Demo",
    }
    if metafields:
        facts["metafields"] = metafields
    return facts


# ---- values as a writer would say them ---------------------------------------------------

def decimal_comma(number: float, language: str) -> str:
    text = f"{number:g}"
    return text.replace(".", ",") if language != "en" else text


def say_quantity(kind: str, value: Any, unit: str, language: str, rng: random.Random) -> str:
    if kind in ("volume", "volume_l"):
        ml = value * 1000 if kind == "volume_l" else value
        if language == "en" and rng.random() < 0.5 and ml < 3000:
            ounces = ml / 29.5735
            shown = f"{round(ounces)}" if abs(round(ounces) - ounces) / ounces < 0.02 \
                else f"{ounces:.1f}"
            return f"{shown} oz"
        if ml >= 1000:
            word = rng.choice({"en": ["litres", "l"], "de": ["Liter", "l"],
                               "es": ["litros", "l"], "fr": ["litres", "l"]}[language])
            return f"{decimal_comma(ml / 1000, language)} {word}"
        return f"{ml:g} ml"
    if kind == "dims":
        if language == "en" and rng.random() < 0.3:
            return " x ".join(f"{v / 2.54:.1f}" for v in value) + " inches"
        return " x ".join(str(v) for v in value) + f" {unit}"
    if kind in ("diameter", "height", "width", "thickness"):
        if unit == "cm" and language == "en" and rng.random() < 0.3:
            return f"{value / 2.54:.1f} inches"
        return f"{value} {unit}"
    if kind in ("weight", "mass"):
        if language == "en" and rng.random() < 0.3:
            return f"{value / 28.3495:.1f} oz"
        return f"{value} g"
    if kind == "weight_kg":
        if language == "en" and rng.random() < 0.4:
            return f"{value * 2.20462:.1f} lb"
        return f"{decimal_comma(value, language)} kg"
    return str(value)


def false_quantity(kind: str, value: Any, rng: random.Random) -> Any:
    factor = rng.choice((2, 3, 0.5, 1.6, 0.4, 2.5))
    if kind == "dims":
        return tuple(round(v * factor) for v in value)
    if isinstance(value, float):
        return round(value * factor, 1)
    changed = max(1, round(value * factor))
    return changed if changed != value else value + 2


def money(amount: float, currency: str, language: str) -> str:
    return format_money(f"{amount:.2f}", currency, language)


# ---- writing -----------------------------------------------------------------------------

class Writer:
    """Builds one text sentence by sentence, remembering planted spans."""

    def __init__(self, language: str, pool: str, rng: random.Random) -> None:
        self.language, self.pool, self.rng = language, pool, rng
        self.parts: list[str] = []
        self.labels: list[dict[str, Any]] = []
        self.length = 0

    def sentence(self, frame_kind: str, planted: bool = False, **values: str) -> None:
        frame = self.rng.choice(FRAMES[self.language][frame_kind][self.pool])
        text = frame.format(**values)
        if self.parts:
            self.length += 1
        start_marker = text.find("[[")
        if start_marker >= 0:
            end_marker = text.index("]]")
            claim = text[start_marker + 2:end_marker]
            text = text[:start_marker] + claim + text[end_marker + 2:]
            if planted:
                start = self.length + start_marker
                self.labels.append({"start": start, "end": start + len(claim),
                                    "kind": KIND_OF[frame_kind], "claim": claim})
        text = text[:1].upper() + text[1:]
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return " ".join(self.parts)


def true_claims(product: dict[str, Any], language: str, rng: random.Random
                ) -> list[tuple[str, dict[str, str]]]:
    claims: list[tuple[str, dict[str, str]]] = []
    for material in product["materials"]:
        claims.append(("material", {"m": say(MATERIALS, material, language)}))
    if product.get("pct") and len(product["materials"]) == 1:
        claims.append(("fibre", {"p": str(product["pct"]),
                                 "m": say(MATERIALS, product["materials"][0], language)}))
    for colour in product["colours"]:
        claims.append(("colour", {"c": say(COLOURS, colour, language)}))
    for kind, value, unit in product["quantities"]:
        frame = QUANTITY_FRAME[kind]
        shown = say_quantity(kind, value, unit, language, rng)
        claims.append((frame, {"q": shown, "n": str(value)}))
    for absolute in product["absolutes"]:
        claims.append(("absolute", {"a": say(ABSOLUTES, absolute, language)}))
    for cert in product["certs"]:
        claims.append(("cert", {"x": cert}))
    place = COUNTRIES[product["origin"]][LANGS.index(language)]
    claims.append(("origin", {"i": place, "I": place[:1].upper() + place[1:]}))
    warranty = product.get("warranty")
    if warranty == "lifetime":
        claims.append(("lifetime", {}))
    elif warranty:
        claims.append(("warranty", {"n": str(warranty)}))
    price = float(product["prices"][0])
    claims.append(("price", {"p": money(price, product["currency"], language)}))
    return claims


def false_claim(product: dict[str, Any], language: str, rng: random.Random
                ) -> tuple[str, dict[str, str]]:
    choices = ["material", "colour", "absolute", "cert", "origin", "warranty", "price"]
    if product["quantities"]:
        choices += ["quantity", "quantity"]
    kind = rng.choice(choices)
    if kind == "material":
        group = MATERIAL_GROUPS[product["group"]]
        options = [m for m in group if m not in product["materials"]
                   and not any(m in own or own in m for own in product["materials"])]
        return "material", {"m": say(MATERIALS, rng.choice(options), language)}
    if kind == "colour":
        families = {COLOUR_FAMILY[c] for c in product["colours"]}
        options = [c for c in COLOURS if COLOUR_FAMILY[c] not in families]
        return "colour", {"c": say(COLOURS, rng.choice(options), language)}
    if kind == "absolute":
        taken = set(product["absolutes"])
        for own in product["absolutes"]:
            taken |= ABSOLUTE_CONFLICTS.get(own, set())
        if "faux leather" in product["materials"]:
            taken.add("vegan")
        if "GOTS" in product["certs"]:
            taken.add("organic")
        options = [a for a in ABSOLUTES if a not in taken]
        return "absolute", {"a": say(ABSOLUTES, rng.choice(options), language)}
    if kind == "cert":
        return "cert", {"x": rng.choice([c for c in CERTIFICATIONS if c not in product["certs"]])}
    if kind == "origin":
        country = rng.choice([c for c in COUNTRIES if c != product["origin"]])
        place = COUNTRIES[country][LANGS.index(language)]
        return "origin", {"i": place, "I": place[:1].upper() + place[1:]}
    if kind == "warranty":
        current = product.get("warranty")
        years = rng.choice([y for y in (1, 2, 3, 5, 10) if y != current])
        return "warranty", {"n": str(years)}
    if kind == "price":
        price = float(product["prices"][0]) * rng.choice((0.5, 0.7, 1.4, 2.0))
        return "price", {"p": money(round(price) - 0.01, product["currency"], language)}
    qkind, value, unit = rng.choice(product["quantities"])
    wrong = false_quantity(qkind, value, rng)
    return QUANTITY_FRAME[qkind], {"q": say_quantity(qkind, wrong, unit, language, rng),
                                   "n": str(wrong)}


def written_text(product: dict[str, Any], language: str, pool: str, rng: random.Random,
                 planted: int) -> tuple[str, list[dict[str, Any]]]:
    writer = Writer(language, pool, rng)
    writer.sentence("intro", t=product["title"])
    claims = true_claims(product, language, rng)
    rng.shuffle(claims)
    body: list[tuple[str, dict[str, str], bool]] = [(k, v, False) for k, v in claims[:4]]
    for _ in range(planted):
        kind, values = false_claim(product, language, rng)
        body.insert(rng.randrange(len(body) + 1), (kind, values, True))
    for _ in range(rng.choice((1, 2))):
        body.insert(rng.randrange(len(body) + 1), ("filler", {}, False))
    for kind, values, is_planted in body:
        writer.sentence(kind, planted=is_planted, **values)
    return writer.text(), writer.labels


def template_text(product: dict[str, Any], facts: dict[str, Any], language: str, field: str,
                  tone: str) -> str:
    settings = GenerationSettings.from_mapping({"language": language, "tone": tone})
    return TemplateWriter().generate(field, ProductFacts.from_mapping(facts), settings).text


def plant_in_html(html: str, product: dict[str, Any], language: str, pool: str,
                  rng: random.Random) -> tuple[str, list[dict[str, Any]]]:
    """Add one false sentence at the end of the template's first paragraph."""
    writer = Writer(language, pool, rng)
    kind, values = false_claim(product, language, rng)
    writer.sentence(kind, planted=True, **values)
    cut = html.index("</p>")
    insert = " " + writer.text()
    labels = [{**label, "start": label["start"] + cut + 1, "end": label["end"] + cut + 1}
              for label in writer.labels]
    return html[:cut] + insert + html[cut:], labels


def unmark(marked: str) -> tuple[str, list[dict[str, Any]]]:
    """Text without its ``[[…]]`` marks, and the marked spans as labels."""
    text, labels = "", []
    rest = marked
    while "[[" in rest:
        before, rest = rest.split("[[", 1)
        claim, rest = rest.split("]]", 1)
        text += before
        labels.append({"start": len(text), "end": len(text) + len(claim), "kind": "freeform",
                       "claim": claim})
        text += claim
    return text + rest, labels


def records() -> list[dict[str, Any]]:
    rng = random.Random(20261202)
    out: list[dict[str, Any]] = []
    for index, product in enumerate(PRODUCTS):
        split = "holdout" if is_heldout(index) else "dev"
        pool = "held" if split == "holdout" else "dev"
        facts = build_facts(product)
        for language in LANGS:
            tone = TONES[(index + LANGS.index(language)) % len(TONES)]
            base = {"product": product["key"], "split": split, "language": language,
                    "facts": facts}
            description = template_text(product, facts, language, "description", tone)
            out.append({**base, "source": "template", "field": "description",
                        "text": description, "planted": []})
            field = ("seo_description", "alt_text")[index % 2]
            out.append({**base, "source": "template", "field": field,
                        "text": template_text(product, facts, language, field, tone),
                        "planted": []})
            planted_html, labels = plant_in_html(description, product, language, pool, rng)
            out.append({**base, "source": "template+planted", "field": "description",
                        "text": planted_html, "planted": labels})
            for planted in (0, 0, 1, 1, 2):
                text, labels = written_text(product, language, pool, rng, planted)
                out.append({**base, "source": "written", "field": "description",
                            "text": text, "planted": labels})
    by_key = {product["key"]: product for product in PRODUCTS}
    for split, entries in (("freeform", FREEFORM), ("freeform_fresh", FRESH),
                           ("freeform_third", THIRD)):
        for key, language, marked in entries:
            text, labels = unmark(marked)
            out.append({"product": key, "split": split, "language": language,
                        "facts": build_facts(by_key[key]), "source": "freeform",
                        "field": "description", "text": text, "planted": labels})
    for number, record in enumerate(out):
        record["id"] = f"{record['product']}-{record['language']}-{number:04d}"
    return out


def main() -> None:
    rows = records()
    with OUT.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    planted = sum(1 for r in rows if r["planted"])
    print(f"wrote {len(rows)} texts ({planted} with planted claims) to {OUT}")


if __name__ == "__main__":
    main()
