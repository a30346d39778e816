"""Numbers with units: parsing in four languages and converting to one base unit per dimension.

"12 oz", "350 ml", "1,5 l", "30 x 40 cm", "4er-Set", "set of 6" all become
:class:`Quantity` values (dimension, value in the base unit) so a claim can be
compared with the facts whatever units either side uses.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# unit wording → (dimension, factor to the dimension's base unit)
_UNITS: dict[str, tuple[tuple[str, float], ...]] = {}


def _unit(dimension: str, factor: float, *wordings: str) -> None:
    for wording in wordings:
        _UNITS.setdefault(wording, ())
        _UNITS[wording] += ((dimension, factor),)


_unit("length", 1, "mm", "millimeter", "millimeters", "millimetre", "millimetres", "milímetros",
      "millimètres", "millimetern")
_unit("length", 10, "cm", "centimeter", "centimeters", "centimetre", "centimetres",
      "zentimeter", "zentimetern", "centímetros", "centimètres")
_unit("length", 1000, "m", "meter", "meters", "metre", "metres", "metern", "metros", "mètres")
_unit("length", 25.4, "inch", "inches", "\"", "″", "zoll", "pulgadas", "pulgada", "pouces",
      "pouce")
_unit("length", 304.8, "ft", "feet", "foot", "fuß", "pies", "pieds")
_unit("volume", 1, "ml", "milliliter", "milliliters", "millilitre", "millilitres", "mililitros",
      "millilitres")
_unit("volume", 10, "cl", "centilitre", "centilitres", "centilitros")
_unit("volume", 100, "dl")
_unit("volume", 1000, "l", "liter", "liters", "litre", "litres", "litro", "litros", "litern")
_unit("volume", 29.5735, "fl oz", "fl. oz", "fl. oz.", "fluid ounce", "fluid ounces", "oz",
      "ounce", "ounces", "onzas", "onces", "unzen", "unze")
_unit("volume", 3785.41, "gallon", "gallons", "gal", "galones")
_unit("mass", 0.001, "mg")
_unit("mass", 1, "g", "gram", "grams", "gramm", "gramos", "grammes", "gr")
_unit("mass", 1000, "kg", "kilo", "kilos", "kilogram", "kilograms", "kilogramm", "kilogramos",
      "kilogrammes")
_unit("mass", 453.592, "lb", "lbs", "pound", "pounds", "pfund", "libras", "livres")
_unit("mass", 28.3495, "oz", "ounce", "ounces", "onzas", "onces", "unzen", "unze")
_unit("areal_weight", 1, "gsm", "g/m²", "g/m2", "g/qm")
_unit("percent", 1, "%", "percent", "per cent", "prozent", "por ciento", "pour cent")
_unit("count", 1, "pieces", "piece", "pcs", "pc", "pack", "stück", "stk", "teile", "piezas",
      "unidades", "uds", "pièces")
_unit("persons", 1, "people", "persons", "person", "personen", "personas", "personnes",
      "guests", "seats")
_unit("time", 60, "h", "hr", "hrs", "hour", "hours", "stunden", "std", "horas", "heures",
      "heure")
_unit("time", 1, "min", "mins", "minute", "minutes", "minuten", "minutos")
_unit("power", 1, "w", "watt", "watts", "vatios")
_unit("power", 1000, "kw")
_unit("charge", 1, "mah")
_unit("voltage", 1, "v", "volt", "volts", "voltios")
_unit("data", 1, "gb")
_unit("data", 1000, "tb")
_unit("threads", 1, "thread count", "tc", "fäden")
_unit("temperature", 1, "°c", "° c", "grad celsius", "grados")
_unit("temperature_f", 1, "°f")

_NUMBER = r"\d{1,3}(?:[.,\u202f\u00a0]\d{3}){1,4}(?:[.,]\d{1,3})?|\d{1,12}(?:[.,]\d{1,3})?"
_UNIT_ALTERNATION = "|".join(re.escape(u).replace(r"\ ", r"\s*")
                             for u in sorted(_UNITS, key=len, reverse=True))
_BY = r"\s*(?:x|×|\*|by|mal|por|sur)\s*"
_RANGE = r"\s*(?:-|–|to|bis|a|à)\s*"
# "30 x 40 x 10 cm", "2–4 people", "350 ml", "350ml", "12-oz"
QUANTITY = re.compile(
    rf"(?<![\w.,])(?P<n1>{_NUMBER})(?:(?P<sep>{_BY}|{_RANGE})(?P<n2>{_NUMBER})"
    rf"(?:{_BY}(?P<n3>{_NUMBER}))?)?\s*-?\s*(?P<unit>{_UNIT_ALTERNATION})(?![\w²])")
# Counts written around the number: "set of 4", "4-piece", "4er-Set", "juego de 6".
COUNT = re.compile(
    r"(?<!\w)(?:(?:set|pack|box|case|bundle|lot|juego|paquete|pack|caja|lote|coffret|"
    r"boîte|boite|kit)\s+(?:of|de|von)\s+(?P<a>\d+)|(?P<b>\d+)\s*-?\s*(?:piece|pack|teilig|"
    r"er[\s-]*(?:set|pack|packung)|part)s?\b|(?P<c>\d+)[\s-]*(?:st(?:ü|u)ck|pcs|pieces|piezas|"
    r"pièces|unidades|uds)\b)")


@dataclass(frozen=True)
class Quantity:
    dimension: str
    value: float
    start: int
    end: int


def parse_number(text: str) -> float | None:
    """ "1.234,5" → 1234.5; "1,234.5" → 1234.5; "1,5" → 1.5; "1 200" → 1200."""
    text = text.replace("\u202f", " ").replace("\u00a0", " ")
    last = max(text.rfind("."), text.rfind(","))
    if last >= 0:
        head, tail = text[:last], text[last + 1:]
        if len(tail) == 3 and head and not re.search(r"[.,]", head[-4:]) and \
                text.count(text[last]) >= 1 and (len(head.replace(" ", "")) <= 3 or
                                                 re.search(r"[., ]\d{3}$", head)):
            # "1,234" or "1.234": a thousands separator, not decimals.
            text = head + tail
        else:
            text = re.sub(r"[., ]", "", head) + "." + tail
    text = text.replace(" ", "")
    try:
        return float(text)
    except ValueError:
        return None


def _values(unit: str, number: str) -> Iterator[tuple[str, float]]:
    value = parse_number(number)
    if value is None:
        return
    key = re.sub(r"\s+", " ", unit.strip().lower())
    for dimension, factor in _UNITS.get(key, _UNITS.get(key.replace(" ", ""), ())):
        if dimension == "temperature_f":
            yield "temperature", (value - 32) * 5 / 9
        else:
            yield dimension, value * factor


def quantities(folded: str) -> Iterator[tuple[int, int, list[list[tuple[str, float]]]]]:
    """(start, end, one list of readings per number) for every quantity in ``folded``.

    A number has several readings when its unit is ambiguous ("oz" is a weight
    or a volume); a dimension list ("30 x 40 cm") has one entry per number.
    """
    taken: list[tuple[int, int]] = []
    for match in COUNT.finditer(folded):
        number = match.group("a") or match.group("b") or match.group("c")
        taken.append((match.start(), match.end()))
        yield match.start(), match.end(), [[("count", float(number))]]
    for match in QUANTITY.finditer(folded):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        unit = match.group("unit")
        numbers = [match.group(g) for g in ("n1", "n2", "n3") if match.group(g)]
        readings = [list(_values(unit, n)) for n in numbers]
        if readings and all(readings):
            yield match.start(), match.end(), readings
