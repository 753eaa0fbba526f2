"""The yahoo source runs the real yfinance code path against canned Yahoo responses."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
import requests
import yfinance as yf

from app.market.sources import BAR_COLUMNS, SourceError, YahooSource, make_source
from app.market.sources.yahoo_source import to_bars

from .yahoo_fixtures import (
    NOT_FOUND,
    TOO_MANY_REQUESTS,
    Bar,
    CannedYahoo,
    Reply,
    canned_session,
    chart_payload,
    empty_chart_payload,
    exchange_open,
    ok,
)

# yfinance 1.7.0 still calls sort_index(inplace=True), which pandas 3.1 deprecates.
pytestmark = pytest.mark.filterwarnings("ignore:The inplace keyword:DeprecationWarning")

SPY: list[Bar] = [
    ("2026-07-07", 620.11, 625.5, 618.25, 624.1, 622.9873, 51_234_500),
    ("2026-07-08", 624.0, 627.75, 622.5, 626.43, 625.3123, 48_010_200),
    ("2026-07-09", 626.5, 629.0, 625.1, 628.06, 626.9394, 45_500_000),
]
QQQ: list[Bar] = [
    ("2026-07-07", 550.2, 556.0, 548.9, 555.12, 554.5, 38_000_000),
    ("2026-07-08", 555.0, 558.4, 553.3, 557.77, 557.1, 35_100_000),
    ("2026-07-09", 557.9, 561.0, 556.2, 560.01, 559.3, 33_900_000),
]
START, END = date(2026, 7, 6), date(2026, 7, 10)
NY = ZoneInfo("America/New_York")


def expected_frame(bars: list[Bar]) -> pd.DataFrame:
    index = pd.DatetimeIndex([b[0] for b in bars], name="date").as_unit("ns")
    data = [[np.nan if v is None else float(v) for v in b[1:]] for b in bars]
    return pd.DataFrame(data, index=index, columns=list(BAR_COLUMNS), dtype="float64")


class Harness:
    """One canned Yahoo plus a source wired to it, recording backoff sleeps."""

    def __init__(self, charts: dict, cache_dir: Path, **options) -> None:
        self.yahoo = CannedYahoo(charts)
        self.sleeps: list[float] = []
        self.source = YahooSource(
            session=canned_session(self.yahoo),
            cache_dir=cache_dir,
            today=date(2026, 7, 13),
            sleep=self.sleeps.append,
            **{"history_years": 10, **options},
        )

    def fetch(self, symbols, **kwargs):
        return self.source.fetch(symbols, **kwargs)


@pytest.fixture
def harness(yf_cache_dir: Path):
    return lambda charts, **options: Harness(charts, yf_cache_dir, **options)


def test_all_symbols_ok_values_exact(harness) -> None:
    h = harness({"SPY": ok(chart_payload("SPY", SPY)), "QQQ": ok(chart_payload("QQQ", QQQ))})
    lines: list[str] = []

    result = h.fetch(["SPY", "QQQ"], start=START, end=END, progress=lines.append)

    assert result.source == "yahoo"
    assert result.errors == {}
    assert list(result.frames) == ["SPY", "QQQ"]
    pd.testing.assert_frame_equal(result.frames["SPY"], expected_frame(SPY))
    pd.testing.assert_frame_equal(result.frames["QQQ"], expected_frame(QQQ))
    # Raw close and adjusted close stay distinct: auto_adjust is off.
    assert result.frames["SPY"]["close"].iloc[0] == 624.1
    assert result.frames["SPY"]["adj_close"].iloc[0] == 622.9873
    assert lines == ["SPY: 3 bars", "QQQ: 3 bars"]
    assert yf.config.debug.hide_exceptions is False


def test_requested_range_is_inclusive_in_exchange_time(harness) -> None:
    h = harness({"SPY": ok(chart_payload("SPY", SPY))})

    h.fetch(["SPY"], start=START, end=END)

    history = [c for c in h.yahoo.chart_calls("SPY") if "period1" in c.params]
    assert len(history) == 1
    params = history[0].params
    # Midnight New York on the first day, and midnight after the last (yfinance's end is
    # exclusive; ours is inclusive).
    assert int(params["period1"][0]) == int(pd.Timestamp("2026-07-06", tz=NY).timestamp())
    assert int(params["period2"][0]) == int(pd.Timestamp("2026-07-11", tz=NY).timestamp())
    assert params["interval"] == ["1d"]


def test_default_range_is_history_years_back_from_today(harness) -> None:
    h = harness({"SPY": ok(chart_payload("SPY", SPY))}, history_years=10)

    h.fetch(["SPY"])

    history = [c for c in h.yahoo.chart_calls("SPY") if "period1" in c.params]
    assert int(history[0].params["period1"][0]) == int(
        pd.Timestamp("2016-07-13", tz=NY).timestamp()
    )


def test_one_symbol_not_found_others_succeed(harness) -> None:
    h = harness({"SPY": ok(chart_payload("SPY", SPY)), "NOPE": NOT_FOUND})

    result = h.fetch(["SPY", "NOPE"], start=START, end=END)

    assert list(result.frames) == ["SPY"]
    assert set(result.errors) == {"NOPE"}
    message = result.errors["NOPE"]
    assert "not found" in message.lower() or "delisted" in message
    assert "\n" not in message
    assert "crumb" not in message  # query strings are stripped from URLs


def test_chart_error_after_timezone_lookup_surfaces_yahoos_reason(harness) -> None:
    reason = "Data doesn't exist for startDate = 1783310400, endDate = 1783742400"
    bad_range = Reply(
        400, {"chart": {"result": None, "error": {"code": "Bad Request", "description": reason}}}
    )
    h = harness(
        {"SPY": [ok(chart_payload("SPY", SPY)), bad_range], "QQQ": ok(chart_payload("QQQ", QQQ))}
    )

    result = h.fetch(["SPY", "QQQ"], start=START, end=END)

    assert result.errors == {"SPY": reason}
    assert list(result.frames) == ["QQQ"]


def test_empty_response_is_an_error(harness) -> None:
    h = harness({"SPY": ok(chart_payload("SPY", SPY)), "QQQ": ok(empty_chart_payload("QQQ"))})

    result = h.fetch(["SPY", "QQQ"], start=START, end=END)

    assert "QQQ" not in result.frames
    assert "no price data found" in result.errors["QQQ"]
    assert list(result.frames) == ["SPY"]


def test_empty_frame_without_exception_is_an_error(harness, monkeypatch) -> None:
    # yfinance can hand back an empty frame without raising; that is a failure too.
    h = harness({})
    monkeypatch.setattr(
        YahooSource, "_history", lambda self, symbol, start, stop: (pd.DataFrame(), None)
    )
    with pytest.raises(SourceError, match="no usable prices: SPY: Yahoo Finance returned no bars"):
        h.fetch(["SPY"], start=START, end=END)


def test_rate_limit_is_retried_with_exponential_backoff(harness) -> None:
    # Each yfinance call sends the chart request twice before raising its rate-limit
    # error (it retries once with the other cookie strategy), so two rate-limited
    # attempts are four 429s; the third attempt gets the timezone and history requests.
    h = harness({"SPY": [TOO_MANY_REQUESTS] * 4 + [ok(chart_payload("SPY", SPY))]})

    result = h.fetch(["SPY"], start=START, end=END)

    assert result.errors == {}
    pd.testing.assert_frame_equal(result.frames["SPY"], expected_frame(SPY))
    assert h.sleeps == [2.0, 4.0]
    assert len(h.yahoo.chart_calls("SPY")) == 4 + 2


def test_persistent_rate_limit_is_reported_and_stops_the_batch(harness) -> None:
    h = harness(
        {
            "QQQ": ok(chart_payload("QQQ", QQQ)),
            "SPY": TOO_MANY_REQUESTS,
            "NVDA": ok(chart_payload("NVDA", SPY)),
        },
        max_attempts=4,
        backoff_seconds=1.5,
    )

    result = h.fetch(["QQQ", "SPY", "NVDA"], start=START, end=END)

    assert list(result.frames) == ["QQQ"]
    assert result.errors["SPY"] == "rate limited by Yahoo Finance (HTTP 429) after 4 attempts"
    assert result.errors["NVDA"].startswith("not attempted: rate limited")
    assert h.sleeps == [1.5, 3.0, 6.0]
    assert len(h.yahoo.chart_calls("SPY")) == 4 * 2
    assert h.yahoo.chart_calls("NVDA") == []


def test_rate_limited_everywhere_raises(harness) -> None:
    h = harness({"SPY": TOO_MANY_REQUESTS, "QQQ": TOO_MANY_REQUESTS}, max_attempts=2)

    with pytest.raises(SourceError, match=r"^Yahoo Finance unreachable: rate limited .*HTTP 429"):
        h.fetch(["SPY", "QQQ"], start=START, end=END)
    assert h.sleeps == [2.0]


def test_null_quotes_come_through_as_nan_rows(harness) -> None:
    bars: list[Bar] = [SPY[0], ("2026-07-08", None, None, None, None, None, None), SPY[2]]
    h = harness({"SPY": ok(chart_payload("SPY", bars))})

    frame = h.fetch(["SPY"], start=START, end=END).frames["SPY"]

    assert list(frame.index.strftime("%Y-%m-%d")) == ["2026-07-07", "2026-07-08", "2026-07-09"]
    gap = frame.loc["2026-07-08"]
    assert all(math.isnan(gap[c]) for c in ("open", "high", "low", "close", "adj_close"))
    # yfinance 1.7.0 fills a null volume with 0 (history(): Volume.fillna(0)).
    assert gap["volume"] == 0.0
    pd.testing.assert_frame_equal(frame.iloc[[0, 2]], expected_frame([SPY[0], SPY[2]]))


def test_conversion_keeps_duplicate_dates(harness) -> None:
    # The source never de-duplicates: whatever yfinance returns reaches the validator.
    tz_index = pd.DatetimeIndex(
        ["2026-07-07", "2026-07-08", "2026-07-08", "2026-07-09"], name="Date"
    ).tz_localize("America/New_York")
    raw = pd.DataFrame(
        {
            "Open": [1.0, 2.0, 2.5, 3.0],
            "High": [1.5, 2.5, 2.9, 3.5],
            "Low": [0.5, 1.5, 2.1, 2.5],
            "Close": [1.2, 2.2, 2.6, 3.2],
            "Adj Close": [1.1, 2.1, 2.5, 3.1],
            "Volume": [10, 20, 25, 30],
        },
        index=tz_index,
    )

    frame = to_bars(raw)

    assert list(frame.index.strftime("%Y-%m-%d")) == [
        "2026-07-07",
        "2026-07-08",
        "2026-07-08",
        "2026-07-09",
    ]
    assert frame.index.tz is None
    assert frame["close"].tolist() == [1.2, 2.2, 2.6, 3.2]


def test_yfinance_collapses_same_day_timestamps_before_we_see_them(harness) -> None:
    # Known yfinance 1.7.0 behaviour (history(): index.duplicated(keep="first")): two
    # Yahoo timestamps on one exchange date arrive as one row. Pinned here so an
    # upgrade that changes it is noticed; the validator then sees the duplicates.
    payload = chart_payload("SPY", SPY)
    result = payload["chart"]["result"][0]
    late = exchange_open("2026-07-08") + 3 * 3600
    result["timestamp"].insert(2, late)
    for series in result["indicators"]["quote"][0].values():
        series.insert(2, series[1])
    result["indicators"]["adjclose"][0]["adjclose"].insert(2, 999.0)
    h = harness({"SPY": ok(payload)})

    frame = h.fetch(["SPY"], start=START, end=END).frames["SPY"]

    pd.testing.assert_frame_equal(frame, expected_frame(SPY))


def test_index_is_the_exchange_calendar_date(harness) -> None:
    # 09:30 in Tokyo is the previous evening in UTC; the bar still belongs to the Tokyo date.
    bars: list[Bar] = [("2026-07-07", 10.0, 11.0, 9.0, 10.5, 10.5, 1000)]
    h = harness({"7203.T": ok(chart_payload("7203.T", bars, tz="Asia/Tokyo"))})

    frame = h.fetch(["7203.T"], start=START, end=END).frames["7203.T"]

    assert list(frame.index) == [pd.Timestamp("2026-07-07")]
    assert frame.index.name == "date"
    assert frame.index.tz is None


def test_all_symbols_failing_raises(harness) -> None:
    h = harness({"AAA": NOT_FOUND, "BBB": ok(empty_chart_payload("BBB"))})

    with pytest.raises(SourceError, match=r"^Yahoo Finance returned no usable prices: AAA: "):
        h.fetch(["AAA", "BBB"], start=START, end=END)


def test_unreachable_network_raises_after_a_few_symbols(harness) -> None:
    down = requests.ConnectionError("Failed to resolve 'query2.finance.yahoo.com'")
    symbols = ["S1", "S2", "S3", "S4", "S5"]
    h = harness(dict.fromkeys(symbols, down))

    with pytest.raises(SourceError, match=r"^Yahoo Finance unreachable: network error: Failed"):
        h.fetch(symbols, start=START, end=END)
    # Three consecutive network failures stop the batch; no sleeping for network errors.
    assert [s for s in symbols if h.yahoo.chart_calls(s)] == ["S1", "S2", "S3"]
    assert h.sleeps == []


def test_network_failure_for_every_symbol_raises_unreachable(harness) -> None:
    down = requests.ConnectionError("Failed to resolve 'query2.finance.yahoo.com'")
    h = harness({"SPY": down, "QQQ": down})
    lines: list[str] = []

    with pytest.raises(SourceError, match=r"^Yahoo Finance unreachable: network error: "):
        h.fetch(["SPY", "QQQ"], start=START, end=END, progress=lines.append)
    assert len(lines) == 2


def test_network_blip_does_not_stop_the_batch(harness) -> None:
    down = requests.ConnectionError("connection reset")
    h = harness({"SPY": down, "QQQ": ok(chart_payload("QQQ", QQQ))})

    result = h.fetch(["SPY", "QQQ"], start=START, end=END)

    assert result.errors == {"SPY": "network error: connection reset"}
    assert list(result.frames) == ["QQQ"]


def test_make_source_passes_session_through(yf_cache_dir: Path) -> None:
    yahoo = CannedYahoo({"SPY": ok(chart_payload("SPY", SPY))})
    source = make_source(
        "yahoo", seed=7, history_years=10, session=canned_session(yahoo), cache_dir=yf_cache_dir
    )

    result = source.fetch(["SPY"], start=START, end=END)

    assert source.name == "yahoo"
    pd.testing.assert_frame_equal(result.frames["SPY"], expected_frame(SPY))


def _named(payload: dict, **meta: str | None) -> dict:
    fields = payload["chart"]["result"][0]["meta"]
    for key, value in meta.items():
        if value is None:
            fields.pop(key, None)
        else:
            fields[key] = value
    return payload


def test_names_come_from_the_chart_metadata(harness) -> None:
    h = harness(
        {
            "SPY": ok(_named(chart_payload("SPY", SPY), longName="SPDR S&P 500 ETF Trust")),
            "QQQ": ok(_named(chart_payload("QQQ", QQQ), longName=None, shortName="Invesco QQQ")),
        }
    )
    result = h.fetch(["SPY", "QQQ"], start=START, end=END)
    assert result.names == {"SPY": "SPDR S&P 500 ETF Trust", "QQQ": "Invesco QQQ"}
    # The name rides on the chart answer: yfinance's timezone lookup and the history
    # request, nothing more per symbol.
    calls = h.yahoo.chart_calls("SPY")
    assert len(calls) == 2 and "period1" in calls[-1].params


def test_a_refresh_stores_yahoos_name_over_the_built_in_one(harness, engine) -> None:
    from sqlalchemy import text

    from app.market.ingest import refresh

    h = harness({"SPY": ok(_named(chart_payload("SPY", SPY), longName="SPDR S&P 500 ETF"))})
    refresh(engine, h.source, ["SPY"], benchmark="SPY", today=date(2026, 7, 13), start=START)
    with engine.connect() as conn:
        name = conn.execute(text("SELECT name FROM symbols WHERE symbol = 'SPY'")).scalar()
    assert name == "SPDR S&P 500 ETF"
