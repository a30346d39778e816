"""One regex for many words, factored as a trie: far faster than a flat alternation."""
from __future__ import annotations

import re
from collections.abc import Iterable

_SEPARATORS = re.compile(r"[\s\-]+")
# A space or hyphen inside a wording matches any run of them, or none.
SEPARATOR = r"[\s\-]*"


def trie_pattern(words: Iterable[str]) -> str:
    """A regex source matching any of ``words``, longest first; never empty."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in _SEPARATORS.sub(" ", word.strip()):
            node = node.setdefault(ch, {})
        node[""] = {}
    if not trie:
        return r"(?!x)x"
    return _build(trie)


def _build(node: dict[str, dict]) -> str:
    branches = [(SEPARATOR if ch == " " else re.escape(ch)) + _build(child)
                for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    optional = "" in node
    if len(branches) == 1 and not optional:
        return branches[0]
    group = "(?:" + "|".join(branches) + ")"
    return group + "?" if optional else group
