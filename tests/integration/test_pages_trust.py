"""What the pages say about how far to trust a score: what each gauge rests on and when
it is stale, each ticker's call and evidence on the note page, sentence scores without
hovering, and a research filter that agrees with the ticker's gauge."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup, Tag
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.config import Settings
from app.sentiment.splitter import strip_markdown
from tests.integration.test_pages import soup, text

SMALL_CAPS = "2024-12-09-small-caps-rate-cut-trade-crowded"


def _gauges(page: BeautifulSoup) -> dict[str, Tag]:
    return {text(f.select_one(".gauge-title")): f for f in page.select("figure.gauge")}


# -- gauges: what they rest on ------------------------------------------------------


@pytest.fixture
def today() -> dt.date:
    """Today's date when the test starts, not when the session did: a run that crosses
    midnight would otherwise expect ages a day short."""
    return dt.datetime.now(dt.UTC).date()


@pytest.fixture
def dated_client(engine: Engine, database_url: str, today: dt.date) -> Iterator[TestClient]:
    """Demo prices and notes dated relative to today: NVDA fresh (two notes, the newest
    12 days old), VTWO stale (120 days), the other tickers without research."""
    from app.market.service import run_refresh
    from app.research import notes as svc
    from app.web.app import create_app

    settings = Settings(database_url=database_url, env="test")
    run_refresh(engine, settings, source_name="demo", symbols=settings.tickers)
    for days, title, body in [
        (40, "Nvidia I", "Nvidia had a record quarter and demand is strong. We stay long NVDA."),
        (12, "Nvidia II", "Nvidia guidance was raised again. We stay long NVDA."),
        (120, "Small caps", "We downgrade small caps to underweight. Earnings fell again."),
    ]:
        when = (today - dt.timedelta(days=days)).isoformat()
        svc.create_note(
            engine, {"title": title, "body": body, "author": "A", "published_at": when}, settings
        )
    with TestClient(create_app(settings, engine)) as client:
        yield client


def _basis(figure: Tag) -> str:
    """The caption after the gauge's title."""
    caption = text(figure.select_one("figcaption"))
    return caption.removeprefix(text(figure.select_one(".gauge-title"))).strip()


def test_dashboard_gauges_say_what_they_rest_on(dated_client: TestClient, today: dt.date) -> None:
    gauges = _gauges(soup(dated_client, "/"))
    newest = (today - dt.timedelta(days=12)).isoformat()
    assert _basis(gauges["All research"]) == f"3 notes, newest 12 days ago ({newest})"
    assert _basis(gauges["NVDA"]) == f"2 notes, newest 12 days ago ({newest})"
    assert gauges["NVDA"].select_one("time")["datetime"] == newest
    assert "gauge-stale" not in gauges["NVDA"]["class"]
    assert "3 notes, newest 12 days ago" in gauges["All research"].svg["aria-label"]


def test_a_stale_gauge_says_so(dated_client: TestClient, today: dt.date) -> None:
    vtwo = _gauges(soup(dated_client, "/"))["VTWO"]
    old = (today - dt.timedelta(days=120)).isoformat()
    assert "gauge-stale" in vtwo["class"]  # styled muted
    assert _basis(vtwo) == f"1 note, newest 120 days ago ({old}) Stale: no note in 90 days"
    assert vtwo.select_one(".gauge-stale-flag")
    assert "stale: no note in 90 days" in vtwo.svg["aria-label"]
    # The ticker page says it too.
    page = soup(dated_client, "/tickers/VTWO")
    mood = page.select_one("#mood-title").find_parent("section").select_one("figure.gauge")
    assert "gauge-stale" in mood["class"] and "Stale: no note in 90 days" in text(mood)


def test_a_gauge_without_notes_says_no_research_yet(dated_client: TestClient) -> None:
    qqq = _gauges(soup(dated_client, "/"))["QQQ"]
    assert _basis(qqq) == "no research yet"
    assert "gauge-empty" in qqq["class"] and "gauge-stale" in qqq["class"]
    assert qqq.select_one("text.g-label").get_text() == "no research yet"
    page = soup(dated_client, "/tickers/QQQ")
    mood = page.select_one("#mood-title").find_parent("section").select_one("figure.gauge")
    assert _basis(mood) == "no research yet"


def test_ticker_gauge_rests_on_its_notes(dated_client: TestClient, today: dt.date) -> None:
    page = soup(dated_client, "/tickers/NVDA")
    mood = page.select_one("#mood-title").find_parent("section").select_one("figure.gauge")
    newest = (today - dt.timedelta(days=12)).isoformat()
    assert _basis(mood) == f"2 notes, newest 12 days ago ({newest})"


def test_sample_gauges_agree_with_the_sentiment_api(
    site_client: TestClient, today: dt.date
) -> None:
    data = site_client.get("/api/v1/sentiment").json()
    gauges = _gauges(soup(site_client, "/"))
    for symbol, entry in data["tickers"].items():
        figure = gauges[symbol]
        if not entry["note_count"]:
            assert _basis(figure) == "no research yet"
            continue
        newest = dt.date.fromisoformat(entry["as_of"][:10])
        age = (today - newest).days
        count = entry["note_count"]
        assert _basis(figure).startswith(f"{count} note{'' if count == 1 else 's'}, newest ")
        assert f"({newest.isoformat()})" in _basis(figure)
        assert ("gauge-stale" in figure["class"]) == (age > 90)


