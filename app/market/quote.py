"""A ticker page's header figures, computed from stored daily bars alone.

- last close and its date ("as of"): the latest bar's unadjusted close, the price
  people quote;
- day change: that close minus the previous bar's close, absolute and in % of it;
- volume: the latest bar's;
- 52-week range: the lowest low and highest high of the bars dated after the same
  calendar day one year before the latest bar (a day without a high or low uses its
  close), and where the last close sits in that range (0 = at the low, 1 = at the high).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd

RANGE_BASIS = "daily highs and lows"


def year_before(day: dt.date) -> dt.date:
    """The same calendar day a year earlier (28 February for a leap day)."""
    return (pd.Timestamp(day) - pd.DateOffset(years=1)).date()


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def header_stats(bars: pd.DataFrame) -> dict[str, Any] | None:
    """Header figures from bars (columns close, high, low, volume; a date index),
    or None when there is no bar with a close."""
    priced = bars[bars["close"].notna()].sort_index()
    if priced.empty:
        return None
    last = priced.iloc[-1]
    as_of = priced.index[-1].date()
    close = float(last["close"])
    previous = float(priced["close"].iloc[-2]) if len(priced) > 1 else None
    change = close - previous if previous is not None else None
    change_pct = change / previous if change is not None and previous else None

    year = priced[priced.index > pd.Timestamp(year_before(as_of))]
    highs = year["high"].fillna(year["close"])
    lows = year["low"].fillna(year["close"])
    high, low = float(highs.max()), float(lows.min())
    # A close can print outside a day's recorded range in messy data: the range holds it.
    high, low = max(high, close), min(low, close)
    position = (close - low) / (high - low) if high > low else None
    return {
        "as_of": as_of.isoformat(),
        "close": close,
        "previous_close": previous,
        "change": change,
        "change_pct": change_pct,
        "volume": _number(last.get("volume")),
        "high_52w": high,
        "low_52w": low,
        "range_from": year.index[0].date().isoformat(),
        "range_basis": RANGE_BASIS,
        "position": position,
    }
