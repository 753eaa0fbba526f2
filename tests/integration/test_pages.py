"""Each page with real data from the database, parsed as HTML."""

from __future__ import annotations

import csv
import io

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

HTML = {"accept": "text/html"}


def soup(client: TestClient, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(url, headers=HTML)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return BeautifulSoup(response.text, "html.parser")


def text(node: object) -> str:
    return " ".join(node.get_text(" ").split())  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/", "AI-powered research, real-time alerts and portfolio analytics · Dispersion"),
        ("/tickers/NVDA", "NVDA · NVIDIA Corporation · Dispersion"),
        ("/research", "Research · Dispersion"),
        ("/pairs", "Pairs · Dispersion"),
        ("/alerts", "Alerts · Dispersion"),
    ],
)
def test_pages_share_the_layout(site_client: TestClient, url: str, title: str) -> None:
    page = soup(site_client, url)
    assert page.title.string == title
    nav = page.select_one("nav.mainnav")
    assert [a["href"] for a in nav.select("a")] == [
        "/",
        "/research",
        "/pairs",
        "/portfolio",
        "/alerts",
    ]
    assert page.select_one("form.jump[action='/search'][method='get'] input[name='q']")
    assert page.select_one("a.cta[href='/demo']").get_text(strip=True) == "Request a Demo"
    assert page.select_one("link[rel='icon'][href='/static/favicon.svg']")
    footer = text(page.select_one("footer"))
    assert "synthetic demo data" in footer and "as of 20" in footer
    assert "Synthetic demo data" in text(page.select_one(".banner-synthetic"))
    # No inline scripts, handlers or styles (the CSP forbids them).
    for script in page.select("script"):
        assert script.get("src") or script.get("type") == "application/json"
    assert not page.select("[style]")
    assert not [t for t in page.find_all(True) if any(a.startswith("on") for a in t.attrs)]


def test_dashboard(site_client: TestClient) -> None:
    page = soup(site_client, "/")
    gauges = page.select("section[aria-labelledby='sentiment-title'] figure.gauge")
    assert len(gauges) == 1 + 5  # overall and one per ticker
    overall = gauges[0].select_one("svg[role='img']")
    assert "All research sentiment:" in overall["aria-label"]
    label = overall.select_one("text.g-label").get_text()
    assert label in {"negative", "mildly negative", "neutral", "mildly positive", "positive"}
    table = page.select_one("table.heatmap")
    periods = [th.get_text() for th in table.select("thead th")][1:]
    assert periods == ["1D", "1W", "1M", "3M", "6M", "YTD", "1Y", "3Y", "5Y"]
    rows = {tr.th.a.get_text(): tr for tr in table.select("tbody tr")}
    assert set(rows) == {"VTWO", "SPY", "QQQ", "NVDA", "MSFT"}
    cell = rows["NVDA"].select("td")[6]  # 1Y
    assert any(c.startswith("heat-") for c in cell["class"])
    assert cell.get_text().strip()[0] in "▲▼0"
    assert cell.get_text().endswith("pp")
    assert page.select(".note-card")
    assert "No alert has fired yet" in text(page)
    assert page.select_one("a[href='/performance.csv']")


def test_dashboard_table_twin_matches_the_snapshots(site_client: TestClient) -> None:
    rows = list(csv.DictReader(io.StringIO(site_client.get("/performance.csv").text)))
    metrics = site_client.get("/api/v1/tickers/NVDA/metrics").json()
    nvda_1y = next(r for r in rows if r["symbol"] == "NVDA" and r["period"] == "1Y")
    assert float(nvda_1y["relative"]) == pytest.approx(metrics["relative"]["1Y"], abs=1e-6)
    assert float(nvda_1y["return"]) == pytest.approx(metrics["returns"]["1Y"], abs=1e-6)


