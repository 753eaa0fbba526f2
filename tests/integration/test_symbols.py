"""Ticker headers, symbol search and adding a symbol to the universe, through the web."""

from __future__ import annotations

import csv
import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.config import Settings
from app.market.service import run_refresh
from app.web.app import create_app
from tests.conftest import shared_prices_or_skip

HTML = {"accept": "text/html"}
HX = {"HX-Request": "true"}
MINUS = "\u2212"


def soup(client: TestClient, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(url, headers=HTML)
    assert response.status_code == status, response.text[:500]
    return BeautifulSoup(response.text, "html.parser")


def text(node: object) -> str:
    return " ".join(node.get_text(" ").split())  # type: ignore[attr-defined]


def figure(page: BeautifulSoup, name: str) -> str:
    return text(page.select_one(f"[data-figure='{name}']"))


# -- the header against the shared real prices -----------------------------------------


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return [r for r in csv.DictReader(handle) if r["Close"]]


@pytest.fixture
def shared_client(engine: Engine) -> Iterator[TestClient]:
    prices = shared_prices_or_skip()
    settings = Settings(tickers=["VTWO", "SPY", "QQQ", "NVDA", "MSFT"], benchmark="SPY", env="test")
    summary = run_refresh(
        engine, settings, source_name="csv", symbols=settings.tickers, csv_dir=prices,
        today=dt.date(2026, 11, 24),
    )  # fmt: skip
    assert summary.status == "ok", summary.errors
    with TestClient(create_app(settings, engine)) as client:
        yield client


def test_nvda_header_matches_an_independent_reading_of_the_csv(
    shared_client: TestClient,
) -> None:
    rows = csv_rows(shared_prices_or_skip() / "NVDA.csv")
    last, previous = rows[-1], rows[-2]
    as_of = dt.date.fromisoformat(last["Date"])
    year_ago = as_of.replace(year=as_of.year - 1)
    year = [r for r in rows if dt.date.fromisoformat(r["Date"]) > year_ago]
    high = max(float(r["High"]) for r in year)
    low = min(float(r["Low"]) for r in year)
    close, prev = float(last["Close"]), float(previous["Close"])

    page = soup(shared_client, "/tickers/NVDA")
    assert figure(page, "close") == f"{close:.2f}"
    assert figure(page, "high") == f"{high:.2f}" and figure(page, "low") == f"{low:.2f}"
    change = close - prev
    sign = "+" if change > 0 else MINUS
    assert f"{sign}{abs(change):.2f}" in figure(page, "change")
    assert f"{abs(change / prev) * 100:.2f}" in figure(page, "change")
    assert figure(page, "volume") == f"{int(float(last['Volume'])):,}"
    assert f"As of {as_of.isoformat()}" in text(page.select_one(".page-head"))
    assert text(page.select_one("h1")) == "NVDA NVIDIA Corporation"
    bar = page.select_one("svg.range-bar")
    position = (close - low) / (high - low)
    assert bar.select_one("circle")["cx"] == f"{position * 100:.2f}%"


# -- pages on the shared demo site ------------------------------------------------------


def test_chart_data_says_its_unit(site_client: TestClient) -> None:
    chart = site_client.get("/tickers/NVDA/chart.json?period=3M").json()
    assert chart["unit"] == "index_100" and chart["series"][0]["points"][0][1] == 100.0
    response = site_client.get("/tickers/NVDA/chart.csv?period=3M")
    assert "rebased-to-100" in response.headers["content-disposition"]
    page = soup(site_client, "/tickers/NVDA?period=3M")
    assert "% change" in text(page.select_one("#chart-title"))
    assert "rebased to 100" in text(page.select_one("#chart-panel details.twin summary"))


def test_benchmark_page_compares_the_universe_against_it(site_client: TestClient) -> None:
    page = soup(site_client, "/tickers/SPY")
    whole = text(page)
    assert "SPY vs SPY" not in whole and "Beta to SPY" not in whole
    metrics = page.select_one("#metrics-title").find_parent("section")
    assert [text(th) for th in metrics.select("thead th")] == ["Period", "Return"]
    peers = page.select_one("#peers-title").find_parent("section")
    assert [a.get_text() for a in peers.select("tbody th a")] == ["VTWO", "QQQ", "NVDA", "MSFT"]
    assert "0.0 pp" not in text(peers)
    legend = [li["data-symbol"] for li in page.select(".legend-item")]
    assert legend[0] == "SPY" and set(legend) == {"SPY", "VTWO", "QQQ", "NVDA", "MSFT"}
    assert "the universe" in text(page.select_one("#chart-title"))
    # Other tickers still show their figures against the benchmark.
    nvda = soup(site_client, "/tickers/NVDA")
    assert "Beta to SPY" in text(nvda) and not nvda.select("#peers-title")


def test_suggestions_list_symbols_and_names(site_client: TestClient) -> None:
    response = site_client.get("/search/suggest?q=nv", headers=HX)
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser")
    options = page.select("[role='option']")
    assert options[0]["href"] == "/tickers/NVDA"
    assert text(options[0]) == "NVDA NVIDIA Corporation"
    assert "matching symbol" in text(page.select_one("#jump-note[hx-swap-oob]"))
    by_name = BeautifulSoup(site_client.get("/search/suggest?q=micro").text, "html.parser")
    assert [o["href"] for o in by_name.select("[role='option']")] == ["/tickers/MSFT"]
    none = BeautifulSoup(site_client.get("/search/suggest?q=aapl").text, "html.parser")
    assert not none.select("[role='option']") and "No symbol" in text(none)
    box = soup(site_client, "/").select_one("form.jump input[role='combobox']")
    assert box["hx-get"] == "/search/suggest" and "delay:200ms" in box["hx-trigger"]


@pytest.mark.parametrize(
    ("q", "reason"),
    [("x" * 201, "200 characters"), ("a\x00b", "control characters"), ("w " * 30, "20 words")],
)
def test_hostile_suggestion_queries_are_a_clear_422(
    site_client: TestClient, q: str, reason: str
) -> None:
    response = site_client.get("/search/suggest", params={"q": q})
    assert response.status_code == 422 and reason in response.text


@pytest.mark.parametrize(
    ("q", "target"),
    [
        ("nvda", "/tickers/NVDA"),
        ("Microsoft", "/tickers/MSFT"),
        ("$spy", "/tickers/SPY"),
        ("aapl", "/tickers/AAPL"),
        ("", "/"),
        ("x" * 300, "/"),
    ],
)
def test_the_search_form_works_without_javascript(
    site_client: TestClient, q: str, target: str
) -> None:
    response = site_client.get("/search", params={"q": q}, follow_redirects=False)
    if len(q) > 200:
        assert response.status_code == 422
        return
    assert response.status_code == 303 and response.headers["location"] == target


def test_unknown_symbol_page_offers_close_matches(site_client: TestClient) -> None:
    page = soup(site_client, "/tickers/NVDIA", status=404)
    assert text(page.h1) == "No prices for the symbol “NVDIA”"
    assert page.select_one(".match-list a[href='/tickers/NVDA']")
    assert page.select_one("a[href='/login?next=/tickers/NVDIA']")  # anonymous: sign in
    assert not page.select("form.add-symbol")
    aapl = site_client.get("/tickers/AAPL", headers=HTML)
    assert aapl.status_code == 404 and aapl.headers["cache-control"] == "no-store"
    assert "isn't in this site's universe" in aapl.text
    hostile = soup(site_client, "/tickers/%3Cscript%3E", status=404)
    assert "not a symbol" in text(hostile) and not hostile.select("form.add-symbol")
    api = site_client.get("/tickers/AAPL", headers={"accept": "application/json"})
    assert api.status_code == 404 and api.json()["error"]


# -- adding a symbol ---------------------------------------------------------------------


@pytest.fixture
def demo_client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    settings = Settings(database_url=database_url, env="test", price_source="demo")
    run_refresh(engine, settings, source_name="demo", symbols=settings.tickers)
    with TestClient(create_app(settings, engine)) as client:
        yield client


def sign_in(client: TestClient, engine: Engine, role: str = "analyst") -> None:
    from app.accounts.service import create_user
    from app.db import session_scope

    with session_scope(engine) as db:
        create_user(db, "ana", role, "correct horse battery staple")
    token = soup(client, "/login").select_one("input[name='csrf_token']")["value"]
    response = client.post(
        "/login",
        data={"username": "ana", "password": "correct horse battery staple", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:300]


def wait_until_done(client: TestClient, url: str, seconds: float = 60.0) -> BeautifulSoup:
    deadline = time.monotonic() + seconds
    while True:
        fragment = BeautifulSoup(client.get(url, headers=HX).text, "html.parser")
        status = fragment.select_one("#add-status")
        if "hx-trigger" not in status.attrs:
            return fragment
        assert status["hx-trigger"] == "every 2s"
        assert time.monotonic() < deadline, "the fetch did not finish"
        time.sleep(0.2)


def test_an_analyst_adds_a_symbol_and_its_page_appears(
    demo_client: TestClient, engine: Engine
) -> None:
    sign_in(demo_client, engine)
    page = soup(demo_client, "/tickers/AAPL", status=404)
    form = page.select_one("form.add-symbol[method='post'][action='/universe']")
    data = {i["name"]: i["value"] for i in form.select("input[type='hidden']")}
    assert data["symbol"] == "AAPL" and data["csrf_token"]

    response = demo_client.post("/universe", data=data, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/universe/AAPL"
    done = wait_until_done(demo_client, "/universe/AAPL")
    assert "AAPL is ready" in text(done)
    assert done.select_one("a[href='/tickers/AAPL']")

    ticker = soup(demo_client, "/tickers/AAPL")
    assert figure(ticker, "close")
    assert "AAPL" in demo_client.app.state.settings.universe  # type: ignore[attr-defined]
    suggestions = demo_client.get("/search/suggest?q=aap").text
    assert "/tickers/AAPL" in suggestions
    # Adding it again is a no-op that shows the finished state.
    again = demo_client.post("/universe", data=data, follow_redirects=False)
    assert again.headers["location"] == "/universe/AAPL"
    assert "AAPL is ready" in text(soup(demo_client, "/universe/AAPL"))


def test_adding_needs_an_analyst_and_a_csrf_token(demo_client: TestClient, engine: Engine) -> None:
    anonymous = demo_client.post("/universe", data={"symbol": "AAPL"}, follow_redirects=False)
    assert anonymous.status_code in (303, 403)
    assert "AAPL" not in demo_client.get("/search/suggest?q=aapl").text
    sign_in(demo_client, engine)
    refused = demo_client.post("/universe", data={"symbol": "AAPL"}, follow_redirects=False)
    assert refused.status_code == 403
    token = soup(demo_client, "/tickers/AAPL", status=404).select_one("input[name='csrf_token']")[
        "value"
    ]
    bad = demo_client.post("/universe", data={"symbol": "<b>", "csrf_token": token})
    assert bad.status_code == 422 and "not a symbol" in bad.text


def test_added_symbols_survive_a_restart(demo_client: TestClient, engine: Engine) -> None:
    from app.market import universe

    assert universe.claim(engine, "AAPL", "ana", 100)
    assert not universe.claim(engine, "AAPL", "ana", 100)  # already queued: one fetch at a time
    settings = Settings(env="test", price_source="demo")
    got = universe.fetch(engine, settings, "AAPL")
    assert got is not None and got.status == "ready"
    fresh = Settings(env="test")
    with TestClient(create_app(fresh, engine)) as client:
        assert "AAPL" in fresh.universe
        assert client.get("/tickers/AAPL", headers=HTML).status_code == 200


def test_the_added_symbols_cap_is_the_setting(engine: Engine) -> None:
    from app.market import universe

    assert universe.claim(engine, "AAPL", "ana", max_added=1)
    assert not universe.claim(engine, "AAPL", "ana", max_added=1)  # already there: no new row
    with pytest.raises(universe.TooManySymbols, match="already has 1 added symbols"):
        universe.claim(engine, "AMZN", "ana", max_added=1)
    assert universe.status(engine, "AMZN") is None  # refused: nothing recorded


def test_an_added_symbol_joins_the_dashboard_table(demo_client: TestClient, engine: Engine) -> None:
    from app.market import universe

    before = demo_client.get("/performance.csv").text
    assert "\nAAPL," not in before
    universe.claim(engine, "AAPL", "ana", 100)
    universe.fetch(engine, demo_client.app.state.settings, "AAPL")  # type: ignore[attr-defined]
    rows = demo_client.get("/performance.csv").text.splitlines()
    assert any(r.startswith("AAPL,1Y,SPY,") for r in rows)
