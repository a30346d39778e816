"""Calculated query cost, following Shopify's published rules.

Scalars and enums cost 0 and objects 1; a connection costs 2 plus, for each
node it may return (`first`/`last`), the node's own cost; an interface or
union costs the most expensive of its possible selections; `nodes(ids:)`
multiplies by the number of ids; a mutation field costs 10, and the objects
in its payload are included in that price (connections inside still count).
The requested cost uses the page sizes asked for, the actual cost counts the
nodes that came back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLIncludeDirective,
    GraphQLSchema,
    GraphQLSkipDirective,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_named_type,
    is_abstract_type,
    is_leaf_type,
    value_from_ast,
)
from graphql.execution.values import get_directive_values

MUTATION_COST = 10
CONNECTION_BASE = 2
_NO_DATA = object()


def included(node: Any, variables: Mapping[str, Any]) -> bool:
    """False when @skip / @include leave the selection out, as execution would."""
    skip = get_directive_values(GraphQLSkipDirective, node, variables)
    if skip is not None and skip.get("if") is True:
        return False
    include = get_directive_values(GraphQLIncludeDirective, node, variables)
    return not (include is not None and include.get("if") is False)


def _is_connection(named: Any) -> bool:
    fields = getattr(named, "fields", None)
    return bool(named.name.endswith("Connection") and fields and "pageInfo" in fields)


class _CostWalker:
    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        variables: Mapping[str, Any],
        actual: bool,
    ) -> None:
        self.schema = schema
        self.variables = variables
        self.actual = actual
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }

    # -- selections -----------------------------------------------------------------
    def _split(
        self, selection_set: SelectionSetNode | None, parent: Any
    ) -> tuple[list[FieldNode], dict[str, list[FieldNode]]]:
        """Fields that always apply, and fields that apply only to one concrete type."""
        common: list[FieldNode] = []
        by_type: dict[str, list[FieldNode]] = {}
        if selection_set is None:
            return common, by_type
        stack: list[tuple[SelectionSetNode, str | None]] = [(selection_set, None)]
        while stack:
            current, condition = stack.pop()
            for selection in current.selections:
                if not included(selection, self.variables):
                    continue
                if isinstance(selection, FieldNode):
                    if condition is None:
                        common.append(selection)
                    else:
                        by_type.setdefault(condition, []).append(selection)
                    continue
                if isinstance(selection, FragmentSpreadNode):
                    fragment = self.fragments.get(selection.name.value)
                    if fragment is None:
                        continue
                    type_name, inner = fragment.type_condition.name.value, fragment.selection_set
                else:
                    assert isinstance(selection, InlineFragmentNode)
                    type_name = (
                        selection.type_condition.name.value if selection.type_condition else None
                    )
                    inner = selection.selection_set
                applies_always = (
                    type_name is None
                    or type_name == parent.name
                    or (
                        not is_abstract_type(parent)
                        and type_name != parent.name
                        and self._implements(parent, type_name)
                    )
                )
                if applies_always:
                    stack.append((inner, condition))
                elif is_abstract_type(parent):
                    stack.append((inner, condition or type_name))
        return common, by_type

    def _implements(self, parent: Any, type_name: str) -> bool:
        return any(i.name == type_name for i in getattr(parent, "interfaces", ()))

    def selection_cost(
        self, selection_set: SelectionSetNode | None, parent: Any, data: Any, in_mutation: bool
    ) -> int:
        common, by_type = self._split(selection_set, parent)
        total = sum(self.field_cost(f, parent, data, in_mutation) for f in common)
        if by_type:
            options = []
            for type_name, fields in by_type.items():
                concrete = self.schema.get_type(type_name) or parent
                options.append(sum(self.field_cost(f, concrete, data, in_mutation) for f in fields))
            total += max(options)
        return total

    # -- fields ----------------------------------------------------------------------
    def _arg(self, node: FieldNode, field_def: Any, name: str) -> Any:
        for arg in node.arguments or ():
            if arg.name.value == name:
                arg_def = field_def.args.get(name)
                if arg_def is None:
                    return None
                return value_from_ast(arg.value, arg_def.type, dict(self.variables))
        return None

    def _child(self, data: Any, node: FieldNode) -> Any:
        if not self.actual:
            return _NO_DATA
        if not isinstance(data, dict):
            return None
        key = node.alias.value if node.alias else node.name.value
        return data.get(key)

    def field_cost(self, node: FieldNode, parent: Any, data: Any, in_mutation: bool) -> int:
        name = node.name.value
        if name.startswith("__"):
            return 0
        field_def = getattr(parent, "fields", {}).get(name)
        if field_def is None:
            return 0
        named = get_named_type(field_def.type)
        if is_leaf_type(named):
            return 0
        value = self._child(data, node)
        if self.actual and value is None:
            return 0
        if _is_connection(named):
            return self._connection_cost(node, field_def, named, value)
        if in_mutation:
            base = 0
        elif parent is self.schema.mutation_type:
            return MUTATION_COST + self.selection_cost(node.selection_set, named, value, True)
        else:
            base = 1
        if isinstance(value, list):
            items = [item for item in value if item is not None]
            inner = max(
                (
                    self.selection_cost(node.selection_set, named, item, in_mutation)
                    for item in items
                ),
                default=0,
            )
            return (base + inner) * (len(items) if name == "nodes" else 1)
        inner = self.selection_cost(node.selection_set, named, value, in_mutation)
        if name == "nodes" and parent is self.schema.query_type and not self.actual:
            ids = self._arg(node, field_def, "ids") or []
            return (base + inner) * max(1, len(ids))
        return base + inner

    def _connection_cost(self, node: FieldNode, field_def: Any, named: Any, value: Any) -> int:
        node_type = get_named_type(named.fields["nodes"].type) if "nodes" in named.fields else None
        common, _ = self._split(node.selection_set, named)
        node_sets: list[tuple[SelectionSetNode | None, str]] = []
        for field in common:
            key = field.alias.value if field.alias else field.name.value
            if field.name.value == "nodes":
                node_sets.append((field.selection_set, key))
            elif field.name.value == "edges" and field.selection_set:
                edge_fields, _ = self._split(
                    field.selection_set, get_named_type(named.fields["edges"].type)
                )
                for edge_field in edge_fields:
                    if edge_field.name.value == "node":
                        edge_key = edge_field.alias.value if edge_field.alias else "node"
                        node_sets.append((edge_field.selection_set, f"{key}.{edge_key}"))
        if node_type is None:
            return CONNECTION_BASE
        if not self.actual:
            size = self._arg(node, field_def, "first") or self._arg(node, field_def, "last") or 0
            per_node = max(
                (self.selection_cost(s, node_type, _NO_DATA, False) for s, _ in node_sets),
                default=0,
            )
            return CONNECTION_BASE + size * (1 + per_node)
        items = self._returned_nodes(value, node_sets)
        total = CONNECTION_BASE
        for per_item in items:
            total += 1 + max(
                (self.selection_cost(sel, node_type, item, False) for sel, item in per_item),
                default=0,
            )
        return total

    @staticmethod
    def _returned_nodes(
        value: Any, node_sets: list[tuple[Any, str]]
    ) -> list[list[tuple[Any, Any]]]:
        """Line up the nodes of `nodes` and `edges.node` selections item by item."""
        columns: list[list[tuple[Any, Any]]] = []
        for selection, key in node_sets:
            if "." in key:
                edges_key, node_key = key.split(".", 1)
                column = [(selection, e.get(node_key)) for e in (value or {}).get(edges_key) or []]
            else:
                column = [(selection, item) for item in (value or {}).get(key) or []]
            columns.append(column)
        size = max((len(c) for c in columns), default=0)
        return [[c[i] for c in columns if i < len(c)] for i in range(size)]


def _root(schema: GraphQLSchema, operation: OperationDefinitionNode) -> Any:
    if operation.operation == OperationType.MUTATION:
        return schema.mutation_type
    return schema.query_type


def requested_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Mapping[str, Any],
) -> int:
    walker = _CostWalker(schema, document, variables, actual=False)
    return walker.selection_cost(operation.selection_set, _root(schema, operation), _NO_DATA, False)


def actual_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Mapping[str, Any],
    data: Mapping[str, Any] | None,
) -> int:
    if data is None:
        return 0
    walker = _CostWalker(schema, document, variables, actual=True)
    return walker.selection_cost(operation.selection_set, _root(schema, operation), data, False)