def test_ticker_page(site_client: TestClient) -> None:
    page = soup(site_client, "/tickers/nvda")
    assert page.select_one("h1 .ticker-symbol").get_text() == "NVDA"
    assert page.select_one("h1 .ticker-name").get_text() == "NVIDIA Corporation"
    assert "As of 20" in text(page.select_one(".page-head"))
    chart = page.select_one("#relative-chart[data-chart='lines']")
    assert chart is not None
    data = page.select_one("script#relative-chart-data[type='application/json']")
    assert '"symbol":"NVDA"' in data.string.replace(" ", "")
    switcher = page.select("nav.segmented a")
    assert [a.get_text() for a in switcher] == ["1M", "3M", "6M", "YTD", "1Y", "3Y", "5Y"]
    current = page.select_one("nav.segmented a[aria-current='true']")
    assert current.get_text() == "1Y"
    assert current["hx-push-url"] == "true" and current["href"] == "/tickers/NVDA?period=1Y"
    legend = [li["data-symbol"] for li in page.select(".legend-item")]
    assert legend[:2] == ["NVDA", "SPY"] and set(legend) == {"NVDA", "SPY", "VTWO", "QQQ", "MSFT"}
    twin = page.select_one("#chart-panel details.twin table")
    assert len(twin.select("tbody tr")) > 40
    story = text(page.select_one("#story-title").parent)
    assert "Over the past year, NVDA" in story and "beta to SPY" in story
    metrics_rows = page.select_one("#metrics-title").find_parent("section").select("tbody tr")
    assert len(metrics_rows) == 9 + 4
    gauge = page.select_one("#mood-title").find_parent("section").select_one("svg[role='img']")
    assert gauge.select_one("text.g-label").get_text() in gauge["aria-label"]
    assert page.select_one("#sentiment-chart") and page.select(".note-card")


def test_ticker_period_switch_changes_the_data(site_client: TestClient) -> None:
    one = site_client.get("/tickers/NVDA/chart.json?period=1M").json()
    five = site_client.get("/tickers/NVDA/chart.json?period=5Y").json()
    assert one["period"] == "1M" and five["period"] == "5Y"
    assert len(five["series"][0]["points"]) > 10 * len(one["series"][0]["points"])
    assert one["series"][0]["points"][0][1] == 100.0
    page = soup(site_client, "/tickers/NVDA?period=5Y")
    assert page.select_one("nav.segmented a[aria-current='true']").get_text() == "5Y"


def test_chart_csv_twin(site_client: TestClient) -> None:
    response = site_client.get("/tickers/NVDA/chart.csv?period=3M")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0][:2] == ["date", "NVDA"] and "SPY" in rows[0]
    assert float(rows[1][1]) == 100.0
    chart = site_client.get("/tickers/NVDA/chart.json?period=3M").json()
    assert len(rows) - 1 == len(chart["series"][0]["points"])


def test_sentiment_history_twin(site_client: TestClient) -> None:
    rows = list(csv.DictReader(io.StringIO(site_client.get("/tickers/NVDA/sentiment.csv").text)))
    assert rows and set(rows[0]) == {"date", "score", "label", "note_count"}


def test_research_list_filters_and_pagination(site_client: TestClient) -> None:
    page = soup(site_client, "/research")
    form = page.select_one("form#filters")
    assert form["method"] == "get" and form["action"] == "/research"
    assert form["hx-push-url"] == "true"
    all_cards = page.select("#results .note-card")
    assert len(all_cards) == 10
    nvda = soup(site_client, "/research?ticker=NVDA")
    assert nvda.select_one("#f-ticker option[selected]")["value"] == "NVDA"
    cards = nvda.select("#results .note-card")
    assert cards and all("NVDA" in text(c.select_one(".note-meta")) for c in cards)
    negative = soup(site_client, "/research?label=mildly+negative")
    for card in negative.select(".note-card"):
        assert card.select_one(".pill").get_text().startswith("mildly negative")
    search = soup(site_client, "/research?q=Microsoft")
    assert 0 < len(search.select(".note-card")) < 10
    dated = soup(site_client, "/research?from=2026-01-01&to=2026-06-30")
    for card in dated.select(".note-card time"):
        assert "2026-01-01" <= card.get_text() <= "2026-06-30"
    paged = soup(site_client, "/research?per_page=3&page=2&ticker=SPY")
    assert "page 2 of 3" in text(paged.select_one("#results-title"))
    assert len(paged.select(".note-card")) == 3
    assert paged.select_one("a[rel='prev']")["href"] == "/research?ticker=SPY&per_page=3"
    assert paged.select_one("a[rel='next']")["href"] == "/research?ticker=SPY&per_page=3&page=3"


