"""The shape of a bulk query: Shopify's limits on it, and JSONL flattening of its result.

Nested connection nodes become lines of their own carrying `__parentId`,
written right after their parent; everything else stays inline.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
    get_named_type,
)

from .cost import included

MAX_CONNECTIONS = 5
MAX_LEVELS = 2  # a top-level connection and one nested level


def is_connection(named: Any) -> bool:
    fields = getattr(named, "fields", None)
    return bool(named.name.endswith("Connection") and fields and "pageInfo" in fields)


def _key(field: FieldNode) -> str:
    return field.alias.value if field.alias else field.name.value


class BulkShape:
    def __init__(self, schema: GraphQLSchema, document: DocumentNode) -> None:
        self.schema = schema
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }

    def fields(
        self, selection_set: SelectionSetNode | None, parent: Any
    ) -> list[tuple[FieldNode, Any]]:
        """(field, the type it is selected on), looking through fragments."""
        out: list[tuple[FieldNode, Any]] = []
        for selection in selection_set.selections if selection_set else ():
            if not included(selection, {}):
                continue
            if isinstance(selection, FieldNode):
                out.append((selection, parent))
                continue
            if isinstance(selection, FragmentSpreadNode):
                fragment: Any = self.fragments.get(selection.name.value)
            else:
                assert isinstance(selection, InlineFragmentNode)
                fragment = selection
            if fragment is None:
                continue
            condition = fragment.type_condition
            inner = self.schema.get_type(condition.name.value) if condition else parent
            out.extend(self.fields(fragment.selection_set, inner))
        return out

    def _connection_of(self, field: FieldNode, owner: Any) -> Any:
        field_def = (
            getattr(owner, "fields", {}).get(field.name.value) if owner is not None else None
        )
        if field_def is None:
            return None
        named = get_named_type(field_def.type)
        return named if is_connection(named) else None

    def node_selections(
        self, field: FieldNode, conn: Any
    ) -> list[tuple[str, str | None, Any, Any]]:
        """(data key, edge's node key or None, node selection set, node type)."""
        node_type = get_named_type(conn.fields["nodes"].type)
        edge_type = get_named_type(conn.fields["edges"].type)
        out = []
        for sub, _ in self.fields(field.selection_set, conn):
            if sub.name.value == "nodes":
                out.append((_key(sub), None, sub.selection_set, node_type))
            elif sub.name.value == "edges":
                for edge_field, _ in self.fields(sub.selection_set, edge_type):
                    if edge_field.name.value == "node":
                        out.append(
                            (_key(sub), _key(edge_field), edge_field.selection_set, node_type)
                        )
        return out

    # -- Shopify's rules ------------------------------------------------------------------
    def problems(self, selection_set: SelectionSetNode, root: Any) -> list[str]:
        found: list[str] = []
        count = self._check(selection_set, root, 0, found)
        if count == 0:
            found.append("Bulk queries must contain at least one connection.")
        if count > MAX_CONNECTIONS:
            found.append(f"Bulk queries cannot contain more than {MAX_CONNECTIONS} connections.")
        return found

    def _check(self, selection_set: Any, parent: Any, level: int, found: list[str]) -> int:
        count = 0
        for field, owner in self.fields(selection_set, parent):
            conn = self._connection_of(field, owner)
            if conn is None:
                field_def = getattr(owner, "fields", {}).get(field.name.value) if owner else None
                if field.selection_set is not None and field_def is not None:
                    count += self._check(
                        field.selection_set, get_named_type(field_def.type), level, found
                    )
                continue
            count += 1
            if level + 1 > MAX_LEVELS:
                found.append(
                    f"Bulk queries cannot contain connections with a nesting depth greater "
                    f"than {MAX_LEVELS} ('{field.name.value}')."
                )
                continue
            for _, _, node_sel, node_type in self.node_selections(field, conn):
                nested = self._check(node_sel, node_type, level + 1, found)
                count += nested
                if nested and not any(
                    f.name.value == "id" and f.alias is None
                    for f, _ in self.fields(node_sel, node_type)
                ):
                    found.append(
                        f"The nodes of '{field.name.value}' have a nested connection, so they "
                        "must select the 'id' field."
                    )
        return count

    # -- JSONL ----------------------------------------------------------------------------
    def flatten(
        self, selection_set: SelectionSetNode, root: Any, data: dict[str, Any]
    ) -> tuple[list, int]:
        """All lines, and how many of them are top-level objects."""
        lines: list[dict[str, Any]] = []
        roots = 0
        for field, owner in self.fields(selection_set, root):
            conn = self._connection_of(field, owner)
            if conn is None:
                continue
            for node, node_sel, node_type in self._nodes(field, conn, data.get(_key(field))):
                roots += 1
                self._emit(node, node_sel, node_type, None, lines)
        return lines, roots

    def _nodes(self, field: FieldNode, conn: Any, value: Any) -> list[tuple[dict, Any, Any]]:
        if not value:
            return []
        for data_key, edge_key, node_sel, node_type in self.node_selections(field, conn):
            items = value.get(data_key) or []
            if edge_key is not None:
                items = [edge.get(edge_key) for edge in items]
            # `nodes` and `edges.node` hold the same objects: one of them is enough
            return [(item, node_sel, node_type) for item in items if item is not None]
        return []

    def _emit(
        self,
        node: dict[str, Any],
        selection_set: Any,
        node_type: Any,
        parent_id: str | None,
        lines: list[dict[str, Any]],
    ) -> None:
        nested = []
        for field, owner in self.fields(selection_set, node_type):
            conn = self._connection_of(field, owner)
            if conn is not None:
                nested.append((field, conn))
        hidden = {_key(field) for field, _ in nested}
        line = {k: v for k, v in node.items() if k not in hidden}
        if parent_id is not None:
            line["__parentId"] = parent_id
        lines.append(line)
        for field, conn in nested:
            for child, child_sel, child_type in self._nodes(field, conn, node.get(_key(field))):
                self._emit(child, child_sel, child_type, node.get("id"), lines)
