"""The shape every price source returns, and small helpers the sources share."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

import numpy as np
import pandas as pd

BAR_COLUMNS = ("open", "high", "low", "close", "adj_close", "volume")

Progress = Callable[[str], None]


class SourceError(Exception):
    """The whole fetch failed: nothing usable came back. The message is one human line."""


@dataclass
class FetchResult:
    """Frames for the symbols that arrived, one-line errors for those that did not.

    Frames are raw conversions: NaN rows and duplicate dates are kept so the
    validator, not the source, decides what to do with them.
    """

    source: str
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    # Instrument names the source reported (Yahoo's metadata); others report none.
    names: dict[str, str] = field(default_factory=dict)


class PriceSource(Protocol):
    name: str

    def fetch(
        self,
        symbols: Sequence[str],
        start: date | None = None,
        end: date | None = None,
        progress: Progress | None = None,
    ) -> FetchResult: ...


def unique_symbols(symbols: Sequence[str]) -> list[str]:
    """Strip blanks and repeats, keeping the caller's order."""
    seen: dict[str, None] = {}
    for raw in symbols:
        symbol = raw.strip()
        if symbol:
            seen.setdefault(symbol, None)
    return list(seen)


def one_line(text: object, limit: int = 300) -> str:
    """Collapse an error to a single line short enough for a refresh log."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def bar_index(index: pd.Index) -> pd.DatetimeIndex:
    """Dates as every source returns them: tz-naive midnight, nanoseconds, named "date".

    A tz-aware index keeps its local wall clock, so an exchange timestamp becomes the
    exchange's calendar date.
    """
    dates = pd.DatetimeIndex(index)
    if dates.tz is not None:
        dates = dates.tz_localize(None)
    return pd.DatetimeIndex(dates.normalize().as_unit("ns"), freq=None, name="date")


def clip_range(frame: pd.DataFrame, start: date | None, end: date | None) -> pd.DataFrame:
    """Keep rows with start <= date <= end (both inclusive) by mask, never reordering."""
    mask = np.ones(len(frame), dtype=bool)
    if start is not None:
        mask &= frame.index >= pd.Timestamp(start)
    if end is not None:
        mask &= frame.index <= pd.Timestamp(end)
    return frame if mask.all() else frame.loc[mask]


def finish_result(result: FetchResult, what: str) -> FetchResult:
    """Raise SourceError when no symbol produced a frame; otherwise return the result."""
    if result.frames or not result.errors:
        return result
    first_symbol, first_error = next(iter(result.errors.items()))
    others = len(result.errors) - 1
    more = f" (and {others} more)" if others else ""
    raise SourceError(f"{what}: {first_symbol}: {first_error}{more}")


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (28 February for a leap day)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
