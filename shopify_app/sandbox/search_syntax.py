"""Shopify's search syntax (the `query:` argument): parse once, match many.

Supported: `field:value`, comparators `:<`, `:>`, `:<=`, `:>=`, quoted values
('...' or "..."), trailing `*` for a prefix, `field:*` for "has a value",
bare words (the resource's default search), implicit AND, explicit AND / OR,
NOT and a leading `-`, and parentheses. AND binds tighter than OR. As on
Shopify, a term naming an unknown field is ignored and reported as a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .ids import parse_iso, parse_time

Matcher = Callable[[Any, str, str], bool]
Predicate = Callable[[Any], bool]

_FIELD = re.compile(r"^([A-Za-z_][A-Za-z0-9_.\-{}]*):(<=|>=|<|>)?(.*)$", re.S)


@dataclass(frozen=True)
class Term:
    field: str | None  # None: the default (free text) search
    op: str  # ":", "<", ">", "<=", ">="
    value: str


@dataclass(frozen=True)
class Node:
    kind: str  # "and", "or", "not"
    children: tuple[Any, ...]


def _tokens(text: str) -> list[Any]:
    tokens: list[Any] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch in "()":
            tokens.append(ch)
            i += 1
            continue
        if ch == "-" and i + 1 < n and not text[i + 1].isspace():
            tokens.append("NOT")
            i += 1
            continue
        start, buf = i, []
        while i < n and not text[i].isspace() and text[i] not in "()":
            if text[i] in "'\"":
                quote = text[i]
                end = text.find(quote, i + 1)
                end = n if end < 0 else end
                buf.append(text[i + 1 : end])
                i = end + 1
                continue
            buf.append(text[i])
            i += 1
        word = "".join(buf)
        raw = text[start:i]
        if raw in ("AND", "OR", "NOT"):
            tokens.append(raw)
        else:
            tokens.append(_term(raw, word))
    return tokens


def _term(raw: str, word: str) -> Term:
    match = _FIELD.match(raw)
    if match and not raw.startswith(("'", '"')):
        field, op, value = match.group(1), match.group(2) or ":", match.group(3)
        return Term(field.lower(), op, value.strip("'\""))
    return Term(None, ":", word)


class _Parser:
    def __init__(self, tokens: list[Any]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> Any:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> Any:
        token = self.peek()
        self.pos += 1
        return token

    def parse(self) -> Any:
        node = self.or_expr()
        while self.peek() is not None:  # stray ")": skip it and keep going
            self.take()
            more = self.or_expr()
            if more is not None:
                node = Node("and", (node, more)) if node is not None else more
        return node

    def or_expr(self) -> Any:
        parts = [self.and_expr()]
        while self.peek() == "OR":
            self.take()
            parts.append(self.and_expr())
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Node("or", tuple(parts))

    def and_expr(self) -> Any:
        parts = []
        while self.peek() not in (None, ")", "OR"):
            if self.peek() == "AND":
                self.take()
                continue
            parts.append(self.unary())
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Node("and", tuple(parts))

    def unary(self) -> Any:
        token = self.take()
        if token == "NOT":
            inner = self.unary() if self.peek() not in (None, ")", "OR") else None
            return Node("not", (inner,)) if inner is not None else None
        if token == "(":
            inner = self.or_expr()
            if self.peek() == ")":
                self.take()
            return inner
        return token


def parse(text: str | None) -> Any:
    """Parse a query into nested Node / Term objects; None for an empty query."""
    if not text or not text.strip():
        return None
    return _Parser(_tokens(text)).parse()


def compile_query(
    text: str | None,
    fields: Mapping[str, Matcher],
    default: Matcher | None = None,
    prefixed: Mapping[str, Matcher] | None = None,
) -> tuple[Predicate | None, list[dict[str, str]]]:
    """Build a predicate for `text`, plus warnings for the terms it had to ignore.

    `prefixed` maps a field prefix such as "metafields." to a matcher that
    receives the full field name joined to the value as "name=value".
    """
    warnings: list[dict[str, str]] = []

    def build(node: Any) -> Predicate | None:
        if node is None:
            return None
        if isinstance(node, Term):
            return build_term(node)
        parts = [build(child) for child in node.children]
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        if node.kind == "not":
            inner = parts[0]
            return lambda item: not inner(item)
        if len(parts) == 1:
            return parts[0]
        if node.kind == "and":
            return lambda item: all(p(item) for p in parts)
        return lambda item: any(p(item) for p in parts)

    def build_term(term: Term) -> Predicate | None:
        if term.field is None:
            if default is None or not term.value:
                return None
            return lambda item: default(item, term.op, term.value)
        matcher = fields.get(term.field)
        if matcher is None and prefixed:
            for prefix, prefix_matcher in prefixed.items():
                if term.field.startswith(prefix):
                    combined = f"{term.field}={term.value}"
                    return lambda item, m=prefix_matcher: m(item, term.op, combined)
        if matcher is None:
            warnings.append(
                {"field": term.field, "message": "Invalid search field for this query."}
            )
            return None
        return lambda item: matcher(item, term.op, term.value)

    return build(parse(text)), warnings


# ---- helpers the resource matchers are built from ---------------------------------


def _phrase_in(needle: str, haystack: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", haystack) is not None


def match_text(actual: str | None, value: str, *, exact: bool = False) -> bool:
    """Case-insensitive match: exact, whole words/phrase, `prefix*` or `*` (has a value)."""
    if actual is None:
        return False
    hay, needle = actual.casefold(), value.casefold()
    if needle == "*":
        return hay != ""
    if needle.endswith("*"):
        prefix = needle[:-1]
        if exact:
            return hay.startswith(prefix)
        return hay.startswith(prefix) or re.search(r"(?<!\w)" + re.escape(prefix), hay) is not None
    if exact:
        return hay == needle
    return hay == needle or _phrase_in(needle, hay)


def match_any(values: Iterable[str | None], value: str, *, exact: bool = True) -> bool:
    return any(match_text(v, value, exact=exact) for v in values)


def match_list(actual: str | None, value: str) -> bool:
    """`field:a,b` matches when the field equals any of the comma-separated values."""
    return any(
        match_text(actual, part.strip(), exact=True) for part in value.split(",") if part.strip()
    )


def compare(actual: Any, op: str, target: Any) -> bool:
    if actual is None:
        return False
    if op == ":":
        return actual == target
    if op == "<":
        return actual < target
    if op == ">":
        return actual > target
    if op == "<=":
        return actual <= target
    return actual >= target


def compare_number(actual: float | int | None, op: str, value: str) -> bool:
    try:
        target = float(value)
    except ValueError:
        return False
    return compare(None if actual is None else float(actual), op, target)


def compare_time(actual: str | None, op: str, value: str) -> bool:
    """Compare an ISO timestamp with a search time; a bare day matches that whole day."""
    if not actual:
        return False
    parsed = parse_time(value)
    if parsed is None:
        return False
    target, whole_day = parsed
    moment: datetime = parse_iso(actual)
    if whole_day and op == ":":
        return target <= moment < target + timedelta(days=1)
    if whole_day and op == "<=":
        return moment < target + timedelta(days=1)
    if whole_day and op == ">":
        return moment >= target + timedelta(days=1)
    return compare(moment, op, target)


def match_bool(actual: bool, value: str) -> bool:
    return actual == (value.strip().lower() == "true")
