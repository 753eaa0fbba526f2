"""The demo source: deterministic, calibrated, and shaped like real bars."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from app.market.sources import BAR_COLUMNS, DemoSource
from app.market.sources.demo_source import KNOWN_PROFILES, profile_for

TODAY = date(2026, 7, 15)  # a Wednesday
YEARS = 10
UNIVERSE = ["VTWO", "SPY", "QQQ", "NVDA", "MSFT"]


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return DemoSource(history_years=YEARS, seed=7, today=TODAY).fetch([*UNIVERSE, "ACME"]).frames


def log_returns(frame: pd.DataFrame) -> pd.Series:
    return np.log(frame["adj_close"]).diff().dropna()


def test_same_seed_same_frames() -> None:
    first = DemoSource(history_years=YEARS, seed=7, today=TODAY).fetch(UNIVERSE)
    second = DemoSource(history_years=YEARS, seed=7, today=TODAY).fetch(UNIVERSE)

    assert first.source == "demo" and first.errors == {}
    for symbol in UNIVERSE:
        pd.testing.assert_frame_equal(first.frames[symbol], second.frames[symbol])


def test_other_seed_other_path() -> None:
    a = DemoSource(history_years=YEARS, seed=7, today=TODAY).fetch(["SPY"]).frames["SPY"]
    b = DemoSource(history_years=YEARS, seed=8, today=TODAY).fetch(["SPY"]).frames["SPY"]
    assert not np.allclose(a["close"], b["close"])


def test_path_does_not_depend_on_other_symbols() -> None:
    alone = DemoSource(history_years=YEARS, seed=7, today=TODAY).fetch(["NVDA"]).frames["NVDA"]
    crowd = (
        DemoSource(history_years=YEARS, seed=7, today=TODAY)
        .fetch(["SPY", "ZZZ", "NVDA", "QQQ"])
        .frames["NVDA"]
    )
    pd.testing.assert_frame_equal(alone, crowd)


def test_incremental_window_continues_the_same_path() -> None:
    full = DemoSource(history_years=YEARS, seed=7, today=TODAY).fetch(["SPY"]).frames["SPY"]
    later = DemoSource(history_years=YEARS, seed=7, today=date(2026, 9, 1)).fetch(
        ["SPY"], start=date(2026, 7, 1), end=date(2026, 7, 15)
    )
    pd.testing.assert_frame_equal(later.frames["SPY"], full.loc["2026-07-01":"2026-07-15"])


def test_shape_and_calendar(frames: dict[str, pd.DataFrame]) -> None:
    for frame in frames.values():
        assert tuple(frame.columns) == BAR_COLUMNS
        assert all(dtype == np.float64 for dtype in frame.dtypes)
        assert frame.index.name == "date" and frame.index.tz is None
        assert frame.index.is_monotonic_increasing and frame.index.is_unique
        assert (frame.index.day_of_week < 5).all()
        assert frame.index[-1] == pd.Timestamp("2026-07-15")
        # About ten years of business days.
        assert frame.index[0] == pd.Timestamp("2016-07-15")
        assert 2600 <= len(frame) <= 2620
        assert frame.notna().all().all()


def test_ends_at_last_weekday_on_or_before_today_or_end() -> None:
    saturday = date(2026, 7, 18)
    on_weekend = (
        DemoSource(history_years=YEARS, seed=7, today=saturday).fetch(["SPY"]).frames["SPY"]
    )
    assert on_weekend.index[-1] == pd.Timestamp("2026-07-17")

    until = (
        DemoSource(history_years=YEARS, seed=7, today=TODAY)
        .fetch(["SPY"], end=date(2026, 7, 5))
        .frames["SPY"]
    )
    assert until.index[-1] == pd.Timestamp("2026-07-03")

    # Never past today, even when asked to.
    future = (
        DemoSource(history_years=YEARS, seed=7, today=TODAY)
        .fetch(["SPY"], end=date(2027, 1, 1))
        .frames["SPY"]
    )
    assert future.index[-1] == pd.Timestamp("2026-07-15")


def test_ohlc_consistent_and_volume_plausible(frames: dict[str, pd.DataFrame]) -> None:
    for symbol, frame in frames.items():
        body_high = frame[["open", "close"]].max(axis=1)
        body_low = frame[["open", "close"]].min(axis=1)
        assert (frame["low"] <= body_low).all(), symbol
        assert (body_high <= frame["high"]).all(), symbol
        assert (frame["low"] > 0).all(), symbol
        assert (frame["adj_close"] == frame["close"]).all(), symbol
        assert (frame["volume"] > 0).all() and (frame["volume"] % 1 == 0).all(), symbol
        typical = profile_for(symbol).volume
        assert typical / 3 < frame["volume"].median() < typical * 3, symbol


@pytest.mark.parametrize("symbol", [*UNIVERSE, "ACME"])
def test_realised_volatility_matches_target(frames: dict[str, pd.DataFrame], symbol: str) -> None:
    realised = log_returns(frames[symbol]).std() * np.sqrt(252)
    target = profile_for(symbol).vol
    assert realised == pytest.approx(target, rel=0.12)


def test_known_targets() -> None:
    assert {s: KNOWN_PROFILES[s].vol for s in UNIVERSE} == {
        "VTWO": 0.22,
        "SPY": 0.16,
        "QQQ": 0.21,
        "NVDA": 0.50,
        "MSFT": 0.26,
    }


def test_unknown_symbols_get_a_plausible_stable_profile() -> None:
    acme = profile_for("ACME")
    assert acme == profile_for("ACME")
    assert acme != profile_for("WIDGET")
    assert 0.18 <= acme.vol <= 0.45 and 0.45 <= acme.market_corr <= 0.80


def test_correlations_in_expected_range(frames: dict[str, pd.DataFrame]) -> None:
    returns = pd.DataFrame({s: log_returns(f) for s, f in frames.items()})
    corr = returns.corr()
    for a in returns.columns:
        for b in returns.columns:
            if a >= b:
                continue
            # One-factor model: corr(a, b) = rho_a * rho_b.
            expected = profile_for(a).market_corr * profile_for(b).market_corr
            assert corr.loc[a, b] == pytest.approx(expected, abs=0.07), (a, b)
            assert corr.loc[a, b] > 0.25, (a, b)
    assert corr.loc["SPY", "QQQ"] > 0.85


def test_start_filters_and_progress() -> None:
    lines: list[str] = []
    result = DemoSource(history_years=YEARS, seed=7, today=TODAY).fetch(
        ["SPY", "SPY", "QQQ"], start=date(2026, 7, 13), progress=lines.append
    )
    assert list(result.frames) == ["SPY", "QQQ"]
    assert list(result.frames["SPY"].index.strftime("%Y-%m-%d")) == [
        "2026-07-13",
        "2026-07-14",
        "2026-07-15",
    ]
    assert lines == ["SPY: 3 synthetic bars", "QQQ: 3 synthetic bars"]
