"""The dashboard with a wide universe (300 symbols): movers, a paginated table sortable
by any column (swapped by htmx, plain links without it) and a CSV twin with every row."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from app.config import Settings
from app.db import make_engine
from app.market.analytics import PERIODS
from app.web import perf_index
from tests.integration.scale_support import build_wide_db

EXTRA = 295  # with the 5 default tickers: 300 symbols, 6 pages of 50


@pytest.fixture(scope="module")
def wide_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Settings]:
    return build_wide_db(tmp_path_factory.mktemp("wide") / "wide.db", EXTRA)


@pytest.fixture(scope="module")
def client(wide_db: tuple[str, Settings]) -> Iterator[TestClient]:
    from app.web.app import create_app

    engine = make_engine(wide_db[0])
    with TestClient(create_app(wide_db[1], engine)) as c:
        yield c
    engine.dispose()


@pytest.fixture(scope="module")
def snapshot_rows(client: TestClient) -> dict[str, dict[str, str]]:
    """Each symbol's 1Y and 1D relative (return for the benchmark) from the CSV twin."""
    found: dict[str, dict[str, str]] = {}
    for row in csv.DictReader(io.StringIO(client.get("/performance.csv").text)):
        value = row["return"] if row["symbol"] == row["benchmark"] else row["relative"]
        found.setdefault(row["symbol"], {})[row["period"]] = value
    return found


def soup(response) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text[:300]
    return BeautifulSoup(response.text, "html.parser")


def table_symbols(page: BeautifulSoup) -> list[str]:
    return [tr.th.a.get_text() for tr in page.select("table.heatmap tbody tr")]


def every_page(client: TestClient, query: str) -> list[str]:
    """Follow the table's Next links from the first page, as a reader without JS would."""
    url: str | None = f"/?{query}"
    seen: list[str] = []
    while url is not None:
        page = soup(client.get(url))
        rows = table_symbols(page)
        assert 0 < len(rows) <= perf_index.PER_PAGE
        seen += rows
        nxt = page.select_one("nav.pager a[rel='next']")
        url = nxt["href"] if nxt else None
    return seen


def test_the_csv_twin_has_every_row(snapshot_rows: dict[str, dict[str, str]]) -> None:
    assert len(snapshot_rows) == 5 + EXTRA
    assert all(set(periods) == set(PERIODS) for periods in snapshot_rows.values())


def test_the_table_is_paginated_and_every_symbol_appears_once(
    client: TestClient, snapshot_rows: dict[str, dict[str, str]]
) -> None:
    first = soup(client.get("/"))
    assert len(table_symbols(first)) == perf_index.PER_PAGE
    assert "of 300" in first.select_one("nav.pager").get_text()
    seen = every_page(client, "")
    assert len(seen) == len(set(seen)) == len(snapshot_rows)
    assert set(seen) == set(snapshot_rows)


@pytest.mark.parametrize(
    ("sort", "direction"), [("1Y", "desc"), ("1D", "asc"), ("5Y", "desc"), ("symbol", "desc")]
)
def test_sorting_by_a_column_equals_sorting_the_snapshot_values(
    client: TestClient, snapshot_rows: dict[str, dict[str, str]], sort: str, direction: str
) -> None:
    seen = every_page(client, f"sort={sort}&dir={direction}")
    assert sorted(seen) == sorted(snapshot_rows)
    if sort == "symbol":
        assert seen == sorted(snapshot_rows, reverse=direction == "desc")
        return
    # Rows without a value for the period (history too short) come last either way.
    valued = [s for s in seen if snapshot_rows[s][sort] != ""]
    assert seen[: len(valued)] == valued
    values = [float(snapshot_rows[s][sort]) for s in valued]
    assert values == sorted(values, reverse=direction == "desc")
    assert all(not math.isnan(v) for v in values)


def test_history_shorter_than_a_period_sorts_last(
    client: TestClient, snapshot_rows: dict[str, dict[str, str]]
) -> None:
    # Two years of demo history: no symbol has a 5Y figure, yet all are listed.
    assert all(v["5Y"] == "" for v in snapshot_rows.values())
    assert len(every_page(client, "sort=5Y")) == len(snapshot_rows)


