"""Snapshots read only the bars their metrics need, yet equal the full-history metrics."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine

from app.market.analytics import compute_metrics
from app.market.ingest import refresh
from app.market.snapshots import TAIL_BARS, compute_snapshots
from tests.unit.market.fake_source import FakeSource, frame, random_walk

TODAY = dt.date(2024, 7, 1)


def _gapped(seed: int) -> pd.DataFrame:
    """Seven years with a five-month hole inside the last year."""
    full = random_walk(seed, 7 * 252)
    hole = (full.index >= "2023-08-01") & (full.index < "2024-01-01")
    return full[~hole]


def _seven_days_a_week(seed: int) -> pd.DataFrame:
    """Bars every calendar day (as for crypto): a year holds more than TAIL_BARS bars,
    so the 1Y base lies before the tail."""
    dates = pd.date_range(end="2024-06-28", periods=6 * 365)
    closes = 100 * np.exp(np.cumsum(np.random.default_rng(seed).normal(0, 0.02, len(dates))))
    return frame([str(d.date()) for d in dates], closes)


def _short(seed: int) -> pd.DataFrame:
    return random_walk(seed, TAIL_BARS - 40)


def _sparse(seed: int) -> pd.DataFrame:
    """Weekly bars over six years: few joint dates with the daily benchmark."""
    daily = random_walk(seed, 6 * 252)
    weekly = daily[daily.index.day_of_week == 2]
    return frame([str(d.date()) for d in weekly.index], weekly["adj_close"].to_numpy())


@pytest.fixture
def loaded(engine: Engine) -> dict[str, pd.DataFrame]:
    frames = {
        "SPY": random_walk(1, 8 * 252),
        "LONG": random_walk(2, 8 * 252),
        "GAPS": _gapped(3),
        "SHORT": _short(4),
        "WEEKLY": _sparse(5),
        "DAILY7": _seven_days_a_week(6),
    }
    summary = refresh(engine, FakeSource(frames), list(frames), benchmark="SPY", today=TODAY)
    assert summary.status == "ok"
    return frames


@pytest.mark.parametrize("symbol", ["SPY", "LONG", "GAPS", "SHORT", "WEEKLY", "DAILY7"])
def test_snapshot_equals_metrics_of_the_whole_history(
    engine: Engine, loaded: dict[str, pd.DataFrame], symbol: str
) -> None:
    with engine.connect() as conn:
        (snapshot,) = compute_snapshots(conn, [symbol], "SPY")
    expected = compute_metrics(
        loaded[symbol]["adj_close"], loaded["SPY"]["adj_close"], symbol=symbol, benchmark="SPY"
    )
    assert snapshot == expected
    assert snapshot["returns"]["1Y"] is not None or symbol == "SHORT"


def test_seven_day_series_against_a_seven_day_benchmark(engine: Engine) -> None:
    # Here the tail alone has enough joint returns, so only the 1Y base reaching
    # before the tail keeps volatility and drawdown exact.
    frames = {"SPY": _seven_days_a_week(7), "COIN": _seven_days_a_week(8)}
    refresh(engine, FakeSource(frames), list(frames), benchmark="SPY", today=TODAY)
    with engine.connect() as conn:
        (snapshot,) = compute_snapshots(conn, ["COIN"], "SPY")
    expected = compute_metrics(
        frames["COIN"]["adj_close"], frames["SPY"]["adj_close"], symbol="COIN", benchmark="SPY"
    )
    assert snapshot == expected
