"""Estimate what a query will cost before sending it.

Shopify charges the *requested* cost up front, so the client must reserve it
in the shared bucket first. The estimate follows Shopify's published rules
(objects 1, scalars 0, a connection 2 + its size times one node, a mutation
10); the client replaces it by the ``requestedQueryCost`` Shopify reported for
the same operation and shape once it has seen one.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    SelectionSetNode,
    VariableNode,
)

from .documents import Document

MAX_QUERY_COST = 1000
MUTATION_COST = 10


def _value(node: Any, variables: Mapping[str, Any]) -> Any:
    if isinstance(node, VariableNode):
        return variables.get(node.name.value)
    if isinstance(node, IntValueNode):
        return int(node.value)
    if isinstance(node, ListValueNode):
        return [_value(v, variables) for v in node.values]
    return getattr(node, "value", None)


def _resolve_directives(node: Any, variables: Mapping[str, Any]) -> bool:
    """True unless ``@include(if: false)`` / ``@skip(if: true)`` drops the node."""
    for directive in node.directives or ():
        arg = next((a for a in directive.arguments if a.name.value == "if"), None)
        flag = bool(_value(arg.value, variables)) if arg else True
        if directive.name.value == "include" and not flag:
            return False
        if directive.name.value == "skip" and flag:
            return False
    return True


class _Estimator:
    def __init__(self, fragments: Mapping[str, FragmentDefinitionNode],
                 variables: Mapping[str, Any]) -> None:
        self.fragments = fragments
        self.variables = variables

    def selection(self, selection_set: SelectionSetNode | None) -> int:
        if selection_set is None:
            return 0
        total = 0
        for node in selection_set.selections:
            if not _resolve_directives(node, self.variables):
                continue
            if isinstance(node, FieldNode):
                total += self.field(node)
            elif isinstance(node, InlineFragmentNode):
                total += self.selection(node.selection_set)
            elif isinstance(node, FragmentSpreadNode):
                total += self.selection(self.fragments[node.name.value].selection_set)
        return total

    def _args(self, node: FieldNode) -> dict[str, Any]:
        return {a.name.value: _value(a.value, self.variables) for a in node.arguments or ()}

    def _fields(self, node: FieldNode) -> list[FieldNode]:
        selections = node.selection_set.selections if node.selection_set else ()
        return [c for c in selections
                if isinstance(c, FieldNode) and _resolve_directives(c, self.variables)]

    def _per_item(self, connection: FieldNode) -> int:
        """Cost of one element of a connection (its ``nodes`` or ``edges.node``)."""
        per = 0
        for child in self._fields(connection):
            if child.name.value == "nodes":
                per += 1 + self.selection(child.selection_set)
            elif child.name.value == "edges":
                per += sum(1 + self.selection(grand.selection_set)
                           for grand in self._fields(child) if grand.name.value == "node")
        return per

    def field(self, node: FieldNode) -> int:
        if node.selection_set is None:
            return 0
        args = self._args(node)
        size = args.get("first") or args.get("last")
        if isinstance(size, int):
            return 2 + size * max(self._per_item(node), 1)
        ids = args.get("ids")
        if isinstance(ids, list):
            return max(len(ids), 1) * (1 + self.selection(node.selection_set))
        return 1 + self.selection(node.selection_set)


def estimate_cost(document: Document, variables: Mapping[str, Any]) -> int:
    """The requested cost Shopify will probably charge for this call, capped at
    the per-query maximum."""
    if document.is_mutation:
        return MUTATION_COST
    estimator = _Estimator(document.fragments, variables)
    return min(MAX_QUERY_COST, max(1, estimator.selection(document.operation.selection_set)))


def uncapped_cost(document: Document, variables: Mapping[str, Any]) -> int:
    """Like :func:`estimate_cost` without the cap: used to size pages."""
    if document.is_mutation:
        return MUTATION_COST
    return _Estimator(document.fragments, variables).selection(document.operation.selection_set)


def fit_page_size(document: Document, variables: Mapping[str, Any], *,
                  key: str = "first", largest: int = 250,
                  budget: int = MAX_QUERY_COST) -> int:
    """The largest page size (≤ ``largest``) whose estimated cost fits ``budget``."""
    low, high = 1, largest
    while low < high:
        mid = (low + high + 1) // 2
        if uncapped_cost(document, {**variables, key: mid}) <= budget:
            low = mid
        else:
            high = mid - 1
    return low


def cost_shape(name: str, variables: Mapping[str, Any]) -> str:
    """A key for "same operation, same cost": numbers, flags and list lengths
    decide the cost, strings (cursors, search text) do not."""
    shape: dict[str, Any] = {}
    for key, value in sorted(variables.items()):
        if isinstance(value, bool | int):
            shape[key] = value
        elif isinstance(value, list | tuple):
            shape[key] = f"len{len(value)}"
    digest = hashlib.sha1(json.dumps(shape, sort_keys=True).encode(), usedforsecurity=False)
    return f"{name}:{digest.hexdigest()[:16]}"
