"""The portfolio page on the shared real prices: the same figures as the API, a
contribution table that adds up, the research stance, CSV twin, inline 422s, and
portfolios saved per user."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.research.notes import get_overall
from tests.integration.analytics_support import HTML, HX, csrf_of, signed_in

WEIGHTS = "NVDA=0.4,MSFT=0.4,VTWO=-0.2"
QUERY = {"weights": WEIGHTS, "from": "2025-01-02"}


def shown(client: TestClient, params: dict | list, status: int = 200) -> BeautifulSoup:
    answer = client.get(f"/portfolio?{urlencode(params)}", headers=HTML)
    assert answer.status_code == status, answer.text[:400]
    return BeautifulSoup(answer.text, "html.parser")


def figures(page: BeautifulSoup) -> dict[str, float]:
    return {dd["data-key"]: float(dd["data-value"]) for dd in page.select("#pf-stats dd")}


def test_page_figures_equal_the_api(visitor: TestClient) -> None:
    api = visitor.get("/api/v1/portfolio", params=QUERY).json()
    page = shown(visitor, QUERY)
    got = figures(page)
    for key in ("return", "volatility", "beta", "correlation", "max_drawdown"):
        assert got[key] == api[key], key  # the exact float, not a rounding of it
    title = page.select_one("#pf-results-title").get_text()
    assert api["start"] in title and api["end"] in title
    cells = {td["data-symbol"]: float(td["data-value"]) for td in page.select("td[data-symbol]")}
    assert cells == api["contributions"]
    total = float(page.select_one("#pf-positions tfoot td[data-value]")["data-value"])
    assert total == api["return"]
    assert sum(cells.values()) == pytest.approx(total, abs=1e-15)
    assert page.select_one("#pf-chart-data") and page.select_one("details.twin table")


def test_rows_and_text_give_the_same_portfolio(visitor: TestClient) -> None:
    rows = [("symbol", "NVDA"), ("weight", "0.4"), ("symbol", "MSFT"), ("weight", "40%"),
            ("symbol", "VTWO"), ("weight", "-0.2"), ("symbol", ""), ("weight", ""),
            ("from", "2025-01-02")]  # fmt: skip
    assert figures(shown(visitor, rows)) == figures(shown(visitor, QUERY))


def test_the_stance_weighs_each_tickers_research(real_app: FastAPI, visitor: TestClient) -> None:
    stored = get_overall(real_app.state.engine, ["NVDA", "MSFT", "VTWO"])["tickers"]
    expected = sum(
        w * stored[s]["score"] for s, w in {"NVDA": 0.4, "MSFT": 0.4, "VTWO": -0.2}.items()
    )
    page = shown(visitor, QUERY)
    assert figures(page)["stance"] == pytest.approx(expected, abs=1e-12)
    labels = [tr.select("td")[-1].get_text(" ") for tr in page.select("#pf-positions tbody tr")]
    for symbol, label in zip(["NVDA", "MSFT", "VTWO"], labels, strict=True):
        assert stored[symbol]["label"] in label


def test_csv_twin_parses(visitor: TestClient) -> None:
    api = visitor.get("/api/v1/portfolio", params=QUERY).json()
    answer = visitor.get(f"/portfolio.csv?{urlencode(QUERY)}")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    positions = {r["symbol"]: r for r in rows if r["row"] == "position"}
    assert {s: float(r["weight"]) for s, r in positions.items()} == api["weights"]
    assert {s: float(r["contribution"]) for s, r in positions.items()} == api["contributions"]
    (total,) = [r for r in rows if r["row"] == "total"]
    assert float(total["contribution"]) == api["return"]
    values = [r for r in rows if r["row"] == "value"]
    assert (values[0]["date"], values[-1]["date"]) == (api["start"], api["end"])
    assert float(values[0]["value"]) == 1.0 == float(values[0]["benchmark"])
    assert float(values[-1]["value"]) - 1 == pytest.approx(api["return"], abs=1e-15)


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"weights": "NVDA=abc"}, "weights", "not a number"),
        ({"weights": "AAPL=0.5"}, "weights", "unknown symbol AAPL"),
        ({"weights": "NVDA=1e400"}, "weights", "non-zero weight"),
        ({"weights": "A" * 3000}, "weights", "2,000"),
        ({"weights": "NVDA=0.5", "from": "1990-01-01"}, "weights", "1990-01-01"),
        ({"weights": "NVDA=0.5", "from": "0001-01-01"}, "from", "between 1900"),
        ({"weights": "NVDA=0.5", "to": "31/12/2025"}, "to", "2026-07-13"),
        ({"symbol": "NVDA", "weight": "x"}, "weights", "not a number"),
    ],
)
def test_bad_input_is_shown_inline_with_422(
    visitor: TestClient, params: dict, field: str, words: str
) -> None:
    page = shown(visitor, params, status=422)
    assert words in page.select_one(f"#{field}-error").get_text()
    assert page.select_one("#pf-results") is None
    assert visitor.get(f"/portfolio.csv?{urlencode(params)}").status_code == 422


def test_htmx_gets_only_the_fragment(visitor: TestClient) -> None:
    url = f"/portfolio?{urlencode(QUERY)}"
    full, part = visitor.get(url, headers=HTML), visitor.get(url, headers=HX)
    assert full.status_code == part.status_code == 200
    for answer in (full, part):
        assert "HX-Request" in [v.strip() for v in answer.headers["vary"].split(",")]
    assert "<html" in full.text and "<html" not in part.text
    fragment = BeautifulSoup(part.text, "html.parser")
    top = [t for t in fragment.children if getattr(t, "name", None)]
    assert len(top) == 1 and top[0] is fragment.select_one("div#portfolio-panel")
    assert part.headers["hx-push-url"].startswith("/portfolio?weights=")
    bad = visitor.get("/portfolio?weights=NVDA%3Dx", headers=HX)
    assert bad.status_code == 422 and "<html" not in bad.text


def test_saved_portfolios_belong_to_their_owner(real_app: FastAPI, visitor: TestClient) -> None:
    ana, bob = signed_in(real_app, "ana"), signed_in(real_app, "bob")
    token = csrf_of(ana, f"/portfolio?{urlencode(QUERY)}")
    form = {"csrf_token": token, "name": "AI vs small caps", "weights": WEIGHTS}
    answer = ana.post("/portfolio/saved", data=form)
    assert answer.status_code == 303
    listed = shown(ana, {}).select(".saved-list li")
    assert len(listed) == 1 and "AI vs small caps" in listed[0].get_text()
    link = listed[0].a["href"]
    loaded = BeautifulSoup(ana.get(link, headers=HTML).text, "html.parser")
    assert figures(loaded)["return"] == figures(shown(ana, {"weights": WEIGHTS}))["return"]
    assert shown(bob, {}).select(".saved-list li") == []
    saved_id = listed[0].form["action"].split("/")[3]
    bob_token = csrf_of(bob, f"/portfolio?{urlencode(QUERY)}")
    answer = bob.post(f"/portfolio/saved/{saved_id}/delete", data={"csrf_token": bob_token})
    assert answer.status_code == 404
    # Anonymous users compute, but can't save or delete.
    anon_token = csrf_of(visitor, "/login")
    for url, data in (("/portfolio/saved", {"name": "x", "weights": WEIGHTS}),
                      (f"/portfolio/saved/{saved_id}/delete", {})):  # fmt: skip
        answer = visitor.post(url, data={**data, "csrf_token": anon_token})
        assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
    assert len(shown(ana, {}).select(".saved-list li")) == 1
    answer = ana.post(f"/portfolio/saved/{saved_id}/delete", data={"csrf_token": token})
    assert answer.status_code == 303
    assert shown(ana, {}).select(".saved-list li") == []


def test_a_save_over_the_body_limit_is_refused_before_it_is_read(
    analyst: TestClient, real_app: FastAPI
) -> None:
    limit = real_app.state.settings.max_form_bytes
    token = csrf_of(analyst, f"/portfolio?{urlencode(QUERY)}")
    data = {"csrf_token": token, "name": "x" * limit, "weights": WEIGHTS}
    answer = analyst.post("/portfolio/saved", data=data)
    assert answer.status_code == 413 and "Request too large" in answer.text
    assert shown(analyst, {}).select(".saved-list li") == []


def test_saving_needs_a_name(analyst: TestClient) -> None:
    token = csrf_of(analyst, f"/portfolio?{urlencode(QUERY)}")
    answer = analyst.post("/portfolio/saved", data={"csrf_token": token, "name": " ",
                                                    "weights": WEIGHTS})  # fmt: skip
    assert answer.status_code == 422 and "Give it a name" in answer.text
