"""Inputs that used to answer 500, and their kin: each is now a 4xx that says what is
wrong, as a page for browser paths and JSON under /api/, with the security headers.

Also pinned here: the HTML-or-JSON error policy (path and Accept header), and that a
real server error still gets a friendly page with the headers and is re-raised.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.config import Settings
from tests.integration.hostile_support import (
    BROWSER,
    SECURITY_HEADERS,
    Clients,
    hostile_clients,
)
from tests.integration.leads_support import make_app

WORDS_1200 = "+".join(["word"] * 1200)
DIGITS_5000 = "9" * 5000
NOTE = {"title": "Probe", "body": "Long SPY into earnings.", "author": "probe"}


def note(**fields: object) -> str:
    return json.dumps({**NOTE, **fields})


# id, client, method, path, JSON body, expected status, words the message contains
CASES: list[tuple[str, str, str, str, str | None, int, str]] = [
    # -- the probe's findings ------------------------------------------------------
    ("superscript-ref", "browser", "GET", "/research/²", None, 404, "No such research note"),
    ("ref-over-64-bit", "browser", "GET", "/research/9999999999999999999", None, 404,
     "No such research note"),
    ("to-year-9999", "browser", "GET", "/research?to=9999-12-31", None, 422,
     "between 1900-01-01 and 2100-12-31"),
    ("search-1200-words", "browser", "GET", f"/research?q={WORDS_1200}", None, 422,
     "at most 200 characters"),
    ("api-search-1200-words", "browser", "GET", f"/api/v1/research?q={WORDS_1200}", None, 422,
     "at most 200 characters"),
    ("nested-arrays", "writer", "POST", "/api/v1/research", "[" * 100_000 + "]" * 100_000,
     400, "levels deep"),
    ("nested-objects", "writer", "POST", "/api/v1/research",
     '{"a":' * 40_000 + "1" + "}" * 40_000, 400, "levels deep"),
    ("json-5000-digits", "writer", "POST", "/api/v1/research", '{"title": ' + DIGITS_5000 + "}",
     400, "not valid JSON"),
    ("api-page-5000-digits", "browser", "GET", f"/api/v1/research?page={DIGITS_5000}", None,
     422, "whole number from 1 to 100,000"),
    ("api-per-page-5000-digits", "browser", "GET", f"/api/v1/research?per_page={DIGITS_5000}",
     None, 422, "whole number from 1 to 100"),
    ("page-5000-digits", "browser", "GET", f"/research?page={DIGITS_5000}", None, 422,
     "Page must be a whole number"),
    ("published-year-1-offset", "writer", "POST", "/api/v1/research",
     note(published_at="0001-01-01T00:00:00+05:00"), 422, "between 1900 and 2100"),
    ("published-year-9999-offset", "writer", "POST", "/api/v1/research",
     note(published_at="9999-12-31T23:00:00-05:00"), 422, "between 1900 and 2100"),
    ("api-page-20-digits", "browser", "GET", "/api/v1/research?page=99999999999999999999", None,
     422, "whole number from 1 to 100,000"),
    ("api-page-max-int64", "browser", "GET", "/api/v1/research?page=9223372036854775807", None,
     422, "whole number from 1 to 100,000"),
    ("leads-until-9999", "admin", "GET", "/admin/leads?until=9999-12-31", None, 422,
     "between 1900-01-01 and 2100-12-31"),
    ("leads-csv-until-9999", "admin", "GET", "/admin/leads.csv?until=9999-12-31", None, 422,
     "between 1900-01-01 and 2100-12-31"),
    ("lead-id-20-digits", "admin", "GET", "/admin/leads/99999999999999999999", None, 404,
     "No such lead"),
    ("lead-id-int64-plus-1", "admin", "GET", "/admin/leads/9223372036854775808", None, 404,
     "No such lead"),
    ("api-superscript-id", "browser", "GET", "/api/v1/research/²", None, 404, "not found"),
    ("api-id-over-64-bit", "browser", "GET", "/api/v1/research/9223372036854775808", None, 404,
     "not found"),
    ("api-to-year-9999", "browser", "GET", "/api/v1/research?to=9999-12-31", None, 422,
     "between 1900-01-01 and 2100-12-31"),
    ("ref-int64-plus-1", "browser", "GET", "/research/9223372036854775808", None, 404,
     "No such research note"),
    ("ref-5000-digits", "browser", "GET", f"/research/{DIGITS_5000}", None, 404,
     "No such research note"),
    # -- the same classes of bug, found elsewhere ------------------------------------
    ("page-superscript", "browser", "GET", "/research?page=²", None, 422,
     "Page must be a whole number"),
    ("per-page-arabic-digits", "browser", "GET", "/research?per_page=١٢٣", None, 422,
     "Per page must be a whole number"),
    ("per-page-5000-digits", "browser", "GET", f"/research?per_page={DIGITS_5000}", None, 422,
     "Per page must be a whole number"),
    ("search-21-words", "browser", "GET", "/research?q=" + "+".join(["a"] * 21), None, 422,
     "at most 20 words"),
    ("api-search-201-chars", "browser", "GET", "/api/v1/research?q=" + "x" * 201, None, 422,
     "at most 200 characters"),
    ("from-year-1899", "browser", "GET", "/research?from=1899-12-31", None, 422,
     "between 1900-01-01 and 2100-12-31"),
    ("api-label-unknown", "browser", "GET", "/api/v1/research?label=" + "x" * 500, None, 422,
     "must be one of"),
    ("leads-since-year-1", "admin", "GET", "/admin/leads?since=0001-01-01", None, 422,
     "between 1900-01-01 and 2100-12-31"),
    ("leads-page-20-digits", "admin", "GET", "/admin/leads?page=99999999999999999999", None, 422,
     "Page must be a whole number"),
    ("leads-csv-bad-status", "admin", "GET", "/admin/leads.csv?status=nope", None, 422,
     "Status must be one of"),
    ("lead-id-superscript", "admin", "GET", "/admin/leads/²", None, 404, "No such lead"),
    ("symbol-jump-too-long", "browser", "GET", "/tickers?symbol=" + "A" * 17, None, 422,
     "at most 16 characters"),
    ("ticker-symbol-5000-chars", "browser", "GET", "/tickers/" + "A" * 5000, None, 404,
     "No prices for the symbol"),
    ("published-year-1", "writer", "POST", "/api/v1/research", note(published_at="0001-01-01"),
     422, "between 1900 and 2100"),
    ("published-infinite-number", "writer", "POST", "/api/v1/research",
     '{"title": "t", "body": "b", "author": "a", "published_at": 1e999}', 422, "published_at"),
    ("title-lone-surrogate", "writer", "POST", "/api/v1/research",
     '{"title": "\\ud800", "body": "b", "author": "a"}', 422, "valid string"),
    ("field-name-lone-surrogate", "writer", "POST", "/api/v1/research",
     '{"\\ud800": 1, "title": "t", "body": "b", "author": "a"}', 422, "valid string"),
    ("title-nul", "writer", "POST", "/api/v1/research",
     '{"title": "a\\u0000b", "body": "b", "author": "a"}', 422, "NUL character"),
    ("tickers-20000", "writer", "POST", "/api/v1/research",
     note(tickers=[f"T{i}" for i in range(20_000)]), 422, "at most 50 tickers"),
]  # fmt: skip


@pytest.fixture(scope="module")
def clients(
    site_db: tuple[str, Settings], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Clients]:
    with hostile_clients(site_db, tmp_path_factory.mktemp("hostile")) as clients:
        yield clients


def readable(response, json_expected: bool) -> str:  # type: ignore[no-untyped-def]
    """The message a person reads: JSON's "error", or the page's error list (a filter
    form re-rendered) or else its main text (an error page)."""
    if json_expected:
        assert response.headers["content-type"].startswith("application/json")
        return response.json()["error"]
    assert response.headers["content-type"].startswith("text/html")
    page = BeautifulSoup(response.text, "html.parser")
    shown = page.select_one(".form-errors") or page.select_one("main")
    assert shown is not None, response.text[:300]
    return " ".join(shown.get_text(" ").split())


@pytest.mark.parametrize(
    ("who", "method", "path", "body", "status", "words"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_hostile_input_is_a_readable_4xx(
    clients: Clients, who: str, method: str, path: str, body: str | None, status: int, words: str
) -> None:
    client: TestClient = getattr(clients, who)
    headers = {"content-type": "application/json"} if body is not None else {}
    response = client.request(method, path, content=body, headers=headers)
    assert response.status_code == status, response.text[:500]
    for header in SECURITY_HEADERS:
        assert header in response.headers
    message = readable(response, json_expected=path.startswith("/api/"))
    assert words in message
    assert len(message) < 2_000  # a hostile value is never echoed whole


def test_an_over_long_draft_is_refused_before_scoring(clients: Clients) -> None:
    from tests.integration.leads_support import form_tokens

    tokens = form_tokens(clients.admin, "/research/new")
    response = clients.admin.post(
        "/research/preview", data={**tokens, "title": "t", "body": "word " * 20_001}
    )
    assert response.status_code == 422
    assert "longer than 100,000 characters" in response.text
    assert "This draft" not in response.text  # no gauge: nothing was scored


def test_limits_still_accept_their_edges(clients: Clients) -> None:
    at_limit = "+".join(["w"] * 20)
    assert clients.browser.get(f"/research?q={at_limit}").status_code == 200
    assert clients.browser.get("/research?from=1900-01-01&to=2100-12-31").status_code == 200
    assert clients.browser.get("/api/v1/research?page=100000&per_page=100").status_code == 200
    created = clients.writer.post(
        "/api/v1/research",
        content=note(published_at="1900-01-01T00:00:00-05:00"),
        headers={"content-type": "application/json"},
    )
    assert created.status_code == 201, created.text
    assert created.json()["published_at"] == "1900-01-01T05:00:00"


# -- one error policy ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "accept", "json_expected"),
    [
        ("/no/such/page", "text/html", False),
        ("/no/such/page", "application/json", True),
        ("/no/such/page", "application/json, text/html;q=0.5", True),
        ("/no/such/page", "text/html, application/json;q=0.9", False),
        ("/no/such/page", "*/*", False),
        ("/api/v1/nothing-here", "text/html", True),
        ("/research?to=9999-12-31", "application/json", True),
        ("/tickers?symbol=" + "A" * 17, "application/json", True),
    ],
)
def test_errors_follow_the_client(
    clients: Clients, path: str, accept: str, json_expected: bool
) -> None:
    response = clients.browser.get(path, headers={"accept": accept})
    assert 400 <= response.status_code < 500
    kind = response.headers["content-type"]
    assert kind.startswith("application/json" if json_expected else "text/html")
    assert "content-security-policy" in response.headers


def test_json_and_html_answers_are_cached_apart(clients: Clients) -> None:
    path = "/research?from=2100-12-32"
    as_json = clients.browser.get(path, headers={"accept": "application/json"})
    as_page = clients.browser.get(path)
    assert as_json.status_code == as_page.status_code == 422
    assert "use a date like" in as_json.json()["fields"]["from"]
    assert as_page.headers["content-type"].startswith("text/html")
    again = clients.browser.get(path, headers={"accept": "application/json"})
    assert again.json() == as_json.json()


def test_validation_errors_name_the_field_without_echoing_it(clients: Clients) -> None:
    response = clients.browser.get(
        "/tickers?symbol=" + "Z" * 200, headers={"accept": "application/json"}
    )
    body = response.json()
    assert response.status_code == 422 and set(body) == {"error", "fields"}
    assert "at most 16 characters" in body["fields"]["symbol"]
    assert "Z" * 20 not in response.text


# -- a real server error ----------------------------------------------------------------


@pytest.fixture
def failing_app(database_url: str) -> FastAPI:
    app = make_app(database_url)

    @app.get("/boom")
    @app.get("/api/v1/boom")
    def boom() -> None:
        raise RuntimeError("the failure under test")

    return app


@pytest.mark.parametrize(("path", "json_expected"), [("/boom", False), ("/api/v1/boom", True)])
def test_a_server_error_keeps_the_headers(
    failing_app: FastAPI, path: str, json_expected: bool
) -> None:
    client = TestClient(failing_app, raise_server_exceptions=False, headers=BROWSER)
    response = client.get(path)
    assert response.status_code == 500
    for header in SECURITY_HEADERS:
        assert header in response.headers
    assert response.headers["cache-control"] == "no-store"
    message = readable(response, json_expected)
    assert "Something went wrong" in message and "the failure under test" not in message
    assert client.head(path).status_code == 500


def test_a_server_error_is_still_raised_for_the_log(failing_app: FastAPI) -> None:
    with pytest.raises(RuntimeError, match="the failure under test"):
        TestClient(failing_app).get("/boom")


def test_a_server_error_page_survives_a_broken_template(
    failing_app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.web import errors

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("templates unavailable")

    monkeypatch.setattr(errors, "render", broken)
    response = TestClient(failing_app, raise_server_exceptions=False, headers=BROWSER).get("/boom")
    assert response.status_code == 500 and "Something went wrong" in response.text
    assert "content-security-policy" in response.headers
