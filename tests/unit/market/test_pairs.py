"""Pair analytics against values worked out by hand and by plain statistics."""

from __future__ import annotations

import datetime as dt
import statistics

import numpy as np
import pandas as pd
import pytest

from app.market import pairs


def series(values: list[float], start: str = "2026-01-05") -> pd.Series:
    return pd.Series(values, index=pd.bdate_range(start, periods=len(values)), dtype="float64")


def test_spread_is_100_at_entry_and_weights_the_legs() -> None:
    closes = {
        "A": series([10, 11, 12, 12]),
        "B": series([20, 20, 22, 24]),
        "C": series([50, 45, 50, 55]),
    }
    got = pairs.spread(closes, {"A": 1, "B": 3}, {"C": 1}, dt.date(2026, 1, 6))
    assert got.index[0] == pd.Timestamp("2026-01-06")
    # From 6 Jan: A 11→12→12, B 20→22→24 (weights 1/4, 3/4), C 45→50→55.
    long_end = 0.25 * 12 / 11 + 0.75 * 24 / 20
    assert got.iloc[0] == pytest.approx(100.0)
    assert got.iloc[-1] == pytest.approx(100 * long_end / (55 / 45))


def test_spread_uses_shared_sessions_and_an_entry_before_the_data() -> None:
    long = series([10, 11, 12, 13])
    short = series([10, 10, 10], start="2026-01-06")  # starts a day later
    got = pairs.spread({"L": long, "S": short}, {"L": 1}, {"S": 1}, dt.date(2025, 1, 1))
    assert list(got) == pytest.approx([100.0, 12 / 11 * 100, 13 / 11 * 100])


def test_zscore_matches_plain_statistics() -> None:
    rng = np.random.default_rng(3)
    values = list(100 + rng.normal(0, 1, 40).cumsum())
    got = pairs.zscore(series(values), lookback=10)
    window = values[-10:]
    expected = (values[-1] - statistics.mean(window)) / statistics.stdev(window)
    assert got.iloc[-1] == pytest.approx(expected, abs=1e-12)
    assert got.iloc[:9].isna().all()
    # Rebasing the spread changes nothing.
    assert pairs.zscore(series([v * 3 for v in values]), lookback=10).iloc[-1] == pytest.approx(
        expected, abs=1e-9
    )


def test_rolling_beta_and_correlation_match_plain_statistics() -> None:
    rng = np.random.default_rng(5)
    short = 100 * np.cumprod(1 + rng.normal(0, 0.01, 30))
    long = 50 * np.cumprod(1 + rng.normal(0, 0.02, 30))
    closes = {"L": series(list(long)), "S": series(list(short))}
    got = pairs.rolling_correlation_beta(closes, {"L": 1}, {"S": 1}, dt.date(2026, 1, 1), 10)
    lr = [b / a - 1 for a, b in zip(long[-11:-1], long[-10:], strict=True)]
    sr = [b / a - 1 for a, b in zip(short[-11:-1], short[-10:], strict=True)]
    assert got["beta"].iloc[-1] == pytest.approx(
        statistics.covariance(lr, sr) / statistics.variance(sr), abs=1e-12
    )
    assert got["correlation"].iloc[-1] == pytest.approx(statistics.correlation(lr, sr), abs=1e-12)


def test_a_side_without_weight_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one leg"):
        pairs.normalised({})


def test_spread_history_values_the_entry_holdings_before_entry_too() -> None:
    closes = {
        "A": series([10, 11, 12, 12]),
        "B": series([20, 20, 22, 24]),
        "C": series([50, 45, 50, 55]),
    }
    legs = ({"A": 1, "B": 3}, {"C": 1})
    entry = dt.date(2026, 1, 6)
    history = pairs.spread_history(closes, *legs, entry)
    assert len(history) == 4 and history.loc["2026-01-06"] == pytest.approx(100.0)
    # On 5 Jan the entry holdings (1/4 of A at 11, 3/4 of B at 20; C at 45) were worth:
    assert history.iloc[0] == pytest.approx(100 * (0.25 * 10 / 11 + 0.75 * 20 / 20) / (50 / 45))
    since = pairs.spread(closes, *legs, entry)
    assert np.allclose(history.loc[since.index].to_numpy(), since.to_numpy(), rtol=0, atol=1e-12)


def test_figures_do_not_depend_on_how_much_history_was_loaded() -> None:
    rng = np.random.default_rng(11)
    full = {
        s: series(list(p0 * np.cumprod(1 + rng.normal(0, 0.01, 400))), start="2024-01-01")
        for s, p0 in (("A", 50.0), ("B", 80.0), ("C", 30.0))
    }
    cut = {s: v.iloc[100:] for s, v in full.items()}
    entry = full["A"].index[300].date()
    legs = ({"A": 0.5, "B": 0.5}, {"C": 1.0})
    for closes in (full, cut):
        got = pairs.rolling_correlation_beta(closes, *legs, entry, 20, entry=entry)
        z = pairs.zscore(pairs.spread_history(closes, *legs, entry), lookback=50)
        if closes is full:
            expected = (got.iloc[-1].tolist(), z.iloc[-1])
    assert got.iloc[-1].tolist() == pytest.approx(expected[0], abs=1e-12)
    assert z.iloc[-1] == pytest.approx(expected[1], abs=1e-9)
