"""Schemathesis against /api/openapi.json: no 5xx, and every answer is one the document lists.

Bounded so it stays quick and repeatable: a fixed seed, a few valid and a few invalid
examples per operation, no deadline (a slow first request is not a failure). Path
parameters name rows that exist, so generated bodies reach the code behind the 404
check; odd ids are the fuzz test's job.
"""
from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import seed as fixed_seed
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.integration.contract.conftest import seeded_ids

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
EXAMPLES_PER_OPERATION = 16


def test_api_matches_its_openapi_document(contract_app, session):  # type: ignore[no-untyped-def]
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", contract_app)
    rows = seeded_ids(session.shop)
    failures: dict[str, BaseException] = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20

    for operation in operations:
        params = {name: rows[name] for name in ("job_id", "item_id")
                  if f"{{{name}}}" in operation.path}
        query = {"token": session.token} if operation.path == "/api/events" else None
        cases = st.one_of(*(operation.as_strategy(
            mode, path_parameters=params, headers=session.headers, query=query)
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)))

        @fixed_seed(20261202)
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True,
                  database=None, suppress_health_check=list(HealthCheck))
        @given(case=cases)
        def call(case) -> None:  # type: ignore[no-untyped-def]
            response = case.call()
            case.validate_response(response, checks=CHECKS)

        try:
            call()
        except Exception as exc:  # noqa: BLE001 — collect every operation's failure
            failures[operation.label] = exc
    assert not failures, "\n\n".join(f"{label}:\n{exc}" for label, exc in failures.items())
