"""Request a Demo never drops a person's lead: resubmitting after an error, long
messages in any script, the limits the form shows, invisible characters, 413 pages."""

from __future__ import annotations

import time
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from app.db import session_scope
from app.leads import antibot
from app.leads.choices import EMAIL_MAX, MESSAGE_MAX, NAME_MAX
from app.leads.models import Lead
from tests.integration.leads_support import client_for, demo_data, form_tokens, make_app, soup

MIN_FILL = 2.0
CJK = "研"  # 3 bytes in UTF-8, 9 once percent-encoded
ASTRAL = "𝔸"  # 4 bytes in UTF-8, 12 once percent-encoded: the most any character costs


@pytest.fixture
def app(database_url: str):  # type: ignore[no-untyped-def]
    # The real minimum fill time, not the 0 the other tests use.
    return make_app(database_url, demo_min_fill_seconds=MIN_FILL)


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return client_for(app)


def leads(app) -> list[Lead]:  # type: ignore[no-untyped-def]
    with session_scope(app.state.engine) as session:
        return list(session.scalars(select(Lead).order_by(Lead.id)))


def person_tokens(app, client, seconds_ago: float = 3.0) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The form's hidden fields, as if the page had been open for `seconds_ago`."""
    signed = antibot.form_timestamp(app.state.settings.secret_key, time.time() - seconds_ago)
    return {**form_tokens(client), antibot.TIMESTAMP_FIELD: signed}


def hidden_fields(html: str) -> dict[str, str]:
    form = soup(html).select_one("form#demo-form")
    assert form is not None
    return {str(i["name"]): str(i.get("value", "")) for i in form.select("input[type=hidden]")}


@pytest.mark.parametrize("htmx", [False, True])
def test_fixing_an_error_and_resubmitting_at_once_stores_exactly_one_lead(  # type: ignore[no-untyped-def]
    app, client, htmx: bool
) -> None:
    headers = {"HX-Request": "true"} if htmx else {}
    first = client.post(
        "/demo", data={**person_tokens(app, client), **demo_data(consent="")}, headers=headers
    )
    assert first.status_code == (200 if htmx else 422)
    assert soup(first.text).select_one("#consent-error") is not None
    assert soup(first.text).select_one("[data-reference]") is None
    # The person ticks the box and sends again well within the minimum fill time.
    again = {**hidden_fields(first.text), **demo_data()}
    second = client.post("/demo", data=again, headers=headers)
    assert second.status_code == 200
    reference = soup(second.text).select_one("[data-reference]").get_text()
    stored = leads(app)
    assert [lead.reference for lead in stored] == [reference]


def test_the_rerendered_form_keeps_the_first_render_time(app, client) -> None:  # type: ignore[no-untyped-def]
    secret = app.state.settings.secret_key
    tokens = person_tokens(app, client, seconds_ago=30)
    first_render = antibot.rendered_at(secret, tokens[antibot.TIMESTAMP_FIELD])
    again = client.post("/demo", data={**tokens, **demo_data(email="nope")})
    carried = hidden_fields(again.text)[antibot.TIMESTAMP_FIELD]
    assert antibot.rendered_at(secret, carried) == first_render


def test_a_fast_submission_with_errors_gets_the_errors_not_a_fake_success(app, client) -> None:  # type: ignore[no-untyped-def]
    # A fresh page submitted at once (autofill): the person must see what to fix.
    response = client.post("/demo", data={**form_tokens(client), **demo_data(consent="")})
    assert response.status_code == 422
    page = soup(response.text)
    assert page.select_one("#consent-error") is not None
    assert page.select_one("[data-reference]") is None


def test_a_forged_timestamp_is_replaced_on_rerender_and_still_a_bot(app, client) -> None:  # type: ignore[no-untyped-def]
    tokens = {**form_tokens(client), antibot.TIMESTAMP_FIELD: "forged"}
    again = client.post("/demo", data={**tokens, **demo_data(consent="")})
    carried = hidden_fields(again.text)[antibot.TIMESTAMP_FIELD]
    # A fresh time: resubmitting at once is too fast, so a bot learns nothing from errors.
    assert antibot.rendered_at(app.state.settings.secret_key, carried) is not None
    bot = client.post("/demo", data={**hidden_fields(again.text), **demo_data()})
    assert soup(bot.text).select_one("[data-reference]") is not None
    assert leads(app) == []


def test_a_message_of_2000_cjk_characters_is_stored(app, client) -> None:  # type: ignore[no-untyped-def]
    data = {**person_tokens(app, client), **demo_data(message=CJK * MESSAGE_MAX)}
    assert len(urlencode(data, doseq=True)) > 16 * 1024  # over the old limit
    response = client.post("/demo", data=data)
    assert response.status_code == 200
    assert leads(app)[0].message == CJK * MESSAGE_MAX


def test_a_maximal_form_in_any_script_fits_the_body_limit(app, client) -> None:  # type: ignore[no-untyped-def]
    limit = app.state.settings.max_form_bytes
    longest = {
        "full_name": ASTRAL * NAME_MAX,
        "company": ASTRAL * NAME_MAX,
        "message": ASTRAL * MESSAGE_MAX,
        "aum": "$100M–$1B",
        "interests": ["research", "alerts", "portfolio_analytics"],
    }
    data = {**person_tokens(app, client), **demo_data(**longest)}
    # Even an email at its 320-character maximum in 4-byte characters would fit.
    worst = {**data, "email": ASTRAL * EMAIL_MAX}
    assert len(urlencode(worst, doseq=True)) < limit
    assert limit <= 128 * 1024  # still a bounded limit
    response = client.post("/demo", data=data)
    assert response.status_code == 200
    lead = leads(app)[0]
    assert lead.message == ASTRAL * MESSAGE_MAX and lead.full_name == ASTRAL * NAME_MAX


