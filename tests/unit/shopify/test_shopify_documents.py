"""Every GraphQL document is valid against the real 2026-10 schema and uses
nothing deprecated; names match files; built variables fit their types."""
from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLSchema,
    OperationDefinitionNode,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    build_client_schema,
    coerce_input_value,
    parse,
    type_from_ast,
    validate,
    visit,
)

from shopify_app.shopify import documents
from shopify_app.shopify.alt_text import AltTextChange
from shopify_app.shopify.metafields import MetafieldChange
from shopify_app.shopify.prices import PriceChange
from shopify_app.shopify.products import ProductFields
from shopify_app.shopify.writes import ProductTextChange

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "data" / "admin_2026-10.json.gz"
GRAPHQL_DIR = Path(documents.__file__).parent / "graphql"


@pytest.fixture(scope="module")
def schema() -> GraphQLSchema:
    with gzip.open(SCHEMA_FILE, "rt", encoding="utf-8") as handle:
        data = json.load(handle)["data"]
    built = build_client_schema(data)
    built._validation_errors = []  # the published schema is taken as it is
    return built


def deprecated_uses(schema: GraphQLSchema, text: str) -> list[str]:
    """Every deprecated field, argument, input field or enum value a document uses."""
    type_info = TypeInfo(schema)
    found: list[str] = []

    class Check(Visitor):
        def enter_field(self, node: Any, *_: Any) -> None:
            field = type_info.get_field_def()
            if field is not None and field.deprecation_reason:
                found.append(f"field {type_info.get_parent_type()}.{node.name.value}")

        def enter_argument(self, node: Any, *_: Any) -> None:
            arg = type_info.get_argument()
            if arg is not None and arg.deprecation_reason:
                found.append(f"argument {node.name.value}")

        def enter_object_field(self, node: Any, *_: Any) -> None:
            parent = type_info.get_parent_input_type()
            if isinstance(parent, GraphQLInputObjectType):
                field = parent.fields.get(node.name.value)
                if field is not None and field.deprecation_reason:
                    found.append(f"input field {parent.name}.{node.name.value}")

        def enter_enum_value(self, node: Any, *_: Any) -> None:
            value = type_info.get_enum_value()
            if value is not None and value.deprecation_reason:
                found.append(f"enum value {node.value}")

    visit(parse(text), TypeInfoVisitor(type_info, Check()))
    return found


def deprecated_in_value(type_: Any, value: Any, path: str = "") -> list[str]:
    """Deprecated input fields / enum values inside a variables value."""
    if isinstance(type_, GraphQLNonNull):
        return deprecated_in_value(type_.of_type, value, path)
    if value is None:
        return []
    if isinstance(type_, GraphQLList):
        items = value if isinstance(value, list) else [value]
        return [d for item in items for d in deprecated_in_value(type_.of_type, item, path)]
    if isinstance(type_, GraphQLInputObjectType):
        found = []
        for key, item in value.items():
            field = type_.fields[key]
            if field.deprecation_reason:
                found.append(f"{path}{type_.name}.{key}")
            found += deprecated_in_value(field.type, item, f"{path}{key}.")
        return found
    if isinstance(type_, GraphQLEnumType):
        enum_value = type_.values.get(value)
        return [f"{path}{value}"] if enum_value and enum_value.deprecation_reason else []
    return []


ALL_OPERATIONS = documents.operation_names()


@pytest.mark.parametrize("name", ALL_OPERATIONS)
def test_document_is_valid_against_the_schema(schema: GraphQLSchema, name: str) -> None:
    errors = validate(schema, documents.load(name).ast)
    assert errors == [], [e.message for e in errors]


@pytest.mark.parametrize("name", ALL_OPERATIONS)
def test_document_uses_nothing_deprecated(schema: GraphQLSchema, name: str) -> None:
    assert deprecated_uses(schema, documents.load(name).text) == []


def test_the_deprecation_check_catches_deprecated_uses(schema: GraphQLSchema) -> None:
    text = """
    mutation M($p: ProductInput) {
      productUpdate(input: $p) { product { bodyHtml images(first: 1) { nodes { id } } } }
      stagedUploadsCreate(input: [{resource: PRODUCT_IMAGE, filename: "a", mimeType: "b"}]) {
        userErrors { message }
      }
    }"""
    found = deprecated_uses(schema, text)
    assert "argument input" in found
    assert "field Product.bodyHtml" in found
    assert "field Product.images" in found
    assert "enum value PRODUCT_IMAGE" in found