def test_research_list_bad_filters_are_explained(site_client: TestClient) -> None:
    page = soup(site_client, "/research?from=yesterday&ticker=ZZZ", status=422)
    errors = text(page.select_one(".form-errors"))
    assert "2026-07-13" in errors and "ZZZ" in errors
    assert page.select_one("form#filters")  # the form is there to correct them


def test_note_page(site_client: TestClient) -> None:
    listing = site_client.get("/api/v1/research?ticker=NVDA").json()["items"]
    note_id = listing[0]["id"]
    page = soup(site_client, f"/research/{note_id}")
    assert page.h1.get_text() == listing[0]["title"]
    body = page.select_one(".note-body")
    sentences = body.select("span.sent[data-s]")
    assert len(sentences) > 5
    focusable = [s for s in sentences if s.get("tabindex") == "0"]
    assert focusable and all(s.select_one(".sent-tip") for s in focusable)
    assert not body.select("script, img, iframe")
    gauge = page.select_one("figure.gauge svg[role='img']")
    assert listing[0]["label"] == gauge.select_one("text.g-label").get_text()
    table = page.select_one("#note-tickers-title").find_parent("section").select("tbody tr")
    assert "NVDA" in [tr.th.get_text() for tr in table if tr.th]


def test_note_by_slug(site_client: TestClient) -> None:
    item = site_client.get("/api/v1/research").json()["items"][0]
    page = soup(site_client, f"/research/{item['slug']}")
    assert page.h1.get_text() == item["title"]


def test_pairs_page_offers_the_notes_pair_when_none_is_saved(site_client: TestClient) -> None:
    page = soup(site_client, "/pairs")
    stats = {text(d.dt): text(d.dd) for d in page.select("dl.stats > div")}
    assert "P&L since entry (2026-01-12)" in stats and stats["z-score (1 year)"] != "—"
    example = soup(site_client, "/pairs/example")
    assert "Long SPY 50 % + QQQ 50 % / short VTWO" in text(example.select_one(".page-head"))
    assert example.select_one("#pair-chart") and example.select_one("details.twin table")
    rows = list(csv.DictReader(io.StringIO(site_client.get("/pairs/example.csv").text)))
    assert float(rows[0]["spread"]) == 100.0 and rows[0]["date"] == "2026-01-12"


def test_portfolio_page(site_client: TestClient) -> None:
    page = soup(site_client, "/portfolio?weights=NVDA%3D0.4%2CMSFT%3D0.4%2CVTWO%3D-0.2")
    assert page.title.get_text() == "Portfolio · Dispersion"
    assert len(page.select("#pf-stats dd")) == 6 and page.select_one("#pf-chart")


def test_alerts_shell(site_client: TestClient) -> None:
    assert "No alert rules yet, so no alert has fired." in text(soup(site_client, "/alerts"))


@pytest.mark.parametrize("url", ["/research/999999", "/research/no-such-note", "/no/such/page"])
def test_not_found_pages(site_client: TestClient, url: str) -> None:
    page = soup(site_client, url, status=404)
    assert page.h1.get_text() == "Not found"
    assert page.select_one("a[href='/']")


def test_symbol_jump_redirects(site_client: TestClient) -> None:
    response = site_client.get("/tickers?symbol=msft", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/tickers/MSFT"


def test_api_404_stays_json(site_client: TestClient) -> None:
    response = site_client.get("/api/v1/nothing-here", headers=HTML)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")


def test_stale_banner_follows_the_exchange_calendar(site_client: TestClient) -> None:
    import datetime as dt

    assert not soup(site_client, "/alerts").select(".banner-stale")
    pages = site_client.app.state.pages  # type: ignore[attr-defined]
    # Ten days later, with no new bars, the calendar expects newer sessions.
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=10)
    pages._now, pages._session = (lambda: later), None
    try:
        banner = soup(site_client, "/alerts").select_one(".banner-stale")
        assert banner is not None and "Prices may be stale" in banner.get_text()
    finally:
        pages._now, pages._session = (lambda: dt.datetime.now(dt.UTC)), None
