"""Reference values from ../shared/data/prices/README.md, through csv source and ingest."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from app.config import Settings
from app.market.service import get_metrics, run_refresh
from tests.conftest import shared_prices_or_skip

THREE_YEARS_TO_2026_07_13 = {
    "SPY": 0.7298,
    "QQQ": 0.9100,
    "NVDA": 3.4354,
    "MSFT": 0.1680,
    "IWM": 0.5720,
    "VTWO": 0.5801,
}
THREE_YEARS_TO_2026_08_21 = {
    "SPY": 0.8091,
    "QQQ": 0.9948,
    "NVDA": 3.5806,
    "MSFT": 0.5365,
    "IWM": 0.6854,
}


@pytest.fixture
def loaded(engine: Engine) -> Engine:
    prices = shared_prices_or_skip()
    settings = Settings(tickers=list(THREE_YEARS_TO_2026_07_13), benchmark="SPY")
    summary = run_refresh(
        engine,
        settings,
        source_name="csv",
        symbols=settings.tickers,
        csv_dir=prices,
        today=dt.date(2026, 11, 24),
    )
    assert summary.status == "ok", summary.errors
    return engine


def test_three_year_returns(loaded: Engine) -> None:
    for symbol, expected in THREE_YEARS_TO_2026_07_13.items():
        m = get_metrics(loaded, symbol, as_of=dt.date(2026, 7, 13))
        assert m["returns"]["3Y"] == pytest.approx(expected, abs=5e-5), symbol
    for symbol, expected in THREE_YEARS_TO_2026_08_21.items():
        m = get_metrics(loaded, symbol)  # the stored snapshot, as of the latest bar
        assert m["as_of"] == "2026-08-21"
        assert m["returns"]["3Y"] == pytest.approx(expected, abs=5e-5), symbol


def test_vtwo_snapshot_is_as_of_its_own_last_bar(loaded: Engine) -> None:
    m = get_metrics(loaded, "VTWO")
    assert m["as_of"] == "2026-07-13"
    assert m["relative"]["3Y"] == pytest.approx(0.5801 - 0.7298, abs=1e-4)


def test_a_peer_that_ends_earlier_says_where_its_line_stops(loaded: Engine) -> None:
    from app.web.charts import relative_chart

    chart = relative_chart(
        loaded, "NVDA", dt.date(2026, 8, 21), benchmark="SPY", peers=["VTWO", "QQQ"], period="1Y"
    )
    ends = {s["symbol"]: s["end"] for s in chart["series"]}
    assert ends == {
        "NVDA": "2026-08-21",
        "SPY": "2026-08-21",
        "VTWO": "2026-07-13",
        "QQQ": "2026-08-21",
    }