def test_every_graphql_file_is_a_named_operation_or_a_used_fragment() -> None:
    files = sorted(p for p in GRAPHQL_DIR.rglob("*.graphql"))
    operation_names, fragment_names = [], []
    for path in files:
        definitions = parse(path.read_text()).definitions
        assert len(definitions) == 1, f"{path.name} must hold one definition"
        definition = definitions[0]
        assert definition.name is not None, f"{path.name} has an unnamed definition"
        assert definition.name.value == path.stem, f"{path.name} defines {definition.name.value}"
        if isinstance(definition, OperationDefinitionNode):
            assert path.parent == GRAPHQL_DIR
            operation_names.append(path.stem)
        else:
            assert path.parent.name == "fragments"
            fragment_names.append(path.stem)
    assert len(set(operation_names)) == len(operation_names)
    assert sorted(operation_names) == ALL_OPERATIONS
    used = {f for name in ALL_OPERATIONS for f in documents.load(name).fragments}
    assert used == set(fragment_names) == set(documents.fragment_names())


def test_unknown_operation_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        documents.load("NoSuchOperation")


def test_inlined_bulk_export_is_valid_and_variable_free(schema: GraphQLSchema) -> None:
    fields = ProductFields(media=True, variants=True, collections=True,
                           metafield=("custom", "material"))
    text = documents.inline_document(
        "BulkProductsExport", {**fields.variables(), "query": 'tag:"a \\"b\\" c"'})
    assert validate(schema, parse(text)) == []
    assert "$" not in text and "@include" not in text and "..." in text
    assert deprecated_uses(schema, text) == []
    # A switched-off part disappears from the text.
    lean = documents.inline_document("BulkProductsExport",
                                     {**ProductFields().variables(), "query": None})
    assert "media" not in lean and "descriptionHtml" in lean


def test_inlined_bulk_sku_lookup_is_valid_and_variable_free(schema: GraphQLSchema) -> None:
    from shopify_app.shopify.sku_lookup import bulk_variants_query

    text = bulk_variants_query('sku:"A\\"1" OR sku:"B"', 300)
    assert validate(schema, parse(text)) == []
    assert "$" not in text and deprecated_uses(schema, text) == []


def _check_variables(schema: GraphQLSchema, name: str, variables: dict[str, Any]) -> None:
    operation = documents.load(name).operation
    for definition in operation.variable_definitions:
        var_name = definition.variable.name.value
        var_type = type_from_ast(schema, definition.type)
        if var_name not in variables:
            assert not isinstance(var_type, GraphQLNonNull) or definition.default_value, var_name
            continue
        coerce_input_value(variables[var_name], var_type)  # raises when it does not fit
        assert deprecated_in_value(var_type, variables[var_name]) == []


def test_variables_built_by_the_library_fit_their_types(schema: GraphQLSchema) -> None:
    change = ProductTextChange("gid://shopify/Product/1", description_html="<p>x</p>",
                               seo_title="T", seo_description="D")
    _check_variables(schema, "ProductUpdateText", {"product": change.product_input()})
    alt = AltTextChange("gid://shopify/MediaImage/2", "A red cup")
    _check_variables(schema, "FileUpdateAlt", {"files": [{"id": alt.media_id, "alt": alt.alt}]})
    metafield = MetafieldChange("gid://shopify/Product/1", "custom", "k", "v",
                                type="single_line_text_field", compare_digest="abc")
    _check_variables(schema, "MetafieldsSet", {"metafields": [metafield.as_input()]})
    prices = [PriceChange("gid://shopify/ProductVariant/1", "gid://shopify/Product/1",
                          price="12.90", compare_at_price="15.00"),
              PriceChange("gid://shopify/ProductVariant/2", "gid://shopify/Product/1",
                          clear_compare_at=True)]
    _check_variables(schema, "ProductVariantsBulkUpdatePrices", {
        "productId": "gid://shopify/Product/1", "variants": [p.as_input() for p in prices]})
    _check_variables(schema, "VariantPricesByIds", {"ids": ["gid://shopify/ProductVariant/1"]})
    _check_variables(schema, "StagedUploadsCreate", {"input": [{
        "resource": "BULK_MUTATION_VARIABLES", "filename": "x.jsonl",
        "mimeType": "text/jsonl", "httpMethod": "POST"}]})
    fields = ProductFields(media=True, metafield=("custom", "k")).variables()
    _check_variables(schema, "ProductsPage", {**fields, "first": 10, "after": None,
                                              "query": "tag:x"})
    _check_variables(schema, "ProductsByIds", {**fields, "ids": ["gid://shopify/Product/1"]})
