"""The front door at `/`: visitors see what Dispersion is, with live examples from the
data; signed-in users get the dashboard; the page cache never mixes the two."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.alerts import service as alerts
from app.config import Settings
from app.research.notes import list_notes
from app.web import frontdoor
from tests.databases import cloned_database
from tests.integration.leads_support import add_user, client_for, login, make_app

PROMISES = ["AI-powered research", "Real-time alerts", "Portfolio analytics"]


@pytest.fixture(scope="module")
def site_url(
    site_db: tuple[str, Settings], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    # A private copy: these tests add users.
    with cloned_database(site_db[0], tmp_path_factory.mktemp("front"), "front") as url:
        yield url


@pytest.fixture
def app(site_url: str) -> FastAPI:
    app = make_app(site_url)
    add_user(app, f"ana{id(app)}", "analyst")
    return app


def _page(client: TestClient, path: str = "/") -> BeautifulSoup:
    response = client.get(path, headers={"accept": "text/html"})
    assert response.status_code == 200
    return BeautifulSoup(response.text, "html.parser")


def test_visitor_gets_the_front_door_with_live_examples(app: FastAPI) -> None:
    with client_for(app) as visitor:
        response = visitor.get("/", headers={"accept": "text/html"})
        page = BeautifulSoup(response.text, "html.parser")
    assert "Cookie" in [v.strip() for v in response.headers["vary"].split(",")]
    hero = page.select_one("section.hero")
    assert hero.h1 is not None and page.select("h1") == [hero.h1]
    assert "AI-powered research, real-time alerts, and portfolio analytics" in hero.get_text(
        " ", strip=True
    )
    assert [h.get_text(strip=True) for h in hero.select(".promise h2")] == PROMISES
    assert hero.select_one("a.cta[href='/demo']").get_text(strip=True) == "Request a Demo"
    # The research example: the newest note's strongest call, quoted, with its gauge.
    newest = next(n for n in list_notes(app.state.engine, per_page=8).items if any(
        t.call_kind for t in n.tickers))  # fmt: skip
    strongest = max((t for t in newest.tickers if t.call_kind), key=lambda t: abs(t.score))
    research = hero.select(".promise")[0]
    assert research.select_one("q").get_text() in " ".join((strongest.call_text or "").split())
    assert research.select_one(f"a[href='/research/{newest.id}']")
    assert strongest.label in research.select_one("svg[role=img]")["aria-label"]
    # The alert example: no event is stored here, so the sample rule's backtest speaks.
    assert alerts.list_events(app.state.engine, limit=1) == []
    example = frontdoor.alert_example(app.state.engine)
    assert example is not None and not example["fired"]
    alert = hero.select(".promise")[1].get_text(" ", strip=True)
    assert example["message"] in alert and example["date"].isoformat() in alert
    assert "No rule has fired yet" in alert
    # The pair example: a drawn spread with the P&L in words.
    pair = hero.select(".promise")[2]
    assert pair.select_one("svg polyline")["points"].count(",") > 20
    assert "since entry" in pair.select_one("svg")["aria-label"]
    # The dashboard follows.
    assert page.select_one("#dashboard") and page.select_one("table.heatmap")


def test_signed_in_user_lands_on_the_dashboard(app: FastAPI) -> None:
    with client_for(app) as visitor:
        assert _page(visitor).select_one("section.hero") is not None  # cached for visitors
    with client_for(app) as member:
        assert login(member, f"ana{id(app)}").status_code == 303
        page = _page(member)
        assert page.select_one("section.hero") is None
        assert page.h1.get_text(strip=True) == "Dashboard"
        assert page.title.get_text() == "Dashboard · Dispersion"
        member.post("/logout", data={"csrf_token": _csrf(member)})
        assert _page(member).select_one("section.hero") is not None
    with client_for(app) as visitor:
        assert _page(visitor).select_one("section.hero") is not None


def test_conditional_get_does_not_cross_audiences(app: FastAPI) -> None:
    with client_for(app) as visitor:
        etag = visitor.get("/").headers["etag"]
        assert visitor.get("/", headers={"if-none-match": etag}).status_code == 304
    with client_for(app) as member:
        assert login(member, f"ana{id(app)}").status_code == 303
        again = member.get("/", headers={"if-none-match": etag})
        # A member's page is rendered for them: never a 304 on the visitors' ETag,
        # never cached on the way.
        assert again.status_code == 200 and again.headers.get("etag") != etag
        assert again.headers["cache-control"] == "no-store"


def _csrf(client: TestClient) -> str:
    found = _page(client, "/login").select_one("input[name=csrf_token]")
    return str(found["value"]) if found else ""


def test_head_has_description_open_graph_and_icons(app: FastAPI, tmp_path: Path) -> None:
    with client_for(app) as visitor:
        page = _page(visitor)
        head = page.head
        description = head.select_one("meta[name=description]")["content"]
        assert "AI-powered research, real-time alerts, and portfolio analytics" in description
        og = {m["property"]: m["content"] for m in head.select("meta[property^='og:']")}
        assert og["og:type"] == "website"
        assert og["og:description"] == description
        assert og["og:title"] == page.title.get_text()
        assert og["og:image"].endswith("/static/img/dashboard.png")
        links = head.select("link[rel~=icon], link[rel=apple-touch-icon]")
        icons = [link["href"] for link in links]
        assert "/static/favicon.svg" in icons
        for href in [*icons, "/static/img/dashboard.png"]:
            assert visitor.get(href).status_code == 200, href


def test_sparkline_scales_into_its_box() -> None:
    line = frontdoor.sparkline([100.0, 110.0, 90.0])
    assert line is not None
    ys = [float(p.split(",")[1]) for p in line["points"].split()]
    pad, height = frontdoor.SPARK_PAD, frontdoor.SPARK_HEIGHT
    assert (min(ys), max(ys)) == (pad, height - pad)
    assert line["base_y"] == height / 2
    assert frontdoor.sparkline([100.0]) is None