# -- the note page: calls and evidence ----------------------------------------------


def _calls(page: BeautifulSoup) -> dict[str, Tag]:
    section = page.select_one("#note-tickers-title").find_parent("section")
    return {body.th.get_text(strip=True): body for body in section.select("tbody")}


def test_note_page_shows_each_call_and_its_evidence(site_client: TestClient) -> None:
    page = soup(site_client, f"/research/{SMALL_CAPS}")
    api = page.select_one("#note-tickers-title").find_parent("section").select_one(".card-head a")
    scores = site_client.get(api["href"]).json()["ticker_scores"]
    calls = _calls(page)
    assert set(calls) == set(scores)
    for symbol, row in calls.items():
        t = scores[symbol]
        assert t["label"] in text(row.select_one(".pill"))
        assert t["call"] is not None  # both tickers carry an explicit call in this note
        index = t["call"]["sentence"]
        link = row.select_one("a.call-link")
        assert link["href"] == f"#s-{index}" and text(link) == f"sentence {index + 1}"
        quote = text(row.select_one("q.call-quote"))
        assert quote == " ".join(strip_markdown(t["call"]["text"]).split())
        # The link lands on the highlighted sentence, a tab stop with its score tip.
        target = page.select_one(f".note-body #s-{index}")
        assert target["tabindex"] == "0" and target.select_one(".sent-tip")
        pieces = page.select(f".note-body .sent[data-s='{index}']")
        spoken = " ".join(
            "".join(
                str(c) for p in pieces for c in p.strings if "sent-tip" not in c.parent["class"]
            ).split()
        )
        assert spoken == quote
    assert "Rating call" in text(calls["VTWO"]) and "Position call" in text(calls["SPY"])
    assert re.search(r"[+−]\d\.\d\d", text(calls["VTWO"].select("td")[1]))  # the tone


def test_a_ticker_without_a_call_says_tone_decides(site_client: TestClient) -> None:
    items = site_client.get("/api/v1/research?ticker=QQQ").json()["items"]
    for item in items:
        scores = site_client.get(f"/api/v1/research/{item['id']}").json()["ticker_scores"]
        if scores["QQQ"]["call"] is None and scores["QQQ"]["mentions"]:
            break
    else:
        pytest.fail("no sample note names QQQ without a call")
    row = _calls(soup(site_client, f"/research/{item['id']}"))["QQQ"]
    assert "No explicit call — tone decides." in text(row)
    assert not row.select("a.call-link, q")


def test_scores_can_be_shown_inline(site_client: TestClient) -> None:
    page = soup(site_client, f"/research/{SMALL_CAPS}")
    toggle = page.select_one(".note-body input#show-scores[type=checkbox]")
    assert toggle and text(page.select_one("label[for=show-scores]")) == "Show scores"
    tips = page.select(".note-body .sent-tip")
    assert len(tips) == len(page.select(".note-body .sent[tabindex='0']")) > 10
    for tip in tips:
        assert tip.parent["aria-describedby"] == tip["id"]
        assert re.match(r"(mildly )?(negative|positive)|neutral", text(tip))


# -- the research filter agrees with the gauge --------------------------------------


def test_ticker_and_sentiment_filter_uses_the_tickers_label(site_client: TestClient) -> None:
    items = site_client.get("/api/v1/research?ticker=VTWO&per_page=50").json()["items"]
    labels = {
        i["id"]: site_client.get(f"/api/v1/research/{i['id']}").json()["ticker_scores"]["VTWO"][
            "label"
        ]
        for i in items
    }
    overall = {i["id"]: i["label"] for i in items}
    # A note that reads one way overall and another for VTWO makes the test meaningful.
    assert any(labels[n] == "negative" != overall[n] for n in labels)
    page = soup(site_client, "/research?ticker=VTWO&label=negative")
    shown = {int(a["href"].rsplit("/", 1)[1]) for a in page.select(".note-grid .note-title a")}
    assert shown == {n for n, label in labels.items() if label == "negative"}
    api = site_client.get("/api/v1/research?ticker=VTWO&label=negative&per_page=50").json()
    assert {i["id"] for i in api["items"]} == shown
    # Each card shows VTWO's stance first, then the note's own reading.
    for card in page.select(".note-grid .note-card"):
        pills = [text(p) for p in card.select(".pill")]
        assert pills[0].startswith("VTWO: negative −") and pills[1].startswith("Note: ")
    assert "that ticker’s stance" in text(page.select_one("form#filters .filter-hint"))
    # Without a ticker, the label filter and the cards use the note's label.
    plain = soup(site_client, "/research?label=negative&per_page=50")
    for card in plain.select(".note-grid .note-card"):
        assert text(card.select_one(".pill")).startswith("negative −")


def test_ticker_page_cards_show_the_tickers_stance(site_client: TestClient) -> None:
    page = soup(site_client, "/tickers/VTWO")
    cards = page.select_one("#notes-title").find_parent("section").select(".note-card")
    assert cards and all(text(c.select_one(".pill")).startswith("VTWO: ") for c in cards)
