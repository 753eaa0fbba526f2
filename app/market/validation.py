"""Checks a fetched frame before anything is written (see the README).

Works on numpy arrays: a refresh validates thousands of symbols, and per-symbol
pandas overhead would dominate a one-day refresh.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

BAR_COLUMNS = ("open", "high", "low", "close", "adj_close", "volume")
_CLOSE, _ADJ = BAR_COLUMNS.index("close"), BAR_COLUMNS.index("adj_close")


@dataclass
class Validated:
    """Outcome for one symbol: clean arrays, or an error; warnings either way.

    `dates` is ascending datetime64[D]; `values` has one column per BAR_COLUMNS.
    """

    symbol: str
    dates: np.ndarray | None
    values: np.ndarray | None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def frame(self) -> pd.DataFrame | None:
        if self.dates is None or self.values is None:
            return None
        index = pd.DatetimeIndex(self.dates.astype("datetime64[ns]"), name="date")
        return pd.DataFrame(self.values, index=index, columns=list(BAR_COLUMNS))


def _dates(days: np.ndarray) -> str:
    shown = [str(d) for d in days[:3]]
    more = f" and {len(days) - 3} more" if len(days) > 3 else ""
    return ", ".join(shown) + more


def _failed(symbol: str, error: str, warnings: list[str] | None = None) -> Validated:
    return Validated(symbol, None, None, error, warnings or [])


def validate_bars(symbol: str, frame: pd.DataFrame, today: dt.date) -> Validated:
    """Reject what would corrupt history; drop only rows that carry no close at all.

    - rows whose adjusted close is missing are dropped and reported (Yahoo sends such
      rows for sessions it has no data for);
    - duplicate dates with identical values collapse to one; conflicting duplicates,
      non-positive closes and dates after `today` reject the whole symbol.
    """
    missing = [c for c in BAR_COLUMNS if c not in frame.columns]
    if missing:
        return _failed(symbol, f"missing columns: {', '.join(missing)}")
    if frame.empty:
        return _failed(symbol, "no bars received")
    index = pd.DatetimeIndex(frame.index)
    if index.tz is not None:
        index = index.tz_localize(None)
    dates = index.values.astype("datetime64[D]")
    if tuple(frame.columns) == BAR_COLUMNS:  # the usual case; selecting costs more
        values = frame.to_numpy(dtype="float64", copy=True)
    else:
        values = np.column_stack([frame[c].to_numpy(dtype="float64") for c in BAR_COLUMNS])
    warnings: list[str] = []

    no_close = np.isnan(values[:, _ADJ])
    if no_close.any():
        warnings.append(
            f"dropped {int(no_close.sum())} rows without a close: {_dates(dates[no_close])}"
        )
        dates, values = dates[~no_close], values[~no_close]
    if len(dates) == 0:
        return _failed(symbol, "every row lacks a close", warnings)

    order = np.argsort(dates, kind="stable")
    dates, values = dates[order], values[order]
    same_day = dates[1:] == dates[:-1]
    if same_day.any():
        prev, this = values[:-1][same_day], values[1:][same_day]
        identical = ((prev == this) | (np.isnan(prev) & np.isnan(this))).all(axis=1)
        if not identical.all():
            conflicting = np.unique(dates[1:][same_day][~identical])
            return _failed(symbol, f"conflicting duplicate dates: {_dates(conflicting)}", warnings)
        warnings.append(
            f"collapsed identical duplicate dates: {_dates(np.unique(dates[1:][same_day]))}"
        )
        keep = np.concatenate([[True], ~same_day])
        dates, values = dates[keep], values[keep]

    closes = values[:, [_CLOSE, _ADJ]]
    bad = ((closes <= 0) | np.isinf(closes)).any(axis=1)
    if bad.any():
        return _failed(symbol, f"non-positive or infinite close on {_dates(dates[bad])}", warnings)
    future = dates > np.datetime64(today, "D")
    if future.any():
        return _failed(symbol, f"dates in the future: {_dates(dates[future])}", warnings)
    return Validated(symbol, dates, values, None, warnings)
