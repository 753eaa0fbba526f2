"""An in-memory price source for ingest tests (the real sources have their own tests)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from app.market.sources import FetchResult


def frame(dates: Sequence[str], closes: Sequence[float]) -> pd.DataFrame:
    c = np.asarray(closes, dtype="float64")
    return pd.DataFrame(
        {
            "open": c * 0.99,
            "high": c * 1.01,
            "low": c * 0.98,
            "close": c,
            "adj_close": c,
            "volume": np.full(len(c), 1_000_000.0),
        },
        index=pd.DatetimeIndex(pd.to_datetime(list(dates)), name="date"),
    )


def random_walk(symbol_seed: int, days: int, end: str = "2024-06-28") -> pd.DataFrame:
    rng = np.random.default_rng(symbol_seed)
    dates = pd.bdate_range(end=end, periods=days)
    closes = 100 * np.exp(np.cumsum(rng.normal(0.0003, 0.015, days)))
    return frame([str(d.date()) for d in dates], closes)


@dataclass
class FakeSource:
    frames: dict[str, pd.DataFrame]
    errors: dict[str, str] = field(default_factory=dict)
    name: str = "csv"

    def fetch(
        self,
        symbols: Sequence[str],
        start: dt.date | None = None,
        end: dt.date | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> FetchResult:
        frames = {s: self.frames[s].copy() for s in symbols if s in self.frames}
        errors = dict(self.errors)
        for s in symbols:
            if s not in frames and s not in errors:
                errors[s] = "no data"
        return FetchResult(source=self.name, frames=frames, errors=errors)
