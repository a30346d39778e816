"""Word lists the demo catalog is built from."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# fmt: off
COLORS: list[tuple[str, tuple[int, int, int]]] = [
    ("Navy", (31, 42, 68)), ("Forest Green", (34, 85, 51)), ("Crimson", (178, 34, 52)),
    ("Mustard", (214, 164, 30)), ("Charcoal", (54, 54, 58)), ("Sky Blue", (102, 170, 221)),
    ("Terracotta", (204, 102, 68)), ("Lavender", (160, 140, 200)), ("Olive", (112, 120, 50)),
    ("Coral", (240, 110, 90)), ("Teal", (0, 128, 128)), ("Plum", (110, 40, 90)),
]


class Category:
    def __init__(self, nouns: list[str], materials: list[str], option: str, values: list[str],
                 prices: list[int]) -> None:
        self.nouns, self.materials, self.option, self.values, self.prices = (
            nouns, materials, option, values, prices)


CATEGORIES: dict[str, Category] = {
    "T-Shirts": Category(["T-Shirt", "Tee", "Pocket Tee"], ["Cotton", "Organic Cotton", "Linen"],
                         "Size", ["S", "M", "L", "XL"], [18, 24, 29, 35]),
    "Hoodies": Category(["Hoodie", "Zip Hoodie", "Sweatshirt"], ["Fleece", "Cotton", "Merino"],
                        "Size", ["S", "M", "L", "XL"], [49, 58, 65, 79, 95]),
    "Mugs": Category(["Mug", "Travel Mug", "Espresso Cup"], ["Ceramic", "Stoneware", "Enamel"],
                     "Capacity", ["8 oz", "12 oz", "16 oz"], [12, 16, 18, 24]),
    "Candles": Category(["Candle", "Tin Candle", "Pillar Candle"], ["Soy Wax", "Beeswax"],
                        "Scent", ["Cedar", "Citrus", "Lavender"], [14, 18, 24, 32]),
    "Backpacks": Category(["Backpack", "Daypack", "Rolltop Pack"],
                          ["Canvas", "Recycled Nylon", "Leather"], "Size", ["18 L", "24 L", "30 L"],
                          [65, 79, 95, 120, 180]),
    "Bags": Category(["Tote Bag", "Crossbody Bag", "Duffel"], ["Canvas", "Leather", "Jute"],
                     "Style", ["Classic", "Zip", "Mini"], [24, 35, 58, 95, 140]),
    "Home Decor": Category(["Throw Pillow", "Vase", "Planter", "Throw Blanket"],
                           ["Linen", "Ceramic", "Wool", "Terracotta Clay"], "Size",
                           ["Small", "Medium", "Large"], [22, 35, 49, 65, 89]),
    "Stationery": Category(["Notebook", "Planner", "Sketchbook"],
                           ["Recycled Paper", "Leather-Bound"], "Ruling",
                           ["Lined", "Dotted", "Blank"], [8, 12, 18, 24]),
    "Snowboards": Category(["Snowboard", "Splitboard"], ["Carbon", "Bamboo Core", "Poplar Core"],
                           "Length", ["148 cm", "152 cm", "156 cm"], [349, 429, 499, 649]),
    "Drinkware": Category(["Water Bottle", "Tumbler", "Flask"],
                          ["Stainless Steel", "Glass", "Bamboo"], "Capacity",
                          ["500 ml", "750 ml", "1 L"], [18, 24, 29, 38]),
}

ADJECTIVES = ["Classic", "Essential", "Vintage", "Modern", "Everyday", "Premium", "Rustic",
              "Minimal", "Cozy", "Urban", "Alpine", "Coastal", "Heritage", "Nomad"]
VENDORS = ["Northwind Supply", "Fjord & Pine", "Maple Street Goods", "Copperleaf", "Harbor Lane",
           "Tidewater Co.", "Summit Outfitters", "Oak & Ember"]
EXTRA_TAGS = ["new", "bestseller", "sale", "gift", "eco-friendly", "limited-edition", "summer",
              "winter", "handmade", "staff-pick"]
SENTENCES = [
    "Made from {material_lc} that gets better with every use.",
    "Our {noun_lc} is designed in small batches and built to last.",
    "The {color_lc} finish pairs with everything you already own.",
    "Thoughtfully made by {vendor}, with care in every detail.",
    "A dependable everyday pick for home, travel and gifting.",
    "Easy to care for: wipe clean or wash gently.",
]
BULLETS = ["Imported", "Ships in 2–3 days", "Gift-ready packaging", "Lifetime repairs"]

# Collection title -> which products belong to it when the catalog is seeded.
COLLECTIONS: list[tuple[str, Callable[[dict[str, Any]], bool]]] = [
    ("Apparel", lambda p: p["productType"] in ("T-Shirts", "Hoodies")),
    ("Home & Living", lambda p: p["productType"] in ("Mugs", "Candles", "Home Decor", "Drinkware")),
    ("Outdoor", lambda p: p["productType"] in ("Backpacks", "Snowboards", "Drinkware")),
    ("Best Sellers", lambda p: "bestseller" in p["tags"]),
    ("On Sale", lambda p: "sale" in p["tags"]),
    ("New Arrivals", lambda p: "new" in p["tags"]),
    ("Gifts Under $50", lambda p: "gift" in p["tags"] and float(p["variants"][0]["price"]) < 50),
]
# fmt: on
