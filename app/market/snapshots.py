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

import pandas as pd
from sqlalchemy import Connection

from app.market import store
from app.market.analytics import PERIODS, TRADING_DAYS, compute_metrics, target_date

TAIL_BARS = 300


def reduced_closes(conn: Connection, symbol: str) -> pd.Series:
    """The bars of `symbol` that its metrics can depend on."""
    last = store.nth_latest_date(conn, symbol, 1)
    if last is None:
        return store.load_closes(conn, symbol)
    bases: dict[dt.date, float] = {}
    for period in PERIODS:
        if period == "1D":
            continue
        found = store.bar_on_or_before(conn, symbol, target_date(period, last))
        if found is not None:
            bases[found[0]] = found[1]
    tail_start = store.nth_latest_date(conn, symbol, TAIL_BARS)
    base_1y = store.bar_on_or_before(conn, symbol, target_date("1Y", last))
    if tail_start is None:  # short history: read it all
        return store.load_closes(conn, symbol)
    if base_1y is not None:
        tail_start = min(tail_start, base_1y[0])
    tail = store.load_closes(conn, symbol, since=tail_start)
    older = {d: c for d, c in bases.items() if d < tail_start}
    if not older:
        return tail
    head = pd.Series(
        list(older.values()), index=pd.DatetimeIndex(pd.to_datetime(list(older)), name="date")
    )
    return pd.concat([head, tail]).sort_index()


def _needs_full_history(reduced: pd.Series, benchmark: pd.Series) -> bool:
    """True when the tail holds fewer than 252 returns on benchmark dates.

    Beta and correlation then reach further back than the tail, past the gaps the
    reduced series leaves between base bars.
    """
    tail = reduced.index[-TAIL_BARS:]
    return int(tail.isin(benchmark.index).sum()) <= TRADING_DAYS


def compute_snapshots(
    conn: Connection,
    symbols: Iterable[str],
    benchmark: str,
    progress: Callable[[int, int], None] | None = None,
) -> list[dict[str, Any]]:
    bench = store.load_closes(conn, benchmark)
    targets = list(symbols)
    out: list[dict[str, Any]] = []
    for i, symbol in enumerate(targets, 1):
        closes = bench if symbol == benchmark else reduced_closes(conn, symbol)
        if closes.empty:
            continue
        if symbol != benchmark and _needs_full_history(closes, bench):
            closes = store.load_closes(conn, symbol)
        out.append(compute_metrics(closes, bench, symbol=symbol, benchmark=benchmark))
        if progress is not None and (i % 250 == 0 or i == len(targets)):
            progress(i, len(targets))
    return out
