"""One error policy: every error (4xx and 5xx, from a handler or a middleware that answers
on its own) is a page for a browser and JSON for an API client, with the security headers.

The rule (app.web.negotiation.wants_json): JSON for /api/ paths and for clients that prefer
JSON to HTML; a page for everyone else. Each route family is checked with a browser's
Accept header and with a JSON one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from app import migrate
from app.web.errors import wants_json
from tests.integration.leads_support import (
    PASSWORD,
    add_user,
    client_for,
    form_tokens,
    login,
    make_app,
)

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
ACCEPTS = {"browser": BROWSER, "json": "application/json"}
MAX_FORM_BYTES = 4096
TOO_LARGE = {"message": "x" * (MAX_FORM_BYTES + 1)}


@dataclass(frozen=True)
class Case:
    family: str
    method: str
    path: str
    status: int
    signed_in: bool = False
    form: dict[str, str] | None = None
    with_csrf: bool = False
    # A form shown again with its problems field by field (JSON: "fields").
    fields: bool = False

    @property
    def id(self) -> str:
        return f"{self.family}-{self.status}-{self.method}-{self.path}"


CASES = [
    # Public pages
    Case("public", "GET", "/no-such-page", 404),
    Case("public", "GET", "/tickers/ZZZZZ", 404),
    Case("public", "DELETE", "/", 405),
    Case("public", "POST", "/demo", 403),  # no CSRF token
    Case("public", "POST", "/demo", 413, form=TOO_LARGE),  # the body-limit middleware
    # Research pages
    Case("research", "GET", "/research/999999", 404),
    Case("research", "GET", "/research/not-a-note", 404),
    Case("research", "POST", "/research", 403, signed_in=True),
    # Admin pages
    Case("admin", "GET", "/admin/leads/999999", 404, signed_in=True),
    Case("admin", "GET", "/admin/users/nobody/nothing", 405, signed_in=True),
    Case("admin", "POST", "/admin/users", 403, signed_in=True),
    Case("admin", "POST", "/admin/users", 413, signed_in=True, form=TOO_LARGE),
    Case("admin", "POST", "/admin/users", 422, signed_in=True, with_csrf=True),  # form again
    Case("admin", "POST", "/admin/users/nobody/enable", 404, signed_in=True, with_csrf=True),
    # Alerts
    Case("alerts", "GET", "/alerts?page=x", 422),
    Case("alerts", "POST", "/alerts/rules", 403, signed_in=True),
    Case("alerts", "POST", "/alerts/rules", 413, signed_in=True, form=TOO_LARGE),
    Case("alerts", "POST", "/alerts/rules", 422, signed_in=True, with_csrf=True, fields=True),
    Case("alerts", "POST", "/alerts/rules/999999/delete", 404, signed_in=True, with_csrf=True),
    # Pairs
    Case("pairs", "GET", "/pairs/999999", 404),
    Case("pairs", "POST", "/pairs", 403),
    Case("pairs", "POST", "/pairs/999999/delete", 404, signed_in=True, with_csrf=True),
    Case("pairs", "POST", "/pairs", 422, signed_in=True, with_csrf=True, fields=True),
    # Portfolio
    Case("portfolio", "POST", "/portfolio/saved", 403),
    Case("portfolio", "POST", "/portfolio/saved/999999/delete", 404, True, with_csrf=True),
    # JSON API: JSON whatever the Accept header says
    Case("api", "GET", "/api/v1/tickers/ZZZZZ/metrics", 404),
    Case("api", "GET", "/api/v1/no-such-endpoint", 404),
    Case("api", "GET", "/api/v1/pairs/not-a-number", 422),
    Case("api", "DELETE", "/api/v1/pairs", 405),
    Case("api", "POST", "/api/v1/research", 403),  # writes need authentication
    # Operations
    Case("ops", "GET", "/metrics", 404),  # hidden from this network, like an unknown path
    Case("ops", "POST", "/healthz", 405),
]


def expects_json(path: str, accept: str) -> bool:
    return path.startswith("/api/") or accept == "json"


def assert_policy(response: Response, *, status: int, json_expected: bool) -> None:
    assert response.status_code == status, response.text[:300]
    content_type = response.headers["content-type"]
    if json_expected:
        assert content_type.startswith("application/json"), content_type
        body: Any = response.json()
        assert isinstance(body["error"], str) and body["error"]
    else:
        assert content_type.startswith("text/html"), content_type
        assert response.text.lstrip().lower().startswith("<!doctype html")
        assert "<h1" in response.text
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('errors')) / 'errors.db'}"
    migrate.upgrade(url)
    app = make_app(url, max_form_bytes=MAX_FORM_BYTES, login_rate_limit_ip="2/minute")
    add_user(app, "policy-admin", "admin")

    async def broken() -> None:
        raise RuntimeError("a bug in a route")

    # One broken route per family: what a bug in any handler looks like to the client.
    for path in ("/research/broken/page", "/api/v1/broken", "/admin/broken"):
        app.add_api_route(path, broken)
    return app


@pytest.fixture(scope="module")
def visitor(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def admin(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False, raise_server_exceptions=False) as client:
        assert login(client, "policy-admin").status_code == 303
        yield client


@pytest.mark.parametrize("accept", sorted(ACCEPTS))
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_every_error_follows_the_policy(
    case: Case, accept: str, visitor: TestClient, admin: TestClient
) -> None:
    client = admin if case.signed_in else visitor
    data = dict(case.form or {})
    if case.with_csrf:
        data |= form_tokens(client, "/demo")
    response = client.request(
        case.method, case.path, data=data or None, headers={"Accept": ACCEPTS[accept]}
    )
    json_expected = expects_json(case.path, accept)
    assert_policy(response, status=case.status, json_expected=json_expected)
    if json_expected and case.fields:
        fields = response.json()["fields"]
        assert fields and all(isinstance(message, str) for message in fields.values())


@pytest.mark.parametrize("accept", sorted(ACCEPTS))
@pytest.mark.parametrize("path", ["/research/broken/page", "/api/v1/broken", "/admin/broken"])
def test_a_server_error_follows_the_policy(path: str, accept: str, visitor: TestClient) -> None:
    response = visitor.get(path, headers={"Accept": ACCEPTS[accept]})
    assert_policy(response, status=500, json_expected=expects_json(path, accept))
    assert response.headers["Cache-Control"] == "no-store"
    assert "a bug in a route" not in response.text


@pytest.mark.parametrize("accept", sorted(ACCEPTS))
def test_a_rate_limit_follows_the_policy(app: FastAPI, accept: str) -> None:
    # Its own client address, so the other tests' sign-ins don't count against it.
    client = client_for(app, client=(f"198.51.100.{len(accept)}", 4000))
    tokens = form_tokens(client, "/login")
    wrong = {**tokens, "username": "policy-admin", "password": PASSWORD + "!"}
    headers = {"Accept": ACCEPTS[accept]}
    for _ in range(2):  # refused as wrong, not yet limited
        assert client.post("/login", data=wrong, headers=headers).status_code == 401
    response = client.post("/login", data=wrong, headers=headers)
    assert_policy(response, status=429, json_expected=accept == "json")
    assert int(response.headers["Retry-After"]) > 0


@pytest.mark.parametrize("accept", sorted(ACCEPTS))
@pytest.mark.parametrize("path", ["/", "/research", "/api/v1/pairs"])
def test_an_untrusted_host_follows_the_policy(path: str, accept: str, visitor: TestClient) -> None:
    response = visitor.get(path, headers={"Accept": ACCEPTS[accept], "Host": "evil.example"})
    assert_policy(response, status=400, json_expected=expects_json(path, accept))
    # A plain answer: nothing built from the untrusted host (no links, no og:url).
    assert "evil.example" not in response.text


@pytest.mark.parametrize(
    ("path", "accept", "expected"),
    [
        ("/research", BROWSER, False),
        ("/research", "application/json", True),
        ("/research", "application/json;q=0.5, text/html", False),
        ("/research", "", False),
        ("/api/v1/pairs", BROWSER, True),
        ("/api/v1/pairs", "", True),
    ],
)
def test_one_decision_for_requests_and_bare_scopes(path: str, accept: str, expected: bool) -> None:
    """Middlewares decide on the ASGI scope, handlers on the request: the same answer."""
    from starlette.requests import Request

    headers = [(b"accept", accept.encode())] if accept else []
    scope = {"type": "http", "method": "GET", "path": path, "headers": headers}
    assert wants_json(scope) is expected
    assert wants_json(Request(scope)) is expected
