"""Who is signed in (nav, footer, sign-out), the admin users page's display names,
the free-mail column and filter, what a lead resubmission changed, the CLI for
display names, and the API docs (every operation described, a way home)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.accounts.service import create_user, get_user
from app.db import session_scope
from app.leads.models import Lead, LeadEvent
from tests.integration.leads_support import (
    PASSWORD,
    client_for,
    demo_data,
    form_tokens,
    login,
    make_app,
    soup,
)
from tests.integration.test_cli import assert_one_line_error, run_cli


@pytest.fixture
def app(database_url: str) -> FastAPI:
    app = make_app(database_url)
    with session_scope(app.state.engine) as db:
        create_user(db, "root", "admin", PASSWORD, display_name="Rita Root")
        create_user(db, "alice", "analyst", PASSWORD)
    return app


def signed_in(app: FastAPI, username: str) -> TestClient:
    client = client_for(app)
    assert login(client, username).status_code == 303
    return client


def test_admin_link_and_signed_in_as(app: FastAPI) -> None:
    anonymous = client_for(app)
    page = soup(anonymous.get("/research").text)  # rendered and cached for visitors
    assert page.select_one("[data-admin-link]") is None
    assert page.select_one("[data-signed-in]") is None
    assert page.select_one(".footer a[href^='/login']").text == "Sign in"

    root = signed_in(app, "root")
    for path in ("/research", "/", "/admin/leads"):
        page = soup(root.get(path).text)
        assert page.select_one(".mainnav [data-admin-link]")["href"] == "/admin", path
        footer = page.select_one(".footer [data-signed-in]")
        assert " ".join(footer.text.split()).startswith("Signed in as Rita Root"), path
        assert footer.select_one("form[action='/logout'] button").text == "Sign out"
        assert page.select_one(".footer a[href^='/login']") is None, path
    root_page = root.get("/research")
    assert root_page.headers["Cache-Control"] == "no-store"

    alice = signed_in(app, "alice")
    page = soup(alice.get("/research").text)
    assert page.select_one("[data-admin-link]") is None  # analysts: no admin link
    assert "Signed in as alice" in " ".join(page.select_one("[data-signed-in]").text.split())

    # The visitors' cached page never carries someone's name.
    again = soup(anonymous.get("/research").text)
    assert again.select_one("[data-signed-in]") is None and "Rita Root" not in again.text

    # The footer's sign-out form works (its token is the visitor's CSRF cookie's).
    form = soup(root.get("/research").text).select_one("form[action='/logout']")
    token = form.select_one("input[name=csrf_token]")["value"]
    assert root.post("/logout", data={"csrf_token": token}).status_code == 303
    assert soup(root.get("/research").text).select_one("[data-signed-in]") is None


def test_sign_out_page_for_an_expired_form_token(app: FastAPI) -> None:
    root = signed_in(app, "root")
    root.cookies.delete("dispersion_csrf")
    page = soup(root.get("/research").text)
    assert page.select_one("[data-signed-in] a[href='/logout']").text == "Sign out"
    confirm = root.get("/logout")
    assert confirm.status_code == 200 and "Rita Root" in confirm.text
    token = soup(confirm.text).select_one("input[name=csrf_token]")["value"]
    assert root.post("/logout", data={"csrf_token": token}).status_code == 303
    assert client_for(app).get("/logout").headers["location"] == "/"


def test_display_names_on_the_users_page(app: FastAPI) -> None:
    root = signed_in(app, "root")
    tokens = form_tokens(root, "/admin/users")
    response = root.post(
        "/admin/users/alice/display-name", data={**tokens, "display_name": "  Alice   Ng "}
    )
    assert response.status_code == 303
    with session_scope(app.state.engine) as db:
        assert get_user(db, "alice").display_name == "Alice Ng"
    row = soup(root.get("/admin/users").text).select_one("tr[data-user=alice]")
    assert row.select_one("input[name=display_name]")["value"] == "Alice Ng"
    too_long = root.post(
        "/admin/users/alice/display-name", data={**tokens, "display_name": "x" * 121}
    )
    assert too_long.status_code == 422 and "at most 120" in too_long.text
    missing = root.post("/admin/users/nobody/display-name", data={**tokens, "display_name": "N"})
    assert missing.status_code == 404
    created = root.post(
        "/admin/users",
        data={
            **tokens,
            "username": "carol",
            "role": "analyst",
            "password": PASSWORD,
            "display_name": "Carol C",
        },
    )
    assert created.status_code == 303
    with session_scope(app.state.engine) as db:
        assert get_user(db, "carol").display_name == "Carol C"
    analyst = signed_in(app, "alice")
    refused = analyst.post("/admin/users/alice/display-name", data={**tokens, "display_name": "x"})
    assert refused.status_code == 403


def submit(app: FastAPI, **overrides: object) -> None:
    client = client_for(app)
    response = client.post("/demo", data={**form_tokens(client), **demo_data(**overrides)})
    assert response.status_code == 200


def test_free_mail_column_filter_and_csv(app: FastAPI) -> None:
    submit(app, email="pm@northbridge-capital.com", company="Northbridge")
    submit(app, email="someone@gmail.com", company="Home Office")
    root = signed_in(app, "root")
    page = soup(root.get("/admin/leads").text)
    headers = [th.text for th in page.select("#leads-table thead th")]
    assert "Free-mail" in headers
    cells = {
        r.select_one(".company").text: r.select_one("[data-free-mail]")["data-free-mail"]
        for r in page.select("tr[data-lead]")
    }
    assert cells == {"Northbridge": "no", "Home Office": "yes"}
    flagged = soup(root.get("/admin/leads?free_mail=yes").text).select("tr[data-lead]")
    assert [r.select_one(".company").text for r in flagged] == ["Home Office"]
    for value, company in (("yes", "Home Office"), ("no", "Northbridge")):
        table = list(
            csv.DictReader(io.StringIO(root.get(f"/admin/leads.csv?free_mail={value}").text))
        )
        assert [(r["company"], r["free_mail"]) for r in table] == [(company, value)]


def test_resubmission_records_what_changed(app: FastAPI) -> None:
    email = "dana@northbridge-capital.com"
    submit(app, email=email, interests=["research", "alerts"], message="Pairs, please.")
    submit(
        app,
        email=email,
        interests=["research", "portfolio_analytics"],
        message="Portfolio analytics too.",
        company="Northbridge LP",
    )
    submit(
        app,
        email=email,
        interests=["research", "portfolio_analytics"],
        message="Portfolio analytics too.",
        company="Northbridge LP",
    )
    with session_scope(app.state.engine) as db:
        lead = db.scalar(select(Lead).where(Lead.email_normalized == email))
        events = list(
            db.scalars(select(LeadEvent).where(LeadEvent.lead_id == lead.id).order_by(LeadEvent.id))
        )
        lead_id = lead.id
        assert lead.interests == ["research", "portfolio_analytics"]
    assert [e.kind for e in events] == ["created", "resubmitted", "resubmitted"]
    assert events[0].details is None
    assert events[1].details == {
        "company": {"old": "Northbridge Capital", "new": "Northbridge LP"},
        "interests": {"added": ["portfolio_analytics"], "removed": ["alerts"]},
        "message": {"old": "Pairs, please.", "new": "Portfolio analytics too."},
    }
    assert events[2].details == {}

    root = signed_in(app, "root")
    page = soup(root.get(f"/admin/leads/{lead_id}").text)
    changes = [" ".join(li.text.split()) for li in page.select("[data-changes] li")]
    assert "interests added: Portfolio analytics" in changes
    assert "interests removed: Alerts" in changes
    assert "company: Northbridge Capital → Northbridge LP" in changes
    assert any(c.startswith("message changed:") and "Pairs, please." in c for c in changes)
    assert "nothing changed" in page.text


def test_cli_display_names(database_url: str) -> None:
    added = run_cli(
        "users", "add", "dee", "--display-name", "Dee Desk", "--password-stdin",
        stdin="a long enough password\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    renamed = run_cli("users", "rename", "dee", "Dee D. Desk")
    assert renamed.returncode == 0 and "Dee D. Desk" in renamed.stderr
    listed = json.loads(run_cli("users", "list", "--json").stdout)
    assert listed[0]["display_name"] == "Dee D. Desk"
    assert_one_line_error(run_cli("users", "rename", "nobody", "N"), "no user")
    assert_one_line_error(run_cli("users", "rename", "dee", "x" * 121), "at most 120")


def test_every_api_operation_is_described(app: FastAPI) -> None:
    spec = client_for(app).get("/openapi.json").json()
    assert "/" in spec["info"]["description"]  # a link home
    operations = 0
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            operations += 1
            where = f"{method.upper()} {path}"
            assert op.get("summary"), f"{where} has no summary"
            assert len(op.get("description", "")) >= 40, f"{where} has no description"
            for param in op.get("parameters", []):
                assert param.get("description"), f"{where}: {param['name']} undescribed"
    assert operations >= 13


def test_docs_page_links_home_within_its_csp(app: FastAPI) -> None:
    response = client_for(app).get("/docs")
    page = soup(response.text)
    assert page.select_one("header.docs-home a[href='/']").text == "← Dispersion"
    csp = response.headers["Content-Security-Policy"]
    style = csp.split("style-src ")[1].split(";")[0]
    assert "'sha256-" in style and "'unsafe-inline'" not in csp
