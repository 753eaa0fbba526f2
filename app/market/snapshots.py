"""Compute snapshots from stored bars without reading whole histories.

A snapshot needs only: the base bar of each period, the last ~300 bars (1D, 1Y
volatility, beta, drawdown) and the benchmark. Reading just those keeps a one-day
refresh of thousands of symbols cheap, and gives exactly the numbers the full series
would give (see `_needs_full_history` for the one case where it would not).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from sqlalchemy import Connection

from app.market import store
from app.market.analytics import PERIODS, TRADING_DAYS, PriceArray, compute_metrics, target_date

TAIL_BARS = 300


def reduced_prices(conn: Connection, symbol: str) -> PriceArray:
    """The bars of `symbol` that its metrics can depend on: the last TAIL_BARS bars, plus
    the base bar of each period that starts before them (usually only 3Y and 5Y)."""
    tail = store.latest_prices(conn, symbol, TAIL_BARS)
    if len(tail) < TAIL_BARS:  # short history: that is all of it
        return tail
    last: dt.date = tail.dates[-1].astype(dt.date)
    tail_start: dt.date = tail.dates[0].astype(dt.date)
    bases: dict[dt.date, float] = {}
    year_base: dt.date | None = None
    for period in PERIODS[1:]:  # 1D is the previous bar, always in the tail
        target = target_date(period, last)
        if target >= tail_start:
            continue  # its base bar is in the tail
        found = store.bar_on_or_before(conn, symbol, target)
        if found is not None:
            bases[found[0]] = found[1]
            if period == "1Y":
                year_base = found[0]
    if year_base is not None:
        # Gaps in the last year: volatility and drawdown need every bar since its base.
        tail = store.load_prices(conn, symbol, since=year_base)
        tail_start = year_base
    older = sorted((d, c) for d, c in bases.items() if d < tail_start)
    if not older:
        return tail
    return PriceArray(
        np.concatenate([np.array([d for d, _ in older], dtype="datetime64[D]"), tail.dates]),
        np.concatenate([np.array([c for _, c in older], dtype="float64"), tail.closes]),
    )


def _needs_full_history(reduced: PriceArray, benchmark: PriceArray) -> bool:
    """True when the tail holds too few bars on benchmark dates for 252 joint returns.

    Beta and correlation would then reach further back than the tail, across the
    gaps the reduced series leaves between base bars.
    """
    if len(benchmark) == 0:
        return True
    tail = reduced.dates[-TAIL_BARS:]
    pos = np.minimum(np.searchsorted(benchmark.dates, tail), len(benchmark) - 1)
    return int((benchmark.dates[pos] == tail).sum()) <= TRADING_DAYS


def compute_snapshots(
    conn: Connection,
    symbols: Iterable[str],
    benchmark: str,
    progress: Callable[[int, int], None] | None = None,
) -> list[dict[str, Any]]:
    bench = store.load_prices(conn, benchmark)
    targets = list(symbols)
    step = max(1, len(targets) // 10)
    out: list[dict[str, Any]] = []
    for done_count, symbol in enumerate(targets, 1):
        prices = bench if symbol == benchmark else reduced_prices(conn, symbol)
        if len(prices) == 0:
            continue
        if symbol != benchmark and len(prices) >= TAIL_BARS and _needs_full_history(prices, bench):
            prices = store.load_prices(conn, symbol)
        out.append(compute_metrics(prices, bench, symbol=symbol, benchmark=benchmark))
        if progress is not None and (done_count % step == 0 or done_count == len(targets)):
            progress(done_count, len(targets))
    return out