def test_column_headers_sort_with_htmx_and_as_plain_links(client: TestClient) -> None:
    page = soup(client.get("/?sort=1Y"))
    headers = {a.get_text(): a for a in page.select("table.heatmap thead th a")}
    assert list(headers) == ["Ticker", *PERIODS]
    one_year = headers["1Y"]
    assert one_year.parent["aria-sort"] == "descending"
    # Clicking the sorted column again reverses it; the link works with or without JS.
    assert one_year["href"] == one_year["hx-get"] == "/?sort=1Y&dir=asc"
    assert one_year["hx-target"] == "#perf-table" and one_year["hx-push-url"] == "true"
    assert headers["1D"]["href"] == "/?sort=1D"
    nxt = page.select_one("nav.pager a[rel='next']")
    assert nxt["href"] == nxt["hx-get"] == "/?sort=1Y&page=2"


def test_htmx_gets_the_table_alone_and_caches_vary_on_it(client: TestClient) -> None:
    full = client.get("/?sort=1D&page=2")
    part = client.get("/?sort=1D&page=2", headers={"HX-Request": "true"})
    assert part.status_code == 200
    assert "HX-Request" in full.headers["vary"] and "HX-Request" in part.headers["vary"]
    assert full.headers["etag"] != part.headers["etag"]
    fragment = BeautifulSoup(part.text, "html.parser")
    assert fragment.select_one("#perf-table") and not fragment.select_one("html, nav.topbar")
    assert not fragment.select_one("#movers-title")
    assert table_symbols(fragment) == table_symbols(soup(full))
    assert part.headers["hx-push-url"] == "/?sort=1D&page=2"


def test_movers_are_the_best_and_worst_by_1d_and_the_chosen_period(
    client: TestClient, snapshot_rows: dict[str, dict[str, str]], wide_db: tuple[str, Settings]
) -> None:
    settings = wide_db[1]
    page = soup(client.get("/?period=1M"))
    tickers = [s for s, v in snapshot_rows.items() if s != settings.benchmark]
    for period in ("1D", "1M"):
        ranked = sorted(tickers, key=lambda s: (float(snapshot_rows[s][period]), s))
        best = [a.get_text() for a in page.select(f"ol.movers-best[data-period='{period}'] a")]
        worst = [a.get_text() for a in page.select(f"ol.movers-worst[data-period='{period}'] a")]
        assert best == ranked[::-1][: perf_index.MOVERS]
        assert worst == ranked[: perf_index.MOVERS]
    pinned = [a.get_text() for a in page.select("ul.movers-pinned a")]
    assert pinned == list(dict.fromkeys([*settings.tickers, settings.benchmark]))


@pytest.mark.parametrize(
    "query",
    [
        "sort=nope",
        "sort=1y&dir=sideways",
        "page=0",
        "page=999999999999999999999",
        "page=%C2%B2",
        "page=-1",
        "period=10Y",
        "sort=%00&page=abc",
    ],
)
def test_bad_sort_and_page_parameters_fall_back(client: TestClient, query: str) -> None:
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    assert 0 < len(table_symbols(soup(response))) <= perf_index.PER_PAGE


def test_a_page_past_the_end_shows_the_last_page(client: TestClient) -> None:
    page = soup(client.get("/?page=99"))
    assert len(table_symbols(page)) == 300 - 5 * perf_index.PER_PAGE
    assert "page 6 of 6" in page.select_one("nav.pager").get_text()


def test_the_sorted_orders_are_built_once_per_data_version(client: TestClient) -> None:
    pages = client.app.state.pages  # type: ignore[attr-defined]
    client.get("/?sort=3M")
    index = pages.memo(("performance-index",), lambda: None)
    assert isinstance(index, perf_index.PerformanceIndex)
    client.get("/?sort=6M&page=3")
    assert pages.memo(("performance-index",), lambda: None) is index


def test_the_table_state_reads_its_query_case_insensitively() -> None:
    query = perf_index.TableQuery.parse({"sort": "ytd", "dir": "ASC", "page": "2"})
    assert (query.sort, query.descending, query.page) == ("YTD", False, 2)
    assert query.url() == "/?sort=YTD&dir=asc&page=2"
