"""Pair-trade analytics, pure: a weighted long basket against a weighted short basket.

Definitions (documented in the README, used by the pair pages and pair alert rules):
- Each basket is bought at the entry session and held: its value on session ``t`` is
  ``sum_i w_i P_i,t / P_i,entry`` with the side's weights scaled to sum to 1.
- ``spread_t = 100 * long_t / short_t``: 100 at entry, 112 means the pair made +12 %.
  The move since entry is ``spread_t / 100 - 1``.
- The z-score on ``t`` is the spread against its own trailing ``lookback`` sessions
  (mean and sample standard deviation, ddof 1). Rebasing multiplies the spread by a
  constant, which the z-score ignores, so it needs no entry date.
- Rolling correlation and beta of the two baskets' daily returns over ``window``
  sessions (beta = cov(long, short) / var(short), ddof 1).
All series use the sessions every leg has, from adjusted closes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

ZSCORE_LOOKBACK = 252
ROLLING_WINDOW = 63


def normalised(legs: Mapping[str, float]) -> dict[str, float]:
    """Weights of one side scaled to sum to 1 (their signs are the side's)."""
    total = sum(abs(w) for w in legs.values())
    if not legs or total <= 0:
        raise ValueError("a side needs at least one leg with a positive weight")
    return {symbol: abs(w) / total for symbol, w in legs.items()}


def shared_frame(
    closes: Mapping[str, pd.Series], long_legs: Mapping[str, float], short_legs: Mapping[str, float]
) -> pd.DataFrame:
    """Closes of every leg on the sessions they all have, oldest first."""
    symbols = list(dict.fromkeys([*long_legs, *short_legs]))
    return pd.concat({s: closes[s] for s in symbols}, axis=1, join="inner").sort_index().dropna()


def _basket(frame: pd.DataFrame, legs: Mapping[str, float], base: int = 0) -> pd.Series:
    """The side's holdings bought at row ``base``, valued on every row (1.0 at ``base``)."""
    weights = normalised(legs)
    return sum(w * frame[s] / frame[s].iloc[base] for s, w in weights.items())


def _entry_position(frame: pd.DataFrame, entry: dt.date) -> int:
    """Row of the last shared session on or before ``entry`` (the first, when earlier)."""
    return max(int(frame.index.searchsorted(pd.Timestamp(entry), side="right")) - 1, 0)


def spread(
    closes: Mapping[str, pd.Series],
    long_legs: Mapping[str, float],
    short_legs: Mapping[str, float],
    entry: dt.date,
    end: dt.date | None = None,
) -> pd.Series:
    """100 x long basket / short basket from the last shared session on or before
    ``entry`` (or the first shared session, when entry is earlier) to ``end``."""
    frame = shared_frame(closes, long_legs, short_legs)
    if end is not None:
        frame = frame.loc[: pd.Timestamp(end)]
    if frame.empty:
        return pd.Series(dtype="float64")
    frame = frame.iloc[_entry_position(frame, entry) :]
    return 100.0 * _basket(frame, long_legs) / _basket(frame, short_legs)


def spread_history(
    closes: Mapping[str, pd.Series],
    long_legs: Mapping[str, float],
    short_legs: Mapping[str, float],
    entry: dt.date,
) -> pd.Series:
    """The holdings bought at entry, valued on every shared session, before entry too:
    ``100 x long / short`` with 100 at the entry session. From entry on it equals
    ``spread``; the sessions before give the z-score its trailing year from day one."""
    frame = shared_frame(closes, long_legs, short_legs)
    if frame.empty:
        return pd.Series(dtype="float64")
    pos = _entry_position(frame, entry)
    return 100.0 * _basket(frame, long_legs, pos) / _basket(frame, short_legs, pos)


def zscore(spread_series: pd.Series, lookback: int = ZSCORE_LOOKBACK) -> pd.Series:
    """(spread - trailing mean) / trailing std over ``lookback`` sessions, NaN before."""
    mean = spread_series.rolling(lookback).mean()
    std = spread_series.rolling(lookback).std(ddof=1)
    return (spread_series - mean) / std.replace(0.0, np.nan)


def rolling_correlation_beta(
    closes: Mapping[str, pd.Series],
    long_legs: Mapping[str, float],
    short_legs: Mapping[str, float],
    start: dt.date,
    window: int = ROLLING_WINDOW,
    entry: dt.date | None = None,
) -> pd.DataFrame:
    """Columns ``correlation`` and ``beta`` of the baskets' daily returns, each over the
    trailing ``window`` sessions, from the first shared session on or after ``start``.

    The baskets are the holdings bought at ``entry`` (default ``start``), valued on every
    shared session, so the figures don't depend on how much history was loaded."""
    frame = shared_frame(closes, long_legs, short_legs)
    base = _entry_position(frame, entry or start) if not frame.empty else 0
    long_ret = _basket(frame, long_legs, base).pct_change()
    short_ret = _basket(frame, short_legs, base).pct_change()
    cov = long_ret.rolling(window).cov(short_ret, ddof=1)
    var = short_ret.rolling(window).var(ddof=1)
    result = pd.DataFrame(
        {
            "correlation": long_ret.rolling(window).corr(short_ret),
            "beta": cov / var.replace(0.0, np.nan),
        }
    )
    return result.loc[result.index >= pd.Timestamp(start)]
