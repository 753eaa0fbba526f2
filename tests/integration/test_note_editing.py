"""Editing and deleting notes: who may, the audit trail, rescoring, summaries,
publication dates, display names, and the same rules through the JSON API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.accounts.service import create_user, set_display_name
from app.db import session_scope
from app.research import notes as svc
from app.research.models import NoteAudit
from tests.integration.leads_support import (
    PASSWORD,
    client_for,
    form_tokens,
    login,
    make_app,
    soup,
)

TOKEN = "test-api-token-0123456789"
BULLISH = "We are long NVDA. Nvidia beat estimates and raised guidance; margins expanded."
BEARISH = "We cut NVDA to underweight. Nvidia missed estimates and guidance was slashed."


@pytest.fixture
def app(database_url: str) -> FastAPI:
    app = make_app(database_url, api_token=TOKEN)
    with session_scope(app.state.engine) as db:
        create_user(db, "alice", "analyst", PASSWORD, display_name="Alice Analyst")
        create_user(db, "bob", "analyst", PASSWORD, display_name="Bob Builder")
        create_user(db, "root", "admin", PASSWORD, display_name="Rita Root")
    return app


def signed_in(app: FastAPI, username: str) -> TestClient:
    client = client_for(app)
    assert login(client, username).status_code == 303
    return client


def publish(client: TestClient, **fields: str) -> int:
    data = {"title": "NVDA after results", "body": BULLISH, "tickers": "NVDA", **fields}
    response = client.post("/research", data={**form_tokens(client, "/research/new"), **data})
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def edit(client: TestClient, note_id: int, **fields: str):  # type: ignore[no-untyped-def]
    tokens = form_tokens(client, f"/research/{note_id}/edit")
    page = soup(client.get(f"/research/{note_id}/edit").text)
    values: dict[str, Any] = {
        str(i["name"]): str(i.get("value", ""))
        for i in page.select("form.note-form input[name]")
        if i.get("type") != "hidden"
    }
    values["body"] = page.select_one("textarea[name=body]").text
    return client.post(f"/research/{note_id}/edit", data={**tokens, **values, **fields})


def audit_rows(app: FastAPI, note_id: int) -> list[NoteAudit]:
    with session_scope(app.state.engine) as db:
        query = select(NoteAudit).where(NoteAudit.note_id == note_id).order_by(NoteAudit.id)
        return list(db.scalars(query))


def test_author_edits_and_the_note_is_rescored_and_audited(app: FastAPI) -> None:
    alice = signed_in(app, "alice")
    note_id = publish(alice)
    before = svc.get_note(app.state.engine, note_id)
    assert before.score > 0.15
    form = soup(alice.get(f"/research/{note_id}/edit").text)
    assert form.select_one("form.note-form")["action"] == f"/research/{note_id}/edit"
    assert form.select_one("#n-title")["value"] == "NVDA after results"
    assert "beat estimates" in form.select_one("#n-body").text
    assert form.select_one("#preview .gauge, #preview svg") is not None  # scores shown

    response = edit(alice, note_id, body=BEARISH, title="NVDA: cut")
    assert response.status_code == 303 and response.headers["location"] == f"/research/{note_id}"
    after = svc.get_note(app.state.engine, note_id)
    assert after.title == "NVDA: cut" and after.score < -0.15
    assert {t.symbol: t.label for t in after.tickers}["NVDA"] in ("negative", "mildly negative")

    rows = audit_rows(app, note_id)
    assert [(r.action, r.actor) for r in rows] == [("created", "alice"), ("updated", "alice")]
    changes = rows[1].changes
    assert changes["title"] == {"old": "NVDA after results", "new": "NVDA: cut"}
    assert changes["body"]["changed"] is True
    assert changes["score"]["old"] > 0 > changes["score"]["new"]
    assert "published_at" not in changes  # the date field was left as it was

    page = soup(alice.get(f"/research/{note_id}").text)
    history = page.select_one("[data-note-history]")
    assert history is not None
    assert "updated by Alice Analyst" in " ".join(history.text.split())
    assert "NVDA after results → NVDA: cut" in history.text


def test_who_may_edit_and_delete(app: FastAPI) -> None:
    alice = signed_in(app, "alice")
    note_id = publish(alice)
    assert soup(alice.get(f"/research/{note_id}").text).select_one("[data-note-actions]")

    bob = signed_in(app, "bob")
    assert soup(bob.get(f"/research/{note_id}").text).select_one("[data-note-actions]") is None
    assert bob.get(f"/research/{note_id}/edit").status_code == 403
    assert bob.get(f"/research/{note_id}/delete").status_code == 403
    tokens = form_tokens(bob, "/research/new")
    refused = bob.post(f"/research/{note_id}/edit", data={**tokens, "title": "x", "body": "y"})
    assert refused.status_code == 403
    refused = bob.post(f"/research/{note_id}/delete", data={**tokens, "confirm": "yes"})
    assert refused.status_code == 403
    assert svc.get_note(app.state.engine, note_id).title == "NVDA after results"

    anonymous = client_for(app)
    page = soup(anonymous.get(f"/research/{note_id}").text)
    assert page.select_one("[data-note-actions]") is None
    assert page.select_one("[data-note-history]") is None  # history is for analysts
    for path in (f"/research/{note_id}/edit", f"/research/{note_id}/delete"):
        response = anonymous.get(path)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")
    before = anonymous.get(f"/api/v1/research/{note_id}").json()["title"]
    refused = anonymous.post(f"/research/{note_id}/edit", data={"title": "Hijacked"})
    assert refused.status_code in (303, 403)
    assert anonymous.get(f"/api/v1/research/{note_id}").json()["title"] == before

    root = signed_in(app, "root")
    assert soup(root.get(f"/research/{note_id}").text).select_one("[data-note-actions]")
    assert edit(root, note_id, title="Edited by an admin").status_code == 303
    assert audit_rows(app, note_id)[-1].actor == "root"
    assert root.get("/research/999999/edit").status_code == 404


def test_delete_asks_first_then_recomputes_the_summaries(app: FastAPI) -> None:
    alice = signed_in(app, "alice")
    first = publish(alice)
    second = publish(alice, title="Second", body=BEARISH)
    overall = svc.get_overall(app.state.engine, ["NVDA"])
    assert overall["tickers"]["NVDA"]["note_count"] == 2

    confirm = soup(alice.get(f"/research/{second}/delete").text)
    assert "can't be undone" in confirm.text
    tokens = form_tokens(alice, f"/research/{second}/delete")
    unconfirmed = alice.post(
        f"/research/{second}/delete", data={"csrf_token": tokens["csrf_token"]}
    )
    assert unconfirmed.status_code == 303
    assert unconfirmed.headers["location"] == f"/research/{second}/delete"
    assert svc.get_note(app.state.engine, second)  # still there

    done = alice.post(f"/research/{second}/delete", data=tokens)
    assert done.status_code == 303 and done.headers["location"] == "/research?deleted=1"
    assert "The note was deleted" in alice.get("/research?deleted=1").text
    assert alice.get(f"/research/{second}").status_code == 404
    overall = svc.get_overall(app.state.engine, ["NVDA"])
    assert overall["tickers"]["NVDA"]["note_count"] == 1
    only = svc.get_note(app.state.engine, first)
    assert overall["tickers"]["NVDA"]["score"] == pytest.approx(only.tickers[0].score)
    rows = audit_rows(app, second)  # the record outlives the note
    assert [r.action for r in rows] == ["created", "deleted"]
    assert rows[-1].title == "Second" and rows[-1].actor == "alice"


def test_delete_of_the_last_note_empties_the_gauges(app: FastAPI) -> None:
    alice = signed_in(app, "alice")
    note_id = publish(alice)
    svc.delete_note(app.state.engine, note_id, app.state.settings, "alice")
    overall = svc.get_overall(app.state.engine, ["NVDA"])
    assert overall["overall"]["note_count"] == 0
    assert overall["tickers"]["NVDA"]["note_count"] == 0
    with pytest.raises(svc.NoteNotFoundError):
        svc.delete_note(app.state.engine, note_id, app.state.settings, "alice")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ((dt.date.today() + dt.timedelta(days=2)).isoformat(), "in the future"),
        ("1899-12-31", "between 1900 and 2100"),
        ("31/12/2020", "invalid date"),
    ],
)
def test_publication_date_is_validated(app: FastAPI, value: str, message: str) -> None:
    alice = signed_in(app, "alice")
    tokens = form_tokens(alice, "/research/new")
    data = {"title": "Dated", "body": BULLISH, "published_at": value}
    response = alice.post("/research", data={**tokens, **data})
    assert response.status_code == 422
    page = soup(response.text)
    assert message in page.select_one(".form-errors").text
    assert page.select_one("#n-published_at")["value"] == value  # input kept
    assert page.select_one("#n-published_at")["aria-invalid"] == "true"

    note_id = publish(alice)
    refused = edit(alice, note_id, published_at=value)
    assert refused.status_code == 422 and message in refused.text
    assert edit(alice, note_id, published_at="").status_code == 422


def test_publication_date_is_stored_and_edited(app: FastAPI) -> None:
    alice = signed_in(app, "alice")
    note_id = publish(alice, published_at="2024-03-15")
    assert svc.get_note(app.state.engine, note_id).published_at == dt.datetime(2024, 3, 15)
    form = soup(alice.get(f"/research/{note_id}/edit").text)
    assert form.select_one("#n-published_at")["value"] == "2024-03-15"
    assert form.select_one("#n-published_at")["max"] == dt.date.today().isoformat()
    assert edit(alice, note_id, published_at="2024-04-01").status_code == 303
    assert svc.get_note(app.state.engine, note_id).published_at == dt.datetime(2024, 4, 1)
    change = audit_rows(app, note_id)[-1].changes["published_at"]
    assert change == {"old": "2024-03-15T00:00:00", "new": "2024-04-01T00:00:00"}


def test_pages_and_api_show_display_names_not_logins(app: FastAPI) -> None:
    alice = signed_in(app, "alice")
    note_id = publish(alice)
    anonymous = client_for(app)
    for path in (f"/research/{note_id}", "/research", "/"):
        text = anonymous.get(path).text
        assert "Alice Analyst" in text, path
        assert "· alice" not in text, path
    api = anonymous.get(f"/api/v1/research/{note_id}").json()
    assert api["author"] == "Alice Analyst"
    assert anonymous.get("/api/v1/research").json()["items"][0]["author"] == "Alice Analyst"
    assert anonymous.get("/api/v1/research?q=analyst").json()["total"] == 1  # found by name

    with session_scope(app.state.engine) as db:
        set_display_name(db, "alice", "Alice A. Renamed")
    assert "Alice A. Renamed" in anonymous.get(f"/research/{note_id}").text  # cache renewed
    assert anonymous.get(f"/api/v1/research/{note_id}").json()["author"] == "Alice A. Renamed"
    # Free-text authors (imports, the API token) are shown as written.
    other = svc.create_note(
        app.state.engine, {"title": "T", "body": BULLISH, "author": "Desk"}, app.state.settings
    )
    assert anonymous.get(f"/api/v1/research/{other.id}").json()["author"] == "Desk"


def test_api_patch_and_delete_follow_the_same_rules(app: FastAPI) -> None:
    alice = signed_in(app, "alice")
    note_id = publish(alice)
    url = f"/api/v1/research/{note_id}"

    bob = signed_in(app, "bob")
    assert bob.patch(url, json={"title": "mine now"}).status_code == 403
    assert bob.delete(url).status_code == 403

    changed = alice.patch(url, json={"body": BEARISH})
    assert changed.status_code == 200, changed.text
    assert changed.json()["score"] < -0.15 and changed.json()["author"] == "Alice Analyst"
    refused = alice.patch(url, json={"author": "bob"})
    assert refused.status_code == 422 and "author" in refused.json()["fields"]
    bad = alice.patch(url, json={"published_at": "2999-01-01"})
    assert bad.status_code == 422 and "published_at" in bad.json()["fields"]

    root = signed_in(app, "root")
    assert root.patch(url, json={"title": "By the admin"}).json()["title"] == "By the admin"

    anonymous = client_for(app)
    assert anonymous.patch(url, json={"title": "x"}).status_code == 401
    token = {"Authorization": f"Bearer {TOKEN}"}
    assert anonymous.patch(url, json={"author": "Desk"}, headers=token).json()["author"] == "Desk"
    assert anonymous.patch("/api/v1/research/999999", json={}, headers=token).status_code == 404
    assert anonymous.delete("/api/v1/research/abc", headers=token).status_code == 404

    assert anonymous.delete(url, headers=token).status_code == 204
    assert anonymous.get(url).status_code == 404
    assert [(r.action, r.actor) for r in audit_rows(app, note_id)] == [
        ("created", "alice"),
        ("updated", "alice"),
        ("updated", "root"),
        ("updated", "api-token"),
        ("deleted", "api-token"),
    ]


def test_research_list_keeps_filters_in_the_url(app: FastAPI) -> None:
    alice = signed_in(app, "alice")
    for n in range(12):
        publish(alice, title=f"Note {n}")
    anonymous = client_for(app)
    response = anonymous.get(
        "/research?ticker=NVDA&label=&q=note&from=2000-01-01&to=", headers={"HX-Request": "true"}
    )
    assert response.headers["HX-Push-Url"] == "/research?q=note&ticker=NVDA&from=2000-01-01"
    page = soup(anonymous.get("/research?ticker=NVDA&q=note").text)
    next_link = page.select_one("a[rel=next], .pager a[href*='page=2']")
    assert next_link is not None and "ticker=NVDA" in next_link["href"]
    assert "q=note" in next_link["href"]
    assert page.select_one("#f-ticker option[selected]")["value"] == "NVDA"
    assert page.select_one("#f-q")["value"] == "note"
