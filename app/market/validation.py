"""Checks a fetched frame before anything is written (SPEC section 2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

BAR_COLUMNS = ("open", "high", "low", "close", "adj_close", "volume")


@dataclass
class Validated:
    """Outcome for one symbol: a clean frame, or an error; warnings either way."""

    symbol: str
    frame: pd.DataFrame | None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


def _dates(index: pd.Index) -> str:
    shown = [str(d)[:10] for d in index[:3]]
    more = f" and {len(index) - 3} more" if len(index) > 3 else ""
    return ", ".join(shown) + more


def validate_bars(symbol: str, frame: pd.DataFrame, today: dt.date) -> Validated:
    """Reject what would corrupt history; drop only rows that carry no close at all.

    - rows whose adjusted close is missing are dropped and reported (Yahoo sends such
      rows for sessions it has no data for);
    - duplicate dates with identical values collapse to one; conflicting duplicates,
      non-positive closes and dates after `today` reject the whole symbol.
    """
    missing = [c for c in BAR_COLUMNS if c not in frame.columns]
    if missing:
        return Validated(symbol, None, f"missing columns: {', '.join(missing)}")
    if frame.empty:
        return Validated(symbol, None, "no bars received")
    out = frame.loc[:, list(BAR_COLUMNS)].astype("float64")
    out.index = pd.DatetimeIndex(out.index).tz_localize(None).normalize()
    out.index.name = "date"
    warnings: list[str] = []

    no_close = out["adj_close"].isna().to_numpy()
    if no_close.any():
        warnings.append(
            f"dropped {int(no_close.sum())} rows without a close: {_dates(out.index[no_close])}"
        )
        out = out.loc[~no_close]
    if out.empty:
        return Validated(symbol, None, "every row lacks a close", warnings)

    dup_mask = out.index.duplicated(keep=False)
    if dup_mask.any():
        dups = out.loc[dup_mask]
        distinct = dups.reset_index().drop_duplicates()
        if distinct["date"].duplicated().any():
            conflicting = distinct.loc[distinct["date"].duplicated(), "date"].unique()
            return Validated(
                symbol,
                None,
                f"conflicting duplicate dates: {_dates(pd.Index(conflicting))}",
                warnings,
            )
        warnings.append(f"collapsed identical duplicate dates: {_dates(dups.index.unique())}")
        out = out.loc[~out.index.duplicated(keep="first")]

    out = out.sort_index()
    closes = out[["close", "adj_close"]].to_numpy()
    bad = (closes <= 0) | np.isinf(closes)
    if bad.any():
        rows = out.index[bad.any(axis=1)]
        return Validated(
            symbol, None, f"non-positive or infinite close on {_dates(rows)}", warnings
        )
    future = out.index > pd.Timestamp(today)
    if future.any():
        return Validated(
            symbol, None, f"dates in the future: {_dates(out.index[future])}", warnings
        )
    return Validated(symbol, out, None, warnings)
