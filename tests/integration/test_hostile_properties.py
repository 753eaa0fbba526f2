"""Property-based: whatever goes into a page's path or query (and the API's), the answer
is below 500 and carries the security headers.

The values lean towards what breaks parsers: Unicode digits, numbers of any size,
dates across years 1–9999, long and many-word text, alongside arbitrary text. Runs
are bounded and deterministic (derandomized) so they fit in `make test`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.config import Settings
from tests.integration.hostile_support import (
    SECURITY_HEADERS,
    Clients,
    hostile_clients,
    hostile_values,
)

EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

numbers = st.integers(min_value=-(10**25), max_value=10**25).map(str)
long_numbers = st.integers(min_value=19, max_value=5000).map(lambda n: "9" * n)
unicode_digits = st.text(alphabet=st.characters(categories=["Nd", "No"]), min_size=1, max_size=6)
dates = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(dt.date.isoformat)
many_words = st.integers(min_value=0, max_value=1500).map(lambda n: " ".join(["w"] * n))
# Half the draws are the probe's known-hostile values, half generated around them.
VALUES = st.one_of(
    st.sampled_from(hostile_values()),
    st.one_of(numbers, long_numbers, unicode_digits, dates, many_words, st.text(max_size=300)),
)


@pytest.fixture(scope="module")
def clients(
    site_db: tuple[str, Settings], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Clients]:
    with hostile_clients(site_db, tmp_path_factory.mktemp("properties")) as clients:
        yield clients


def fine(response: Any, url: str) -> None:
    assert response.status_code < 500, f"{response.status_code} for {url[:300]}"
    for header in SECURITY_HEADERS:
        assert header in response.headers, f"{header} missing for {url[:300]}"


def query(params: dict[str, str]) -> str:
    return urlencode(params, quote_via=quote)


def segment(value: str) -> str:
    return quote(value, safe="") or "x"


RESEARCH_PARAMS = st.dictionaries(
    st.sampled_from(["q", "ticker", "label", "from", "to", "page", "per_page"]),
    VALUES,
    max_size=4,
)


@EXAMPLES
@given(params=RESEARCH_PARAMS)
def test_research_list_and_its_api(clients: Clients, params: dict[str, str]) -> None:
    for path in ("/research", "/api/v1/research"):
        url = f"{path}?{query(params)}"
        fine(clients.browser.get(url), url)


@EXAMPLES
@given(ref=VALUES)
def test_one_note_by_any_reference(clients: Clients, ref: str) -> None:
    for path in ("/research/", "/api/v1/research/"):
        url = path + segment(ref)
        fine(clients.browser.get(url), url)


@EXAMPLES
@given(symbol=VALUES, period=VALUES)
def test_ticker_pages_and_twins(clients: Clients, symbol: str, period: str) -> None:
    urls = [
        f"/tickers/{segment(symbol)}?{query({'period': period})}",
        f"/tickers/SPY?{query({'period': period})}",
        f"/tickers/{segment(symbol)}/chart.json?{query({'period': period})}",
        f"/tickers/{segment(symbol)}/chart.csv",
        f"/tickers/{segment(symbol)}/sentiment.csv",
        f"/api/v1/tickers/{segment(symbol)}/metrics",
        f"/tickers?{query({'symbol': symbol})}",
        f"/search?{query({'q': symbol})}",
        f"/search/suggest?{query({'q': symbol})}",
        f"/universe/{segment(symbol)}",
        f"/pairs/{segment(symbol)}?{query({'period': period})}",
        f"/pairs/example?{query({'period': period})}",
        f"/pairs/{segment(symbol)}.csv?{query({'period': period})}",
        f"/api/v1/pairs/{segment(symbol)}?{query({'period': period})}",
        f"/portfolio?{query({'weights': symbol, 'from': period, 'to': period})}",
        f"/portfolio?{query({'symbol': symbol, 'weight': period})}",
        f"/portfolio.csv?{query({'weights': symbol + '=' + period, 'from': period})}",
    ]
    for url in urls:
        fine(clients.browser.get(url), url)


@EXAMPLES
@given(page=VALUES, rule=VALUES)
def test_alert_feed_and_twins(clients: Clients, page: str, rule: str) -> None:
    urls = [
        f"/alerts?{query({'page': page})}",
        f"/alerts.csv?{query({'rule': rule})}",
        f"/api/v1/alerts?{query({'page': page, 'per_page': rule, 'rule': rule})}",
        f"/alerts/stream?{query({'after': 'x' + page})}",  # refused before any streaming
    ]
    for url in urls:
        fine(clients.browser.get(url), url)


DASHBOARD_PARAMS = st.dictionaries(
    st.sampled_from(["sort", "dir", "page", "period"]), VALUES, max_size=4
)


@EXAMPLES
@given(params=DASHBOARD_PARAMS)
def test_dashboard_table_sort_and_pages(clients: Clients, params: dict[str, str]) -> None:
    url = f"/?{query(params)}"
    fine(clients.browser.get(url), url)
    fine(clients.browser.get(url, headers={"HX-Request": "true"}), url)


LEAD_PARAMS = st.dictionaries(
    st.sampled_from(["status", "free_mail", "since", "until", "q", "page"]),
    VALUES,
    max_size=4,
)


@EXAMPLES
@given(params=LEAD_PARAMS, lead=VALUES)
def test_admin_lead_filters_and_ids(clients: Clients, params: dict[str, str], lead: str) -> None:
    for url in (
        f"/admin/leads?{query(params)}",
        f"/admin/leads.csv?{query(params)}",  # read whole: a stream cut mid-body fails
        f"/admin/leads/{segment(lead)}",
    ):
        fine(clients.admin.get(url), url)


offsets = st.integers(min_value=-23 * 60, max_value=23 * 60).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)


def moments(low: dt.datetime, high: dt.datetime) -> st.SearchStrategy[str]:
    return st.datetimes(min_value=low, max_value=high, timezones=offsets).map(dt.datetime.isoformat)


# Two draws in three are on the first or last day of the calendar, where converting
# to UTC overflows; the rest anywhere, or not a date at all.
published = st.one_of(
    moments(dt.datetime(1, 1, 1), dt.datetime(1, 1, 1, 23, 59)),
    moments(dt.datetime(9999, 12, 31), dt.datetime(9999, 12, 31, 23, 59)),
    st.one_of(
        moments(dt.datetime(1, 1, 1), dt.datetime(9999, 12, 31)),
        dates,
        VALUES,
        numbers.map(int),
    ),
)


@EXAMPLES
@given(
    published_at=published,
    tickers=st.one_of(VALUES, st.lists(VALUES, max_size=5)),
    title=st.one_of(VALUES, numbers.map(int)),
)
def test_note_bodies(
    clients: Clients, published_at: object, tickers: object, title: object
) -> None:
    body = {
        "title": title,
        "body": "Long SPY into earnings.",
        "author": "probe",
        "published_at": published_at,
        "tickers": tickers,
    }
    fine(clients.writer.post("/api/v1/research", json=body), f"note {body!r}")


@EXAMPLES
@given(ref=VALUES, published_at=published, title=st.one_of(VALUES, numbers.map(int)))
def test_note_edits_and_deletes(
    clients: Clients, ref: str, published_at: object, title: object
) -> None:
    """Any note reference on the edit and delete pages (admin and visitor), any field in
    an API edit; edits go to a note of the copy's own, never delete one."""
    for path in (f"/research/{segment(ref)}/edit", f"/research/{segment(ref)}/delete"):
        fine(clients.admin.get(path), path)
        fine(clients.browser.get(path), path)
        fine(clients.browser.post(path, data={"confirm": "yes"}), path)  # no CSRF token
    url = f"/api/v1/research/{segment(ref)}"
    fine(clients.writer.patch(url, json={"title": title}), f"PATCH {url}")
    body = {"title": title, "published_at": published_at}
    fine(clients.writer.patch("/api/v1/research/1", json=body), f"PATCH {body!r}")
    fine(clients.browser.delete(url), f"DELETE {url} without credentials")