def test_line_breaks_count_once_as_the_browser_counts_them(app, client) -> None:  # type: ignore[no-untyped-def]
    # The textarea counts a line break as one character; the browser sends CRLF.
    message = "\r\n".join(["x" * 190] * 10) + "y" * (MESSAGE_MAX - 1900 - 9)
    assert len(message.replace("\r\n", "\n")) == MESSAGE_MAX < len(message)
    data = {**person_tokens(app, client), **demo_data(message=message)}
    response = client.post("/demo", data=data)
    assert response.status_code == 200
    stored = leads(app)[0].message
    assert "\r" not in stored and len(stored) == MESSAGE_MAX


def test_a_body_over_the_limit_is_a_friendly_413_page(app, client) -> None:  # type: ignore[no-untyped-def]
    limit = app.state.settings.max_form_bytes
    data = {**form_tokens(client), **demo_data(message="x" * (limit + 1))}
    for headers in ({}, {"HX-Request": "true"}):
        response = client.post("/demo", data=data, headers=headers)
        assert response.status_code == 413
        assert response.headers["content-type"].startswith("text/html")
        assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        page = soup(response.text)
        assert page.select_one("#error-title").get_text() == "Request too large"
        text = page.get_text(" ")
        assert "Shorten" in text and f"{limit // 1024} KB" in text
    assert leads(app) == []


@pytest.mark.parametrize("field", ["full_name", "company", "message"])
def test_bidi_controls_are_dropped_from_lead_fields(app, client, field: str) -> None:  # type: ignore[no-untyped-def]
    sneaky = "Acme \u202eCorp\u202c \u2066x\u2069 \u202a\u202b\u202d\u2067\u2068"
    data = {**person_tokens(app, client), **demo_data(**{field: sneaky})}
    assert client.post("/demo", data=data).status_code == 200
    assert getattr(leads(app)[0], field) == "Acme Corp x"


def test_nul_in_the_message_is_a_field_error_not_a_server_error(app, client) -> None:  # type: ignore[no-untyped-def]
    data = {**person_tokens(app, client), **demo_data(message="hello\x00world")}
    response = client.post("/demo", data=data)
    assert response.status_code == 422
    assert "characters we can't accept" in soup(response.text).select_one("#message-error").text
    assert leads(app) == []


def test_required_fields_are_marked_and_maxlengths_are_the_server_limits(client) -> None:  # type: ignore[no-untyped-def]
    page = soup(client.get("/demo").text)
    form = page.select_one("form#demo-form")
    for name in ("full_name", "email", "company", "role", "aum", "consent"):
        control = form.select_one(f"[name={name}]")
        assert control.has_attr("required") and control["aria-required"] == "true", name
        label = form.select_one(f"label[for={name}]") or control.find_parent("label")
        assert label.select_one(".required-mark") is not None, name
    for name in ("message",):
        assert not form.select_one(f"[name={name}]").has_attr("required")
    assert "Required" in form.select_one(".form-note").get_text()
    maxlength = {name: int(form.select_one(f"[name={name}]")["maxlength"]) for name in
                 ("full_name", "email", "company", "message")}  # fmt: skip
    assert maxlength == {
        "full_name": NAME_MAX, "email": EMAIL_MAX, "company": NAME_MAX, "message": MESSAGE_MAX
    }  # fmt: skip
    assert f"{MESSAGE_MAX:,} characters" in form.get_text(" ")


def test_the_form_has_an_alert_region_and_says_what_to_do_for_each_failure(client) -> None:  # type: ignore[no-untyped-def]
    form = soup(client.get("/demo").text).select_one("form#demo-form")
    region = form.select_one("[data-form-alert]")
    assert region["role"] == "alert" and region.get_text() == ""
    for key in ("403", "413", "422", "429", "5xx", "other", "network", "timeout"):
        assert form[f"data-alert-{key}"], key
    assert "Reload the page" in form["data-alert-403"] and "{wait}" in form["data-alert-429"]
    assert form["data-swap-errors"].split() == ["422", "429"]
    assert '"timeout"' in form["hx-request"]


def test_htmx_rate_limit_says_how_long_to_wait_and_keeps_the_input(database_url: str) -> None:
    app = make_app(database_url, demo_rate_limit_email="1/hour")
    client = client_for(app)
    assert client.post("/demo", data={**form_tokens(client), **demo_data()}).status_code == 200
    response = client.post(
        "/demo",
        data={**form_tokens(client), **demo_data(company="Second try LP")},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 429 and response.headers["Retry-After"] == "600"
    fragment = soup(response.text)
    assert "try again in 10 minutes" in fragment.select_one("[data-form-alert]").get_text()
    assert fragment.select_one("input[name=company]")["value"] == "Second try LP"


def test_an_oversized_api_body_is_refused_as_json() -> None:
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    from app.web.middleware.body_limit import BodySizeLimitMiddleware

    async def echo(request):  # type: ignore[no-untyped-def]
        return PlainTextResponse(str(len(await request.body())))

    inner = Starlette(routes=[Route("/api/v1/things", echo, methods=["POST"])])
    guarded = BodySizeLimitMiddleware(inner, max_bytes=1024, path_prefixes=("/api",))
    client = TestClient(guarded)
    assert client.post("/api/v1/things", content=b"x" * 1024).text == "1024"
    response = client.post("/api/v1/things", content=b"x" * 1025)
    assert response.status_code == 413
    assert "larger than this form accepts (1 KB)" in response.json()["error"]
