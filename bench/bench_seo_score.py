"""SEO score and duplicate detection over a 1,000-item job.

    python bench/bench_seo_score.py [--items 1000] [--store 0] [--repeat 3]

Builds `--items` varied products, writes their descriptions with the template
writer (the app's own offline copy, five tones, four languages), plants one
near-identical copy (a few words changed), optionally adds `--store` store
texts, then times: indexing every description, finding every group of
near-identical texts, and scoring every description with its duplicates.
Prints whether the planted pair was found, and its figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shopify_app.ai import GenerationSettings, ProductFacts  # noqa: E402
from shopify_app.ai.providers.template import TemplateWriter  # noqa: E402
from shopify_app.ai.seo_score import DuplicateIndex, score  # noqa: E402

ADJECTIVES = ["Speckled", "Ribbed", "Classic", "Everyday", "Coastal", "Alpine", "Urban",
              "Heritage", "Nordic", "Sunday", "Studio", "Field", "Harbor", "Meadow", "Stone"]
MATERIALS = ["Linen", "Stoneware", "Oak", "Merino", "Leather", "Glass", "Cotton", "Walnut",
             "Brass", "Cork", "Bamboo", "Steel"]
NOUNS = ["Mug", "Shirt", "Bowl", "Scarf", "Wallet", "Tumbler", "Blanket", "Tray", "Vase",
         "Beanie", "Candle", "Board", "Lamp", "Tote", "Planter"]
SENTENCES = ["Made in small batches by a family workshop.", "Each piece is a little different.",
             "It is easy to care for.", "Designed in our studio and tested for a year.",
             "A gift that gets used every day.", "The finish softens beautifully with use.",
             "Pairs with the rest of the range.", "Shipped in recycled packaging.",
             "Sized to fit small spaces.", "Built to be repaired, not replaced."]
COLOURS = ["Black", "White", "Sage", "Navy", "Rust", "Sand", "Charcoal", "Ivory", "Olive"]


def product(rng: random.Random, index: int) -> dict:
    noun = rng.choice(NOUNS)
    title = f"{rng.choice(ADJECTIVES)} {rng.choice(MATERIALS)} {noun}"
    colours = rng.sample(COLOURS, rng.randint(1, 4))
    price = rng.randint(12, 240)
    return {"title": f"{title} No. {index}", "vendor": rng.choice(["Loomwell", "Kiln House",
            "Grain & Grove", "Northfield", "Ember Lane"]), "product_type": noun + "s",
            "tags": rng.sample(["gift", "new", "bestseller", "handmade", "eco", "home"], 2),
            "options": {"Color": colours},
            "variants": [{"title": c, "sku": f"SKU-{index}-{i}", "price": f"{price}.00"}
                         for i, c in enumerate(colours)],
            "currency": "USD",
            "description": " ".join(rng.sample(SENTENCES, 3)), "shop_name": "Shelf Demo"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--store", type=int, default=0, help="store texts to compare against")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(7)
    writer = TemplateWriter()
    tones = ["friendly", "professional", "playful", "luxury", "technical"]
    languages = ["en", "de", "es", "fr"]
    facts, texts = [], []
    for index in range(args.items + args.store):
        data = product(rng, index)
        settings = GenerationSettings.from_mapping({"language": languages[index % 4],
                                                    "tone": tones[index % 5]})
        facts.append(data)
        texts.append(writer.generate("description", ProductFacts.from_mapping(data),
                                     settings).text)
    original, copy = 123 % args.items, (args.items * 7) // 8
    words = texts[original].split(" ")
    for position in (5, 17, 30):  # a light edit: three words changed
        if position < len(words):
            words[position] = "really"
    texts[copy] = " ".join(words)
    print(f"{args.items} job descriptions (+{args.store} store texts), "
          f"{statistics.mean(len(t.split()) for t in texts):.0f} words on average; planted "
          f"item {copy} as a near copy of item {original}")

    index_times, group_times, cpu_times = [], [], []
    for _ in range(args.repeat):
        cpu_started = time.process_time()
        started = time.perf_counter()
        index = DuplicateIndex()
        index.add_many((i, texts[i]) for i in range(args.items))
        index.add_many(((i, texts[i]) for i in range(args.items, args.items + args.store)),
                       external=True)
        index_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        groups = index.groups()
        group_times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
    found = any(original in g and copy in g for g in groups)
    match = next((m for m in index.matches(copy) if m.key == original), None)
    print(f"index: {min(index_times) * 1000:.0f} ms   groups: {min(group_times) * 1000:.0f} ms"
          f"   total: {(min(index_times) + min(group_times)) * 1000:.0f} ms wall, "
          f"{min(cpu_times) * 1000:.0f} ms CPU (best of {args.repeat})")
    print(f"planted pair found: {found} (similarity "
          f"{match.similarity if match else 0:.2f}); groups of near-identical texts: "
          f"{len(groups)} with {sum(len(g) for g in groups)} texts")

    started = time.perf_counter()
    values = [score("description", texts[i], facts[i], language=languages[i % 4],
                    duplicates=index.matches(i)).value for i in range(args.items)]
    elapsed = time.perf_counter() - started
    print(f"scoring: {args.items / elapsed:,.0f} descriptions/s with duplicate look-ups; "
          f"average score {statistics.mean(values):.1f}, item {copy}: {values[copy]}")


if __name__ == "__main__":
    main()
