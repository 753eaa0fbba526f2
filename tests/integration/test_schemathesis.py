"""Property-based API test: every operation in /openapi.json, bounded, no server errors.

HTML pages (demo, login, admin) are kept out of the OpenAPI document: they are forms,
covered by their own tests; the document describes the JSON API and health check.
The operations are driven from a plain test (schemathesis' pytest plugin predates
pytest 9): per operation, deterministic examples of valid input (as the schema says)
and of invalid input (what the schema rules out), sent with the API token so writes
reach body validation. Every answer is below 500 and carries the security headers.
"""

from __future__ import annotations

import time

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from tests.integration.leads_support import make_app

MAX_EXAMPLES = 25
TOKEN = "schemathesis-token"
SECURITY_HEADERS = ("content-security-policy", "x-content-type-options")


@pytest.fixture
def api_schema(database_url: str):  # type: ignore[no-untyped-def]
    app = make_app(database_url, api_token=TOKEN)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def _run(operation, mode: GenerationMode) -> None:  # type: ignore[no-untyped-def]
    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case) -> None:  # type: ignore[no-untyped-def]
        response = case.call_and_validate(
            headers={"Authorization": f"Bearer {TOKEN}"}, checks=[not_a_server_error]
        )
        assert response.status_code < 500
        for header in SECURITY_HEADERS:
            assert header in response.headers, f"{header} missing ({response.status_code})"

    check()


@pytest.mark.timeout(180)
def test_api_has_no_server_errors(api_schema) -> None:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    failures: dict[str, str] = {}
    runs = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            runs += 1
            try:
                _run(operation, mode)
            except Unsatisfiable:
                # Only strings in the schema (or no parameters): no input is invalid.
                assert mode is GenerationMode.NEGATIVE, operation.label
            except Exception as exc:  # collect every failing operation, not only the first
                failures[f"{operation.label} ({mode.value})"] = (
                    f"{type(exc).__name__}: {str(exc)[:2000]}"
                )
    assert runs >= 10  # 5+ operations, both modes
    assert not failures, "\n\n".join(f"{k}\n{v}" for k, v in failures.items())
    assert time.monotonic() - started < 120


def test_html_pages_are_not_in_the_api_document(api_schema) -> None:  # type: ignore[no-untyped-def]
    paths = set(api_schema.raw_schema["paths"])
    assert not {p for p in paths if p.startswith(("/demo", "/login", "/logout", "/admin"))}
