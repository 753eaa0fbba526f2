"""Exact metric definitions (see "How the numbers are defined" in the README), pure.

Inputs are pandas Series of adjusted closes indexed by date (ascending, unique).
The work is done on numpy arrays with binary search so a snapshot of thousands of
symbols stays cheap; pandas is used for the calendar arithmetic (DateOffset).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

PERIODS: tuple[str, ...] = ("1D", "1W", "1M", "3M", "6M", "YTD", "1Y", "3Y", "5Y")
CHART_PERIODS: tuple[str, ...] = ("1M", "3M", "6M", "YTD", "1Y", "3Y", "5Y")
TRADING_DAYS = 252

_OFFSETS: dict[str, pd.DateOffset] = {
    "1W": pd.DateOffset(days=7),
    "1M": pd.DateOffset(months=1),
    "3M": pd.DateOffset(months=3),
    "6M": pd.DateOffset(months=6),
    "1Y": pd.DateOffset(years=1),
    "3Y": pd.DateOffset(years=3),
    "5Y": pd.DateOffset(years=5),
}


@dataclass(frozen=True)
class PriceArray:
    """A close series as parallel numpy arrays: dates (datetime64[D]) and closes."""

    dates: np.ndarray
    closes: np.ndarray

    @classmethod
    def from_series(cls, closes: pd.Series) -> PriceArray:
        index = pd.DatetimeIndex(closes.index)
        return cls(
            dates=index.values.astype("datetime64[D]"),
            closes=np.asarray(closes.to_numpy(dtype="float64")),
        )

    def __len__(self) -> int:
        return len(self.dates)

    def index_on_or_before(self, day: np.datetime64) -> int | None:
        """Position of the last bar on or before `day`, or None when there is none."""
        pos = int(np.searchsorted(self.dates, day, side="right")) - 1
        return pos if pos >= 0 else None


def _day(value: dt.date | pd.Timestamp | np.datetime64) -> np.datetime64:
    if type(value) is dt.date:  # the common case, and 20x cheaper than via pandas
        return np.datetime64(value, "D")
    return np.datetime64(pd.Timestamp(value).date(), "D")


@lru_cache(maxsize=4096)
def target_date(period: str, as_of: dt.date) -> dt.date:
    """Calendar date whose last bar on or before it is the base of `period` (not 1D)."""
    if period == "YTD":
        return dt.date(as_of.year - 1, 12, 31)
    if period not in _OFFSETS:
        raise ValueError(f"unknown period {period!r}; expected one of {', '.join(PERIODS)}")
    return (pd.Timestamp(as_of) - _OFFSETS[period]).date()


def base_index(prices: PriceArray, as_of_pos: int, period: str) -> int | None:
    """Position of the base bar of `period` for the bar at `as_of_pos`."""
    if period == "1D":
        return as_of_pos - 1 if as_of_pos >= 1 else None
    as_of = prices.dates[as_of_pos].item()
    return prices.index_on_or_before(_day(target_date(period, as_of)))


def _base_positions(prices: PriceArray, as_of_pos: int) -> list[int | None]:
    """``base_index`` of every period in PERIODS order, with one binary search."""
    as_of = prices.dates[as_of_pos].item()
    targets = np.array([target_date(p, as_of) for p in PERIODS[1:]], dtype="datetime64[D]")
    found = np.searchsorted(prices.dates, targets, side="right") - 1
    return [as_of_pos - 1 if as_of_pos >= 1 else None] + [
        int(pos) if pos >= 0 else None for pos in found
    ]


def _ratio_minus_one(numerator: float, denominator: float) -> float | None:
    if not (math.isfinite(numerator) and math.isfinite(denominator)) or denominator <= 0:
        return None
    return numerator / denominator - 1.0


def _daily_returns(prices: PriceArray, end_pos: int) -> tuple[np.ndarray, np.ndarray]:
    """Simple returns up to `end_pos`, each dated at the later of its two bars."""
    closes = prices.closes[: end_pos + 1]
    return prices.dates[1 : end_pos + 1], closes[1:] / closes[:-1] - 1.0


def _clean(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def as_prices(closes: pd.Series | PriceArray) -> PriceArray:
    return closes if isinstance(closes, PriceArray) else PriceArray.from_series(closes)


def compute_metrics(
    closes: pd.Series | PriceArray,
    benchmark_closes: pd.Series | PriceArray,
    *,
    symbol: str,
    benchmark: str,
    as_of: dt.date | None = None,
) -> dict[str, Any]:
    """The metrics object of one symbol.

    `as_of` defaults to the symbol's latest bar; a given date resolves to the last bar
    on or before it. Windows without a bar on or before their start give None.
    """
    prices = as_prices(closes)
    bench = as_prices(benchmark_closes)
    empty = {p: None for p in PERIODS}
    if len(prices) == 0:
        raise ValueError(f"{symbol}: no prices")
    as_of_pos = len(prices) - 1 if as_of is None else prices.index_on_or_before(_day(as_of))
    if as_of_pos is None:
        raise ValueError(f"{symbol}: no bar on or before {as_of}")
    as_of_day = prices.dates[as_of_pos]
    bench_end = bench.index_on_or_before(as_of_day) if len(bench) else None

    returns: dict[str, float | None] = dict(empty)
    relative: dict[str, float | None] = dict(empty)
    bases = _base_positions(prices, as_of_pos)
    # The benchmark's bar on or before each base date, all in one search.
    bench_bases = (
        np.searchsorted(bench.dates, prices.dates[[b for b in bases if b is not None]], "right") - 1
        if len(bench)
        else ()
    )
    found = 0
    for period, base in zip(PERIODS, bases, strict=True):
        if base is None:
            continue
        bench_base = int(bench_bases[found]) if len(bench) else -1
        found += 1
        ret = _ratio_minus_one(prices.closes[as_of_pos], prices.closes[base])
        returns[period] = ret
        if ret is None or bench_end is None or bench_base < 0:
            continue
        bench_ret = _ratio_minus_one(bench.closes[bench_end], bench.closes[bench_base])
        if bench_ret is not None:
            relative[period] = ret - bench_ret

    return {
        "symbol": symbol,
        "as_of": str(as_of_day),
        "benchmark": benchmark,
        "returns": returns,
        "relative": relative,
        "volatility_1y": _clean(volatility(prices, as_of_pos)),
        **dict(
            zip(
                ("beta_1y", "correlation_1y"),
                (_clean(v) for v in beta_correlation(prices, as_of_pos, bench)),
                strict=True,
            )
        ),
        "max_drawdown_1y": _clean(max_drawdown(prices, as_of_pos)),
    }


def volatility(prices: PriceArray, as_of_pos: int) -> float | None:
    """Sample std (ddof 1) of the last 252 daily returns, annualised by sqrt(252)."""
    _, rets = _daily_returns(prices, as_of_pos)
    if len(rets) < TRADING_DAYS:
        return None
    return float(np.std(rets[-TRADING_DAYS:], ddof=1) * math.sqrt(TRADING_DAYS))


def beta_correlation(
    prices: PriceArray, as_of_pos: int, bench: PriceArray
) -> tuple[float | None, float | None]:
    """Beta and correlation over the last 252 daily returns dated on days both have.

    Each series' returns are taken on its own bars, then matched by date.
    """
    bench_end = bench.index_on_or_before(prices.dates[as_of_pos]) if len(bench) else None
    if bench_end is None:
        return None, None
    sym_dates, sym_rets = _daily_returns(prices, as_of_pos)
    if len(sym_dates) < TRADING_DAYS:
        return None, None
    bench_dates, bench_rets = _daily_returns(bench, bench_end)
    # Only benchmark returns from the symbol's first one on can match: keep the join small.
    first = int(np.searchsorted(bench_dates, sym_dates[0]))
    bench_dates, bench_rets = bench_dates[first:], bench_rets[first:]
    common, sym_idx, bench_idx = np.intersect1d(
        sym_dates, bench_dates, assume_unique=True, return_indices=True
    )
    if len(common) < TRADING_DAYS:
        return None, None
    symbol_returns = sym_rets[sym_idx[-TRADING_DAYS:]]
    bench_returns = bench_rets[bench_idx[-TRADING_DAYS:]]
    cov = np.cov(symbol_returns, bench_returns, ddof=1)
    var_bench = cov[1, 1]
    beta = cov[0, 1] / var_bench if var_bench > 0 else None
    denom = math.sqrt(cov[0, 0] * cov[1, 1])
    corr = cov[0, 1] / denom if denom > 0 else None
    return beta, corr


def max_drawdown(prices: PriceArray, as_of_pos: int) -> float | None:
    """min(P / cummax(P) - 1) over closes from the 1Y base bar to as_of (<= 0)."""
    base = base_index(prices, as_of_pos, "1Y")
    if base is None:
        return None
    window = prices.closes[base : as_of_pos + 1]
    return float(np.min(window / np.maximum.accumulate(window) - 1.0))


def rebased(closes: pd.Series, start: dt.date, end: dt.date | None = None) -> pd.Series:
    """Closes from the last bar on or before `start` to `end`, rebased so the first is 100."""
    prices = PriceArray.from_series(closes)
    first = prices.index_on_or_before(_day(start))
    first = 0 if first is None else first
    window = closes.iloc[first:]
    if end is not None:
        window = window.loc[: pd.Timestamp(end)]
    if window.empty:
        return window.astype("float64")
    return window / window.iloc[0] * 100.0


def rebased_lines(
    closes: Mapping[str, pd.Series], start: dt.date, end: dt.date | None = None
) -> dict[str, pd.Series]:
    """Each symbol's closes rebased to 100 at `start` (see `rebased`), in the given
    order; symbols without a bar in the window are left out."""
    lines = {}
    for symbol, series in closes.items():
        values = rebased(series, start, end) if len(series) else pd.Series()
        if not values.empty:
            lines[symbol] = values
    return lines


def index_return(line: pd.Series) -> float:
    """The change a rebased line (100 at its start) shows at its end, as a fraction."""
    return float(line.iloc[-1] / 100.0 - 1.0)


def period_start(period: str, as_of: dt.date) -> dt.date:
    """Calendar start of a chart period ending at `as_of`."""
    return target_date(period, as_of)


def pair_spread(
    closes: Mapping[str, pd.Series],
    long_legs: list[str],
    short_legs: list[str],
    start: dt.date,
) -> pd.Series:
    """Value of an equal-weight long basket against a short basket, 100 at `start`.

    Each leg is rebased to 100 on dates all legs share; the spread is
    mean(long legs) / mean(short legs) * 100, so 105 means the pair made +5 %.
    """
    if not long_legs or not short_legs:
        raise ValueError("a pair needs at least one long and one short leg")
    frame = pd.concat({s: closes[s] for s in [*long_legs, *short_legs]}, axis=1).dropna()
    frame = frame.loc[frame.index >= _first_on_or_before(frame.index, start)]
    if frame.empty:
        return pd.Series(dtype="float64")
    frame = frame / frame.iloc[0] * 100.0
    return frame[long_legs].mean(axis=1) / frame[short_legs].mean(axis=1) * 100.0


def _first_on_or_before(index: pd.DatetimeIndex, start: dt.date) -> pd.Timestamp:
    pos = int(index.searchsorted(pd.Timestamp(start), side="right")) - 1
    return index[max(pos, 0)]
