"""Admin: leads list, filters, search, status workflow with audit trail, CSV, users."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import select

from app.db import session_scope
from app.leads.models import Lead, LeadEvent
from tests.integration.leads_support import (
    admin_client,
    client_for,
    demo_data,
    form_tokens,
    login,
    make_app,
    soup,
)

XSS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


@pytest.fixture
def app(database_url: str):  # type: ignore[no-untyped-def]
    return make_app(database_url)


@pytest.fixture
def admin(app):  # type: ignore[no-untyped-def]
    return admin_client(app)


def submit(app, **overrides) -> None:  # type: ignore[no-untyped-def]
    client = client_for(app)
    response = client.post("/demo", data={**form_tokens(client), **demo_data(**overrides)})
    assert response.status_code == 200


def lead_id(app, email: str) -> int:  # type: ignore[no-untyped-def]
    with session_scope(app.state.engine) as session:
        return session.scalar(select(Lead.id).where(Lead.email_normalized == email))


def rows(response) -> list:  # type: ignore[no-untyped-def]
    return soup(response.text).select("tr[data-lead]")


def test_anonymous_is_sent_to_login(app) -> None:  # type: ignore[no-untyped-def]
    client = client_for(app)
    for path in ("/admin/leads", "/admin/leads.csv", "/admin/users"):
        response = client.get(path)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_list_filter_and_search(app, admin) -> None:  # type: ignore[no-untyped-def]
    submit(app, email="a@alpha-capital.com", company="Alpha Capital", full_name="Ann Alpha")
    submit(app, email="b@gmail.com", company="Beta Fund", full_name="Ben Beta")
    submit(app, email="c_x@gamma.com", company="100% Gamma", full_name="Cy Gamma")
    assert len(rows(admin.get("/admin/leads"))) == 3
    flagged = rows(admin.get("/admin/leads?free_mail=yes"))
    assert [r.select_one(".company").text for r in flagged] == ["Beta Fund"]
    assert len(rows(admin.get("/admin/leads?free_mail=no"))) == 2
    assert [r.select_one(".name").text for r in rows(admin.get("/admin/leads?q=alpha"))] == [
        "Ann Alpha"
    ]
    assert len(rows(admin.get("/admin/leads?q=GMAIL"))) == 1
    assert len(rows(admin.get("/admin/leads?q=100%25"))) == 1  # % is literal
    assert len(rows(admin.get("/admin/leads?q=c_x"))) == 1  # _ is literal
    assert len(rows(admin.get("/admin/leads?q=%25"))) == 1
    today = dt.date.today()
    assert len(rows(admin.get(f"/admin/leads?since={today}"))) == 3
    assert len(rows(admin.get(f"/admin/leads?until={today - dt.timedelta(days=2)}"))) == 0
    assert len(rows(admin.get("/admin/leads?status=contacted"))) == 0
    # Nonsense filters are explained above the table (422) and left out, never a 5xx.
    refused = admin.get("/admin/leads?status=x&since=notadate&free_mail=maybe&page=0")
    assert refused.status_code == 422
    problems = soup(refused.text).select_one(".form-errors").get_text()
    assert "Status must be one of" in problems and "2026-07-13" in problems
    assert "Free-mail" in problems and "Page must be" in problems
    assert len(rows(refused)) == 3


def test_htmx_filter_returns_the_table_only(app, admin) -> None:  # type: ignore[no-untyped-def]
    submit(app)
    response = admin.get("/admin/leads?q=dana", headers={"HX-Request": "true"})
    fragment = soup(response.text)
    assert fragment.find("html") is None and fragment.select_one("#leads-table") is not None
    assert "HX-Request" in response.headers["Vary"]


def test_status_workflow_and_audit_trail(app, admin) -> None:  # type: ignore[no-untyped-def]
    submit(app)
    lid = lead_id(app, "dana.whitfield@northbridge-capital.com")
    page = f"/admin/leads/{lid}"
    tokens = form_tokens(admin, page)
    # new → qualified skips a step: refused.
    bad = admin.post(f"{page}/status", data={**tokens, "status": "qualified"})
    assert bad.status_code == 409
    assert "can't become qualified" in soup(bad.text).select_one("[role=alert]").text
    for target in ("contacted", "qualified", "closed"):
        response = admin.post(f"{page}/status", data={**tokens, "status": target, "note": "ok"})
        assert response.status_code == 303
    assert admin.post(f"{page}/status", data={**tokens, "status": "new"}).status_code == 409
    with session_scope(app.state.engine) as session:
        assert session.get(Lead, lid).status == "closed"
        events = session.scalars(
            select(LeadEvent).where(LeadEvent.lead_id == lid).order_by(LeadEvent.id)
        ).all()
    assert [(e.kind, e.from_status, e.to_status, e.actor) for e in events] == [
        ("created", None, "new", "prospect"),
        ("status", "new", "contacted", "root-admin"),
        ("status", "contacted", "qualified", "root-admin"),
        ("status", "qualified", "closed", "root-admin"),
    ]
    history = soup(admin.get(page).text).select("table.events tbody tr")
    assert len(history) == 4 and "root-admin" in history[1].text


def test_status_change_needs_csrf_and_admin(app, admin) -> None:  # type: ignore[no-untyped-def]
    submit(app)
    lid = lead_id(app, "dana.whitfield@northbridge-capital.com")
    assert admin.post(f"/admin/leads/{lid}/status", data={"status": "contacted"}).status_code == 403
    from tests.integration.leads_support import add_user

    add_user(app, "ana", "analyst")
    analyst = client_for(app)
    login(analyst, "ana")
    tokens = form_tokens(analyst, "/login")
    response = analyst.post(f"/admin/leads/{lid}/status", data={**tokens, "status": "contacted"})
    assert response.status_code == 403
    with session_scope(app.state.engine) as session:
        assert session.get(Lead, lid).status == "new"


def test_xss_is_escaped_in_the_admin_list_and_detail(app, admin) -> None:  # type: ignore[no-untyped-def]
    for i, payload in enumerate(XSS):
        submit(app, full_name=payload, company=payload, message=payload, email=f"x{i}@ex.com")
    for html in (
        admin.get("/admin/leads").text,
        admin.get(f"/admin/leads/{lead_id(app, 'x0@ex.com')}").text,
    ):
        page = soup(html)
        assert not page.select("main script, main img, table script")
        assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    names = [r.select_one(".name").text for r in rows(admin.get("/admin/leads"))]
    assert sorted(names) == sorted(XSS)


def test_csv_export_neutralises_formulas(app, admin) -> None:  # type: ignore[no-untyped-def]
    dangerous = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]
    for i, payload in enumerate(dangerous):
        submit(
            app,
            full_name=f"Name {i}",
            company=payload.strip() or payload,
            message=payload,
            email=f"f{i}@firm.com",
        )
    submit(app, full_name=XSS[0], company=XSS[1], email="xss@firm.com")
    response = admin.get("/admin/leads.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    table = list(csv.DictReader(io.StringIO(response.text)))
    assert len(table) == 7
    for row in table:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    messages = {row["message"] for row in table}
    assert '\'=HYPERLINK("http://x")' in messages and "'@SUM(A1)" in messages
    xss_row = next(r for r in table if r["email"] == "xss@firm.com")
    # CSV is data, not HTML: the payloads are kept verbatim (they aren't formula-like).
    assert xss_row["full_name"] == XSS[0] and xss_row["company"] == XSS[1]


def test_csv_export_follows_filters(app, admin) -> None:  # type: ignore[no-untyped-def]
    submit(app, email="a@gmail.com")
    submit(app, email="b@firm.com")
    table = list(csv.DictReader(io.StringIO(admin.get("/admin/leads.csv?free_mail=yes").text)))
    assert [r["email"] for r in table] == ["a@gmail.com"]


def test_users_add_and_disable(app, admin) -> None:  # type: ignore[no-untyped-def]
    tokens = form_tokens(admin, "/admin/users")
    created = admin.post(
        "/admin/users",
        data={**tokens, "username": "New.Analyst", "role": "analyst", "password": "long enough pw"},
    )
    assert created.status_code == 303
    listing = soup(admin.get("/admin/users").text)
    assert listing.select_one("tr[data-user='new.analyst']") is not None
    newcomer = client_for(app)
    assert login(newcomer, "new.analyst", "long enough pw").status_code == 303
    short = admin.post(
        "/admin/users", data={**tokens, "username": "x2", "role": "analyst", "password": "short"}
    )
    assert (
        short.status_code == 422
        and "12 characters" in soup(short.text).select_one("[role=alert]").text
    )
    dup = admin.post(
        "/admin/users",
        data={**tokens, "username": "new.analyst", "role": "admin", "password": "long enough pw"},
    )
    assert dup.status_code == 422
    assert admin.post("/admin/users/new.analyst/disable", data=tokens).status_code == 303
    assert login(client_for(app), "new.analyst", "long enough pw").status_code == 401
    assert admin.post("/admin/users/new.analyst/enable", data=tokens).status_code == 303
    assert login(client_for(app), "new.analyst", "long enough pw").status_code == 303
    assert admin.post("/admin/users/root-admin/disable", data=tokens).status_code == 409
    assert admin.post("/admin/users/ghost/disable", data=tokens).status_code == 404
    assert admin.post("/admin/users/new.analyst/disable", data={}).status_code == 403


def test_disabling_a_user_ends_their_sessions_for_good(app, admin) -> None:  # type: ignore[no-untyped-def]
    other = admin_client(app, "second-admin")
    assert other.get("/admin/leads").status_code == 200
    tokens = form_tokens(admin, "/admin/users")
    assert admin.post("/admin/users/second-admin/disable", data=tokens).status_code == 303
    assert other.get("/admin/leads").status_code == 303
    assert admin.post("/admin/users/second-admin/enable", data=tokens).status_code == 303
    assert other.get("/admin/leads").status_code == 303  # enabling doesn't revive the old one
    assert login(other, "second-admin").status_code == 303
    assert other.get("/admin/leads").status_code == 200
