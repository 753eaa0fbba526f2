"""Request a Demo under abuse: CSRF, bots, rate limits, oversized bodies."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from app.db import session_scope
from app.leads import antibot
from app.leads.models import Lead
from tests.integration.leads_support import client_for, demo_data, form_tokens, make_app, soup


def lead_count(app) -> int:  # type: ignore[no-untyped-def]
    with session_scope(app.state.engine) as session:
        return session.scalar(select(func.count(Lead.id))) or 0


@pytest.fixture
def app(database_url: str):  # type: ignore[no-untyped-def]
    return make_app(database_url)


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return client_for(app)


def test_post_without_csrf_token_is_403(app, client) -> None:  # type: ignore[no-untyped-def]
    tokens = form_tokens(client)
    tokens.pop("csrf_token")
    response = client.post("/demo", data={**tokens, **demo_data()})
    assert response.status_code == 403
    assert "expired" in soup(response.text).get_text()
    assert lead_count(app) == 0


def test_post_with_forged_token_or_no_cookie_is_403(app, client) -> None:  # type: ignore[no-untyped-def]
    tokens = form_tokens(client)
    forged = client.post("/demo", data={**tokens, **demo_data(), "csrf_token": "0" * 40})
    assert forged.status_code == 403
    stranger = client_for(app)  # has the token from the page but not the cookie
    assert stranger.post("/demo", data={**tokens, **demo_data()}).status_code == 403
    assert lead_count(app) == 0


def test_token_from_another_app_secret_is_403(database_url: str) -> None:
    other = client_for(make_app(database_url, secret_key="another-secret-entirely-xyz"))
    tokens = form_tokens(other)
    app = make_app(database_url)
    client = client_for(app, cookies=dict(other.cookies))
    assert client.post("/demo", data={**tokens, **demo_data()}).status_code == 403


def test_two_tabs_keep_valid_tokens(app, client) -> None:  # type: ignore[no-untyped-def]
    first = form_tokens(client)
    second = form_tokens(client)
    assert first["csrf_token"] == second["csrf_token"]
    assert client.post("/demo", data={**first, **demo_data()}).status_code == 200


def test_honeypot_gets_a_normal_looking_success_and_nothing_stored(app, client) -> None:  # type: ignore[no-untyped-def]
    data = {**form_tokens(client), **demo_data(website="http://spam.example")}
    response = client.post("/demo", data=data)
    assert response.status_code == 200
    reference = soup(response.text).select_one("[data-reference]").get_text()
    assert reference.startswith("DSP-") and len(reference) == 10
    assert lead_count(app) == 0


def test_a_file_in_the_honeypot_marks_a_bot_too(app, client) -> None:  # type: ignore[no-untyped-def]
    data = {**form_tokens(client), **demo_data()}
    files = {"website": ("site.txt", b"http://spam.example", "text/plain")}
    response = client.post("/demo", data=data, files=files)
    assert response.status_code == 200
    assert soup(response.text).select_one("[data-reference]") is not None
    assert lead_count(app) == 0


def test_too_fast_submission_is_treated_as_a_bot(database_url: str) -> None:
    app = make_app(database_url, demo_min_fill_seconds=2)
    client = client_for(app)
    response = client.post("/demo", data={**form_tokens(client), **demo_data()})
    assert response.status_code == 200
    assert soup(response.text).select_one("[data-reference]") is not None
    assert lead_count(app) == 0
    # The same form, signed 3 s ago, is a person.
    secret = app.state.settings.secret_key
    tokens = {**form_tokens(client), "form_ts": antibot.form_timestamp(secret, time.time() - 3)}
    assert client.post("/demo", data={**tokens, **demo_data()}).status_code == 200
    assert lead_count(app) == 1


def test_missing_or_tampered_timestamp_is_a_bot(app, client) -> None:  # type: ignore[no-untyped-def]
    tokens = form_tokens(client)
    for ts in ("", tokens["form_ts"] + "x", "eyJ0IjowfQ.bad.sig"):
        response = client.post("/demo", data={**tokens, **demo_data(), "form_ts": ts})
        assert response.status_code == 200
    assert lead_count(app) == 0


def test_rate_limit_per_client_address(database_url: str) -> None:
    app = make_app(database_url, demo_rate_limit_ip="3/hour")
    client = client_for(app)
    statuses = [
        client.post(
            "/demo", data={**form_tokens(client), **demo_data(email=f"p{i}@firm-{i}.com")}
        ).status_code
        for i in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    last = client.post("/demo", data={**form_tokens(client), **demo_data()})
    assert last.status_code == 429 and int(last.headers["Retry-After"]) > 0
    page = soup(last.text)
    assert page.find("html") is not None and "try again" in page.get_text()
    assert lead_count(app) == 3


def test_rate_limit_per_email_across_addresses(database_url: str) -> None:
    app = make_app(database_url, demo_rate_limit_email="2/hour")
    statuses = []
    for i in range(3):  # three different client addresses, one email
        client = client_for(app, client=(f"10.0.0.{i + 1}", 5000))
        response = client.post("/demo", data={**form_tokens(client), **demo_data()})
        statuses.append(response.status_code)
    assert statuses == [200, 200, 429]
    assert lead_count(app) == 1


def test_htmx_rate_limited_answer_is_the_panel(database_url: str) -> None:
    app = make_app(database_url, demo_rate_limit_ip="1/hour")
    client = client_for(app)
    client.post("/demo", data={**form_tokens(client), **demo_data()})
    response = client.post(
        "/demo", data={**form_tokens(client), **demo_data()}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 429
    fragment = soup(response.text)
    assert fragment.find("html") is None
    assert "try again" in fragment.select_one("#demo-panel [role=alert]").get_text()


def test_oversized_body_is_413_by_content_length(app, client) -> None:  # type: ignore[no-untyped-def]
    limit = app.state.settings.max_form_bytes
    data = {**form_tokens(client), **demo_data(message="x" * (limit + 1))}
    response = client.post("/demo", data=data)
    assert response.status_code == 413
    assert "too large" in soup(response.text).get_text()
    assert lead_count(app) == 0


def test_oversized_chunked_body_is_413_without_content_length(app, client) -> None:  # type: ignore[no-untyped-def]
    tokens = form_tokens(client)

    def chunks():  # type: ignore[no-untyped-def]
        yield f"csrf_token={tokens['csrf_token']}&message=".encode()
        for _ in range(app.state.settings.max_form_bytes // 1024 + 1):
            yield b"y" * 1024

    response = client.post(
        "/demo",
        content=chunks(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert response.status_code == 413


def test_lying_content_length_is_still_counted(app) -> None:  # type: ignore[no-untyped-def]
    import asyncio

    body = b"message=" + b"z" * (app.state.settings.max_form_bytes + 1)
    sent: list[dict] = []

    async def run() -> None:
        chunks = [body[i : i + 4096] for i in range(0, len(body), 4096)]

        async def receive():  # type: ignore[no-untyped-def]
            chunk = chunks.pop(0)
            return {"type": "http.request", "body": chunk, "more_body": bool(chunks)}

        async def send(message):  # type: ignore[no-untyped-def]
            sent.append(message)

        scope = {
            "type": "http", "method": "POST", "path": "/demo", "raw_path": b"/demo",
            "query_string": b"", "root_path": "", "scheme": "http", "http_version": "1.1",
            "server": ("testserver", 80), "client": ("127.0.0.1", 1234),
            "headers": [
                (b"host", b"testserver"),
                (b"content-type", b"application/x-www-form-urlencoded"),
                (b"content-length", b"100"),
            ],
        }  # fmt: skip
        await app(scope, receive, send)

    asyncio.run(run())
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 413


def test_small_bodies_elsewhere_are_not_limited(client) -> None:  # type: ignore[no-untyped-def]
    # The limit guards HTML form posts; it doesn't apply to unrelated paths.
    response = client.post("/healthz", content=b"x" * 70_000)
    assert response.status_code == 405
