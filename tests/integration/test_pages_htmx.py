"""Fragments for htmx, ETags and conditional GET, cache invalidation, the note form."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app import data_version
from app.config import Settings
from tests.integration.conftest import SAMPLE_NOTES

HX = {"HX-Request": "true", "accept": "text/html"}


@pytest.mark.parametrize(
    ("url", "root"),
    [
        ("/tickers/NVDA?period=3Y", "section#chart-panel"),
        ("/research?ticker=NVDA", "section#results"),
    ],
)
def test_htmx_gets_only_the_fragment(site_client: TestClient, url: str, root: str) -> None:
    full = site_client.get(url, headers={"accept": "text/html"})
    part = site_client.get(url, headers=HX)
    assert full.status_code == part.status_code == 200
    assert full.headers["vary"] == part.headers["vary"] == "HX-Request"
    assert "<html" in full.text and "<html" not in part.text
    fragment = BeautifulSoup(part.text, "html.parser")
    top = [t for t in fragment.children if getattr(t, "name", None)]
    assert len(top) == 1 and top[0] is fragment.select_one(root)
    assert full.headers["etag"] != part.headers["etag"]


def test_history_restore_gets_the_whole_page(site_client: TestClient) -> None:
    headers = {**HX, "HX-History-Restore-Request": "true"}
    assert "<html" in site_client.get("/research?ticker=NVDA", headers=headers).text


def test_period_fragment_carries_the_new_data(site_client: TestClient) -> None:
    one_month = site_client.get("/tickers/NVDA?period=1M", headers=HX).text
    five_years = site_client.get("/tickers/NVDA?period=5Y", headers=HX).text
    assert len(five_years) > 5 * len(one_month)
    assert 'aria-current="true">5Y<' in five_years


def test_etag_and_conditional_get(site_client: TestClient) -> None:
    first = site_client.get("/tickers/NVDA")
    etag = first.headers["etag"]
    assert re.fullmatch(r'"\d+-[0-9a-f]{16}"', etag)
    assert first.headers["cache-control"] == "no-cache"
    again = site_client.get("/tickers/NVDA", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag and again.headers["vary"] == "HX-Request"
    other = site_client.get("/tickers/NVDA", headers={"If-None-Match": '"0-nope"'})
    assert other.status_code == 200
    fragment = site_client.get("/tickers/NVDA", headers={**HX, "If-None-Match": etag})
    assert fragment.status_code == 200  # a different representation, a different tag


@pytest.fixture
def fresh_client(engine: Engine, database_url: str) -> TestClient:
    """An app on its own writable database (demo prices and the sample notes)."""
    from app.market.service import run_refresh
    from app.research.notes_import import import_files
    from app.web.app import create_app

    settings = Settings(database_url=database_url, env="test", api_token="t0ken")
    run_refresh(engine, settings, source_name="demo", symbols=settings.tickers)
    import_files(engine, [SAMPLE_NOTES], settings)
    return TestClient(create_app(settings, engine))


def test_a_data_change_invalidates_pages_and_etags(
    fresh_client: TestClient, engine: Engine
) -> None:
    from app.research.notes import create_note

    before = fresh_client.get("/research")
    settings = fresh_client.app.state.settings  # type: ignore[attr-defined]
    create_note(
        engine,
        {
            "title": "Unique cache probe",
            "body": "We are long NVDA: demand is surging.",
            "author": "Test",
            "tickers": ["NVDA"],
        },
        settings,
    )
    after = fresh_client.get("/research", headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert "Unique cache probe" in after.text
    assert after.headers["etag"] != before.headers["etag"]


def test_pages_are_cached_between_data_changes(fresh_client: TestClient, engine: Engine) -> None:
    fresh_client.get("/")
    pages = fresh_client.app.state.pages  # type: ignore[attr-defined]
    cached = len(pages._pages)
    fresh_client.get("/")
    assert len(pages._pages) == cached
    with engine.begin() as conn:
        data_version.bump(conn)
    fresh_client.get("/")
    assert len(pages._pages) == 1  # the old version's entries were dropped


def _sign_in(client: TestClient, engine: Engine) -> None:
    from app.accounts.service import create_user
    from app.db import session_scope

    with session_scope(engine) as db:
        create_user(db, "ana", "analyst", "correct horse battery staple")
    login = BeautifulSoup(client.get("/login").text, "html.parser")
    token = login.select_one("input[name='csrf_token']")["value"]
    response = client.post(
        "/login",
        data={
            "username": "ana",
            "password": "correct horse battery staple",
            "csrf_token": token,
            "next": "/research/new",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:300]


def test_note_form_needs_an_analyst(fresh_client: TestClient) -> None:
    response = fresh_client.get("/research/new", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


def test_note_form_preview_and_publish(fresh_client: TestClient, engine: Engine) -> None:
    _sign_in(fresh_client, engine)
    form = BeautifulSoup(fresh_client.get("/research/new").text, "html.parser")
    token = form.select_one("form.note-form input[name='csrf_token']")["value"]
    body = "## View\n\nWe are long NVDA. Profit fell sharply at MSFT.\n\n<script>x()</script>"
    preview = fresh_client.post(
        "/research/preview", data={"csrf_token": token, "body": body}, headers=HX
    )
    assert preview.status_code == 200
    part = BeautifulSoup(preview.text, "html.parser")
    assert part.select_one("section#preview figure.gauge svg[role='img']")
    rows = {tr.th.get_text(): tr for tr in part.select("section#preview tbody tr")}
    assert set(rows) == {"NVDA", "MSFT"}
    # Each ticker's call, or that tone decides (the draft's scores show on focus too).
    assert rows["NVDA"].select("td")[2].get_text() == "Position"
    assert rows["MSFT"].select("td")[2].get_text() == "none: tone decides"
    assert part.select_one("section#preview .sent[tabindex='0'] > .sent-tip")
    assert not part.select("script") and "&lt;script&gt;" in preview.text
    published = fresh_client.post(
        "/research",
        data={"csrf_token": token, "title": "Probe note", "body": body, "tickers": "NVDA"},
        follow_redirects=False,
    )
    assert published.status_code == 303, published.text[:500]
    page = BeautifulSoup(fresh_client.get(published.headers["location"]).text, "html.parser")
    assert page.h1.get_text() == "Probe note"
    assert "ana" in page.select_one(".note-meta").get_text()
    listing = fresh_client.get("/research?q=Probe").text
    assert "Probe note" in listing


def test_note_form_shows_errors_inline(fresh_client: TestClient, engine: Engine) -> None:
    _sign_in(fresh_client, engine)
    form = BeautifulSoup(fresh_client.get("/research/new").text, "html.parser")
    token = form.select_one("input[name='csrf_token']")["value"]
    response = fresh_client.post(
        "/research", data={"csrf_token": token, "title": "", "body": "x", "tickers": "ZZZ"}
    )
    assert response.status_code == 422
    errors = BeautifulSoup(response.text, "html.parser").select_one(".form-errors").get_text()
    assert "title" in errors and "ZZZ" in errors


def test_publish_without_csrf_is_refused(fresh_client: TestClient, engine: Engine) -> None:
    _sign_in(fresh_client, engine)
    response = fresh_client.post("/research", data={"title": "x", "body": "y"})
    assert response.status_code == 403
