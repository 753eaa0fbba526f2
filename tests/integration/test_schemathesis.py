"""Property-based API test: every operation in /openapi.json, bounded, no server errors.

HTML pages (demo, login, admin) are kept out of the OpenAPI document: they are forms,
covered by their own tests; the document describes the JSON API and health check.
The operations are driven from a plain test (schemathesis' pytest plugin predates
pytest 9): 25 deterministic examples per operation.
"""

from __future__ import annotations

import time

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from tests.integration.leads_support import make_app

MAX_EXAMPLES = 25


@pytest.fixture
def api_schema(database_url: str):  # type: ignore[no-untyped-def]
    app = make_app(database_url, api_token=None)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.mark.timeout(120)
def test_api_has_no_server_errors(api_schema) -> None:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    failures: dict[str, str] = {}
    operations = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @settings(
            max_examples=MAX_EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate(checks=[not_a_server_error])

        try:
            check()
        except Exception as exc:  # collect every failing operation, not only the first
            failures[operation.label] = f"{type(exc).__name__}: {str(exc)[:2000]}"
    assert operations > 0
    assert not failures, "\n\n".join(f"{k}\n{v}" for k, v in failures.items())
    assert time.monotonic() - started < 60


def test_html_pages_are_not_in_the_api_document(api_schema) -> None:  # type: ignore[no-untyped-def]
    paths = set(api_schema.raw_schema["paths"])
    assert not {p for p in paths if p.startswith(("/demo", "/login", "/logout", "/admin"))}
