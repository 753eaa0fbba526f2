"""Every metric against values computed by hand on small series."""

from __future__ import annotations

import datetime as dt
import math
import statistics

import pandas as pd
import pytest

from app.market.analytics import (
    PERIODS,
    compute_metrics,
    index_return,
    pair_spread,
    rebased,
    rebased_lines,
    target_date,
)


def series(points: dict[str, float]) -> pd.Series:
    return pd.Series(list(points.values()), index=pd.DatetimeIndex(list(points), name="date"))


SYMBOL = series(
    {
        "2019-03-14": 50.0,  # 5Y target 2019-03-15 falls on the day after
        "2021-03-15": 60.0,  # 3Y exactly
        "2023-03-14": 70.0,  # 1Y target 2023-03-15: last bar before it
        "2023-09-15": 75.0,  # 6M exactly; also the 3M base (gap until 2023-12-29)
        "2023-12-29": 80.0,  # YTD: last bar on or before 2023-12-31
        "2024-02-15": 90.0,  # 1M exactly
        "2024-03-08": 95.0,  # 1W exactly
        "2024-03-14": 98.0,  # previous bar: 1D
        "2024-03-15": 100.0,
    }
)


def test_returns_use_last_bar_on_or_before_each_window_start() -> None:
    m = compute_metrics(SYMBOL, SYMBOL, symbol="X", benchmark="X")
    expected = {
        "1D": 100 / 98 - 1,
        "1W": 100 / 95 - 1,
        "1M": 100 / 90 - 1,
        "3M": 100 / 75 - 1,
        "6M": 100 / 75 - 1,
        "YTD": 100 / 80 - 1,
        "1Y": 100 / 70 - 1,
        "3Y": 100 / 60 - 1,
        "5Y": 100 / 50 - 1,
    }
    assert m["as_of"] == "2024-03-15"
    assert list(m["returns"]) == list(PERIODS)
    for period, value in expected.items():
        assert m["returns"][period] == pytest.approx(value, abs=1e-12), period
        assert m["relative"][period] == pytest.approx(0.0, abs=1e-12), period


def test_window_without_a_bar_before_its_start_is_null() -> None:
    short = series({"2024-03-01": 10.0, "2024-03-14": 11.0, "2024-03-15": 12.0})
    m = compute_metrics(short, short, symbol="S", benchmark="S")
    assert m["returns"]["1D"] == pytest.approx(12 / 11 - 1)
    assert m["returns"]["1W"] == pytest.approx(12 / 10 - 1)  # target 03-08 -> 03-01
    for period in ("1M", "3M", "6M", "YTD", "1Y", "3Y", "5Y"):
        assert m["returns"][period] is None
    assert m["volatility_1y"] is None
    assert m["beta_1y"] is None
    assert m["correlation_1y"] is None
    assert m["max_drawdown_1y"] is None


def test_first_bar_has_no_1d_return() -> None:
    one = series({"2024-03-15": 5.0})
    m = compute_metrics(one, one, symbol="S", benchmark="S")
    assert all(v is None for v in m["returns"].values())


def test_as_of_resolves_to_last_bar_on_or_before() -> None:
    m = compute_metrics(SYMBOL, SYMBOL, symbol="X", benchmark="X", as_of=dt.date(2024, 3, 10))
    assert m["as_of"] == "2024-03-08"
    assert m["returns"]["1D"] == pytest.approx(95 / 90 - 1)


def test_relative_takes_benchmark_at_the_same_two_dates() -> None:
    bench = series({"2023-12-29": 400.0, "2024-03-13": 200.0, "2024-03-15": 210.0})
    m = compute_metrics(SYMBOL, bench, symbol="X", benchmark="B")
    # 1D base is the symbol's 03-14; the benchmark has no bar then, so its 03-13 close.
    assert m["relative"]["1D"] == pytest.approx((100 / 98 - 1) - (210 / 200 - 1))
    assert m["relative"]["YTD"] == pytest.approx((100 / 80 - 1) - (210 / 400 - 1))
    # 1M base 2024-02-15: the benchmark's last bar on or before it is 2023-12-29.
    assert m["relative"]["1M"] == pytest.approx((100 / 90 - 1) - (210 / 400 - 1))
    # The benchmark has no bar on or before the 1Y base date: no relative figure.
    assert m["returns"]["1Y"] is not None
    assert m["relative"]["1Y"] is None


def test_calendar_offsets_clamp_to_month_end() -> None:
    assert target_date("1M", dt.date(2024, 3, 31)) == dt.date(2024, 2, 29)
    assert target_date("1Y", dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)
    assert target_date("1W", dt.date(2024, 3, 6)) == dt.date(2024, 2, 28)
    assert target_date("YTD", dt.date(2024, 1, 2)) == dt.date(2023, 12, 31)
    with pytest.raises(ValueError, match="unknown period"):
        target_date("2W", dt.date(2024, 1, 2))


def _from_returns(start: float, returns: list[float], first_day: str) -> pd.Series:
    closes = [start]
    for r in returns:
        closes.append(closes[-1] * (1 + r))
    dates = pd.bdate_range(first_day, periods=len(closes), name="date")
    return pd.Series(closes, index=dates)


def test_volatility_is_sample_std_of_last_252_returns_annualised() -> None:
    rets = [0.01 * ((i * 7) % 5 - 2) + 0.001 * (i % 3) for i in range(300)]
    closes = _from_returns(100.0, rets, "2020-01-01")
    m = compute_metrics(closes, closes, symbol="V", benchmark="V")
    expected = statistics.stdev(rets[-252:]) * math.sqrt(252)
    assert m["volatility_1y"] == pytest.approx(expected, rel=1e-9)


