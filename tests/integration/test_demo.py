"""Request a Demo: the form, validation, confirmation and storage."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.db import session_scope
from app.leads.models import Lead, LeadEvent
from app.notify.models import OutboxMessage
from tests.integration.leads_support import client_for, demo_data, form_tokens, make_app, soup

XSS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
SQLI = ["Robert'); DROP TABLE leads;--", "' OR '1'='1", "1; SELECT * FROM users --"]


@pytest.fixture
def app(database_url: str):  # type: ignore[no-untyped-def]
    return make_app(database_url)


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return client_for(app)


def leads(app) -> list[Lead]:  # type: ignore[no-untyped-def]
    with session_scope(app.state.engine) as session:
        return list(session.scalars(select(Lead).order_by(Lead.id)))


def test_form_has_every_field_and_a_hidden_honeypot(client) -> None:  # type: ignore[no-untyped-def]
    page = soup(client.get("/demo").text)
    form = page.select_one("form#demo-form")
    assert form is not None
    assert form["method"] == "post" and form["action"] == "/demo"
    assert form["hx-post"] == "/demo"
    names = {el["name"] for el in form.select("[name]")}
    assert names >= {
        "full_name",
        "email",
        "company",
        "role",
        "aum",
        "interests",
        "message",
        "consent",
        "csrf_token",
        "website",
    }
    roles = [o["value"] for o in form.select("select[name=role] option") if o["value"]]
    assert roles == ["Portfolio Manager", "Analyst", "CIO", "Trader", "Other"]
    interests = [i["value"] for i in form.select("input[name=interests]")]
    assert interests == ["research", "alerts", "portfolio_analytics"]
    assert form.select_one("input[name=consent]").has_attr("required")
    honeypot = form.select_one("input[name=website]")
    assert honeypot["tabindex"] == "-1" and honeypot["autocomplete"] == "off"
    wrapper = honeypot.find_parent(class_="hp")
    assert wrapper is not None and wrapper["aria-hidden"] == "true"
    assert not page.select("[style]") and not page.select("script:not([src])")
    # Trust: what happens next and how the data is used.
    text = page.get_text(" ")
    assert "What happens next" in text and "Your data" in text


def test_success_commits_the_lead_and_shows_a_reference(app, client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/demo", data={**form_tokens(client), **demo_data()})
    assert response.status_code == 200
    reference = soup(response.text).select_one("[data-reference]").get_text()
    stored = leads(app)
    assert len(stored) == 1
    lead = stored[0]
    assert lead.reference == reference and reference.startswith("DSP-") and len(reference) == 10
    assert lead.email_normalized == "dana.whitfield@northbridge-capital.com"
    assert lead.interests == ["research", "alerts"] and lead.status == "new"
    assert lead.free_mail is False
    with session_scope(app.state.engine) as session:
        kinds = session.scalars(select(LeadEvent.kind)).all()
    assert kinds == ["created"]


def test_htmx_post_swaps_only_the_panel(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        "/demo", data={**form_tokens(client), **demo_data()}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response.headers["Vary"] == "HX-Request"
    page = soup(response.text)
    assert page.find("html") is None
    assert page.select_one("#demo-panel [data-reference]") is not None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("full_name", "", "full name"),
        ("email", "not-an-email", "valid email"),
        ("company", "   ", "company"),
        ("role", "Astronaut", "role"),
        ("aum", "a lot", "AUM"),
        ("interests", ["research", "crypto"], "interests"),
        ("message", "x" * 2001, "2,000"),
        ("consent", "", "agree"),
    ],
)
def test_invalid_fields_show_inline_errors_and_keep_input(  # type: ignore[no-untyped-def]
    app, client, field, value, message
) -> None:
    data = {**form_tokens(client), **demo_data(**{field: value})}
    # No JavaScript: the whole page again, 422.
    plain = client.post("/demo", data=data)
    assert plain.status_code == 422
    page = soup(plain.text)
    assert page.find("html") is not None
    error = page.select_one(f"#{field}-error")
    assert error is not None and message in error.get_text()
    kept = page.select_one("input[name=company]")
    assert kept["value"] == data["company"]
    if field != "consent":
        assert page.select_one("input[name=consent]").has_attr("checked")
    # htmx: only the panel, 200 so htmx swaps it.
    hx = client.post("/demo", data=data, headers={"HX-Request": "true"})
    assert hx.status_code == 200
    fragment = soup(hx.text)
    assert fragment.find("html") is None
    assert fragment.select_one(f"#{field}-error") is not None
    assert leads(app) == []


def test_message_exactly_2000_characters_is_accepted(app, client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/demo", data={**form_tokens(client), **demo_data(message="y" * 2000)})
    assert response.status_code == 200
    assert len(leads(app)[0].message) == 2000


def test_message_is_optional_and_interests_accept_labels(app, client) -> None:  # type: ignore[no-untyped-def]
    data = demo_data(message="", interests=["portfolio analytics"], aum="$100M-$1B")
    assert client.post("/demo", data={**form_tokens(client), **data}).status_code == 200
    lead = leads(app)[0]
    assert lead.interests == ["portfolio_analytics"] and lead.aum == "$100M–$1B"


def test_free_mail_is_flagged_not_rejected(app, client) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        "/demo", data={**form_tokens(client), **demo_data(email="Dana.W@GMAIL.com")}
    )
    assert response.status_code == 200
    lead = leads(app)[0]
    assert lead.free_mail is True and lead.email_normalized == "dana.w@gmail.com"


def test_same_email_within_24h_updates_the_lead(app, client) -> None:  # type: ignore[no-untyped-def]
    first = client.post("/demo", data={**form_tokens(client), **demo_data()})
    second = client.post(
        "/demo",
        data={
            **form_tokens(client),
            **demo_data(email="DANA.WHITFIELD@northbridge-capital.com", company="Northbridge LP"),
        },
    )
    ref1 = soup(first.text).select_one("[data-reference]").get_text()
    ref2 = soup(second.text).select_one("[data-reference]").get_text()
    assert ref1 == ref2
    stored = leads(app)
    assert len(stored) == 1
    assert stored[0].company == "Northbridge LP" and stored[0].submissions == 2


def test_same_email_after_24h_is_a_new_lead(app, client) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    client.post("/demo", data={**form_tokens(client), **demo_data()})
    with session_scope(app.state.engine) as session:
        lead = session.scalars(select(Lead)).one()
        lead.created_at -= dt.timedelta(hours=25)
    client.post("/demo", data={**form_tokens(client), **demo_data()})
    assert len(leads(app)) == 2


def test_xss_payloads_are_escaped_on_the_confirmation(app, client) -> None:  # type: ignore[no-untyped-def]
    for i, payload in enumerate(XSS):
        data = demo_data(
            full_name=payload, company=payload, message=payload, email=f"x{i}@example.com"
        )
        response = client.post("/demo", data={**form_tokens(client), **data})
        assert response.status_code == 200
        page = soup(response.text)
        assert not page.select("#demo-panel script, #demo-panel img")
        assert payload in page.select_one("#demo-panel h2").get_text()
        assert "<script>" not in response.text and "<img src=x" not in response.text
    assert [lead.full_name for lead in leads(app)] == XSS


def test_sql_injection_strings_are_stored_verbatim(app, client) -> None:  # type: ignore[no-untyped-def]
    for i, payload in enumerate(SQLI):
        data = demo_data(
            full_name=payload, company=payload, message=payload, email=f"sqli{i}@example.com"
        )
        assert client.post("/demo", data={**form_tokens(client), **data}).status_code == 200
    stored = leads(app)
    assert [lead.full_name for lead in stored] == SQLI
    assert [lead.message for lead in stored] == SQLI


def test_control_characters_are_refused_not_a_server_error(app, client) -> None:  # type: ignore[no-untyped-def]
    data = {**form_tokens(client), **demo_data(full_name="Dana\x00", company="A\x1bB")}
    response = client.post("/demo", data=data)
    assert response.status_code == 422
    assert leads(app) == []


def test_outbox_row_is_written_with_the_lead(database_url: str) -> None:
    app = make_app(
        database_url,
        lead_webhook_url="http://127.0.0.1:9/hook",
        webhook_secret="s3cret",
        smtp_url="smtp://127.0.0.1:2525",
        notify_email="sales@example.com",
    )
    client = client_for(app)
    client.post("/demo", data={**form_tokens(client), **demo_data()})
    client.post("/demo", data={**form_tokens(client), **demo_data(company="Again")})
    with session_scope(app.state.engine) as session:
        rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert [(r.topic, r.channel) for r in rows] == [
            ("lead.created", "webhook"),
            ("lead.created", "email"),
            ("lead.updated", "webhook"),
            ("lead.updated", "email"),
        ]
        assert rows[0].payload["reference"].startswith("DSP-")
        assert session.scalar(select(func.count(Lead.id))) == 1


def test_no_outbox_rows_without_configured_channels(app, client) -> None:  # type: ignore[no-untyped-def]
    client.post("/demo", data={**form_tokens(client), **demo_data()})
    with session_scope(app.state.engine) as session:
        assert session.scalar(select(func.count(OutboxMessage.id))) == 0
