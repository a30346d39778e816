"""The GraphQL documents in ``graphql/``: loading, fragments, inlining.

Each ``graphql/<Name>.graphql`` holds one operation named ``<Name>``. Fragments
live in ``graphql/fragments/<FragmentName>.graphql`` and are appended to any
operation that spreads them. Files are read on first use and cached.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from graphql import (
    BooleanValueNode,
    DocumentNode,
    FloatValueNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    NullValueNode,
    ObjectFieldNode,
    ObjectValueNode,
    OperationDefinitionNode,
    StringValueNode,
    ValueNode,
    Visitor,
    parse,
    print_ast,
    visit,
)
from graphql.language import NameNode
from graphql.language.visitor import REMOVE

_PACKAGE = __package__ or "shopify_app.shopify"
# Mutations that change nothing a merchant sees: sending one twice only costs a
# second answer, so a 5xx or a dropped connection is retried like a query.
RETRY_SAFE_MUTATIONS = frozenset({"StagedUploadsCreate"})


@dataclass(frozen=True)
class Document:
    """A named operation with the fragments it needs."""

    name: str
    kind: str  # "query" or "mutation"
    text: str
    ast: DocumentNode

    @property
    def operation(self) -> OperationDefinitionNode:
        return next(d for d in self.ast.definitions
                    if isinstance(d, OperationDefinitionNode))

    @property
    def fragments(self) -> dict[str, FragmentDefinitionNode]:
        return {d.name.value: d for d in self.ast.definitions
                if isinstance(d, FragmentDefinitionNode)}

    @property
    def is_mutation(self) -> bool:
        return self.kind == "mutation"

    @property
    def retry_safe(self) -> bool:
        """Safe to send again when the answer was lost (queries, harmless mutations)."""
        return not self.is_mutation or self.name in RETRY_SAFE_MUTATIONS


def _graphql_dir() -> Any:
    return resources.files(_PACKAGE).joinpath("graphql")


def operation_names() -> list[str]:
    """Names of every operation file (fragments excluded), sorted."""
    return sorted(entry.name[: -len(".graphql")] for entry in _graphql_dir().iterdir()
                  if entry.name.endswith(".graphql"))


def fragment_names() -> list[str]:
    """Names of every fragment file, sorted."""
    return sorted(entry.name[: -len(".graphql")]
                  for entry in _graphql_dir().joinpath("fragments").iterdir()
                  if entry.name.endswith(".graphql"))


@cache
def _fragment_text(name: str) -> str:
    path = _graphql_dir().joinpath("fragments", f"{name}.graphql")
    if not path.is_file():
        raise KeyError(f"unknown GraphQL fragment {name!r}")
    return path.read_text(encoding="utf-8")


def _spreads(ast: DocumentNode) -> set[str]:
    found: set[str] = set()

    class _Collect(Visitor):
        def enter_fragment_spread(self, node: FragmentSpreadNode, *_: Any) -> None:
            found.add(node.name.value)

    visit(ast, _Collect())
    return found


@cache
def load(name: str) -> Document:
    """The operation ``name`` with every fragment it spreads (cached)."""
    path = _graphql_dir().joinpath(f"{name}.graphql")
    if not path.is_file():
        raise KeyError(f"unknown GraphQL operation {name!r}")
    parts = [path.read_text(encoding="utf-8")]
    included: set[str] = set()
    while True:
        ast = parse("\n".join(parts))
        defined = {d.name.value for d in ast.definitions
                   if isinstance(d, FragmentDefinitionNode)}
        missing = sorted(_spreads(ast) - defined - included)
        if not missing:
            break
        for fragment in missing:
            included.add(fragment)
            parts.append(_fragment_text(fragment))
    operations = [d for d in ast.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1 or operations[0].name is None:
        raise ValueError(f"{name}.graphql must hold exactly one named operation")
    return Document(name=name, kind=operations[0].operation.value,
                    text="\n".join(parts), ast=ast)


def _literal(value: Any) -> ValueNode:
    """A GraphQL literal for a JSON-like Python value (enums are not supported)."""
    if value is None:
        return NullValueNode()
    if isinstance(value, bool):
        return BooleanValueNode(value=value)
    if isinstance(value, int):
        return IntValueNode(value=str(value))
    if isinstance(value, float):
        return FloatValueNode(value=repr(value))
    if isinstance(value, str):
        return StringValueNode(value=value)
    if isinstance(value, list | tuple):
        return ListValueNode(values=tuple(_literal(v) for v in value))
    if isinstance(value, Mapping):
        return ObjectValueNode(fields=tuple(
            ObjectFieldNode(name=NameNode(value=str(k)), value=_literal(v))
            for k, v in value.items()))
    raise TypeError(f"cannot write {type(value).__name__} into a GraphQL document")


def _included(node: Any) -> bool:
    for directive in node.directives or ():
        arg = next((a for a in directive.arguments if a.name.value == "if"), None)
        flag = isinstance(arg.value, BooleanValueNode) and arg.value.value if arg else True
        if directive.name.value == "include" and not flag:
            return False
        if directive.name.value == "skip" and flag:
            return False
    return True


class _Inliner(Visitor):
    def __init__(self, variables: Mapping[str, Any],
                 fragments: dict[str, FragmentDefinitionNode]) -> None:
        super().__init__()
        self.variables = variables
        self.fragments = fragments

    def enter_variable(self, node: Any, *_: Any) -> ValueNode:
        return _literal(self.variables.get(node.name.value))

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_: Any) -> InlineFragmentNode:
        fragment = self.fragments[node.name.value]
        return InlineFragmentNode(type_condition=fragment.type_condition,
                                  directives=node.directives,
                                  selection_set=fragment.selection_set)


class _DirectiveEvaluator(Visitor):
    def _apply(self, node: Any, *_: Any) -> Any:
        if not _included(node):
            return REMOVE
        kept = tuple(d for d in node.directives or ()
                     if d.name.value not in ("include", "skip"))
        if len(kept) != len(node.directives or ()):
            copy = node.__copy__()
            copy.directives = kept
            return copy
        return None

    enter_field = enter_inline_fragment = _apply


def inline_document(name: str, variables: Mapping[str, Any]) -> str:
    """The text of operation ``name`` with its variables written in as literals,
    fragments inlined and ``@include``/``@skip`` resolved: a self-contained
    document for ``bulkOperationRunQuery``, which takes no variables."""
    doc = load(name)
    inlined = visit(doc.operation, _Inliner(variables, doc.fragments))
    # Spreads may sit inside fragments: repeat until none are left.
    while _spreads(DocumentNode(definitions=(inlined,))):
        inlined = visit(inlined, _Inliner(variables, doc.fragments))
    evaluated = visit(inlined, _DirectiveEvaluator())
    copy = evaluated.__copy__()
    copy.variable_definitions = ()
    return print_ast(DocumentNode(definitions=(copy,)))