def test_volatility_needs_252_returns() -> None:
    closes = _from_returns(100.0, [0.01, -0.01] * 125 + [0.01], "2020-01-01")  # 251 returns
    assert compute_metrics(closes, closes, symbol="V", benchmark="V")["volatility_1y"] is None


def test_beta_and_correlation_by_hand() -> None:
    bench_rets = [0.02 * math.sin(i) for i in range(260)]
    bench = _from_returns(50.0, bench_rets, "2021-01-04")
    sym = _from_returns(20.0, [2 * r + 0.001 for r in bench_rets], "2021-01-04")
    m = compute_metrics(sym, bench, symbol="S", benchmark="B")
    assert m["beta_1y"] == pytest.approx(2.0, rel=1e-9)
    assert m["correlation_1y"] == pytest.approx(1.0, rel=1e-9)

    anti = _from_returns(20.0, [-0.5 * r for r in bench_rets], "2021-01-04")
    m = compute_metrics(anti, bench, symbol="S", benchmark="B")
    assert m["beta_1y"] == pytest.approx(-0.5, rel=1e-9)
    assert m["correlation_1y"] == pytest.approx(-1.0, rel=1e-9)


def test_beta_uses_only_dates_both_series_have() -> None:
    bench_rets = [0.015 * math.cos(i * 1.3) for i in range(300)]
    bench = _from_returns(50.0, bench_rets, "2021-01-04")
    sym = bench * 3.0
    gap_day = bench.index[150]
    sym_gap = sym.drop(gap_day)
    m = compute_metrics(sym_gap, bench, symbol="S", benchmark="B")
    # Returns on own bars, matched by date: the day after the gap is a two-day return
    # for the symbol and a one-day return for the benchmark, so beta moves off 1.
    sym_r = sym_gap.pct_change().dropna()
    bench_r = bench.pct_change().dropna()
    common = sym_r.index.intersection(bench_r.index)[-252:]
    x, y = sym_r[common].tolist(), bench_r[common].tolist()
    mx, my = statistics.fmean(x), statistics.fmean(y)
    cov = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True)) / (len(x) - 1)
    assert m["beta_1y"] == pytest.approx(cov / statistics.variance(y), rel=1e-9)
    assert m["beta_1y"] != pytest.approx(1.0, abs=1e-6)


def test_max_drawdown_runs_from_the_1y_base_bar() -> None:
    closes = series(
        {
            "2022-06-01": 500.0,  # before the 1Y window: its peak must not count
            "2023-01-02": 100.0,  # 1Y base for 2024-01-10 (target 2023-01-10)
            "2023-06-01": 120.0,
            "2023-09-01": 90.0,
            "2023-11-01": 110.0,
            "2023-12-01": 60.0,
            "2024-01-10": 130.0,
        }
    )
    m = compute_metrics(closes, closes, symbol="D", benchmark="D")
    assert m["max_drawdown_1y"] == pytest.approx(60 / 120 - 1)


def test_max_drawdown_is_zero_for_a_rising_series() -> None:
    closes = series({"2023-01-02": 1.0, "2023-06-01": 2.0, "2024-01-10": 3.0})
    m = compute_metrics(closes, closes, symbol="D", benchmark="D")
    assert m["max_drawdown_1y"] == 0.0


def test_rebased_starts_at_100_on_the_base_bar() -> None:
    out = rebased(SYMBOL, dt.date(2024, 2, 20))
    assert out.index[0] == pd.Timestamp("2024-02-15")
    assert out.iloc[0] == 100.0
    assert out.iloc[-1] == pytest.approx(100 / 90 * 100)


def test_rebased_lines_keep_order_and_drop_symbols_without_bars() -> None:
    late = series({"2024-03-01": 40.0, "2024-03-04": 50.0})
    empty = pd.Series(dtype="float64")
    lines = rebased_lines(
        {"B": late, "A": SYMBOL, "NONE": empty}, dt.date(2024, 2, 20), dt.date(2024, 3, 1)
    )
    assert list(lines) == ["B", "A"]
    assert lines["B"].index[-1] == pd.Timestamp("2024-03-01")  # cut at the end date
    assert lines["B"].iloc[0] == 100.0
    assert index_return(lines["A"]) == pytest.approx(lines["A"].iloc[-1] / 100 - 1)
    assert index_return(series({"2024-01-02": 100.0, "2024-01-03": 112.5})) == 0.125


def test_pair_spread_is_long_basket_over_short_basket() -> None:
    a = series({"2024-01-02": 10.0, "2024-01-03": 11.0, "2024-01-04": 12.0})
    b = series({"2024-01-02": 20.0, "2024-01-03": 20.0, "2024-01-04": 26.0})
    c = series({"2024-01-02": 5.0, "2024-01-03": 4.0, "2024-01-04": 5.5})
    spread = pair_spread({"A": a, "B": b, "C": c}, ["A", "B"], ["C"], dt.date(2024, 1, 2))
    assert spread.iloc[0] == 100.0
    assert spread.iloc[1] == pytest.approx((110 + 100) / 2 / 80 * 100)
    assert spread.iloc[2] == pytest.approx((120 + 130) / 2 / 110 * 100)
    with pytest.raises(ValueError):
        pair_spread({"A": a}, ["A"], [], dt.date(2024, 1, 2))
