"""Bulk reads and writes of bars and snapshots on a raw DB-API connection.

Millions of rows go through `executemany` with positional tuples: building ORM objects
or dicts for each bar would cost several times the database's own work. PostgreSQL runs
`executemany` statement by statement, so large batches of bars go through COPY there
(pg_bulk).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine

from app.market import pg_bulk
from app.market.analytics import PriceArray

BAR_FIELDS = ("symbol", "date", "open", "high", "low", "close", "adj_close", "volume")


def _placeholders(conn: Connection, count: int) -> str:
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    return ", ".join([mark] * count)


def _distinct(conn: Connection) -> str:
    return "IS NOT" if conn.dialect.name == "sqlite" else "IS DISTINCT FROM"


def bar_rows(
    symbol: str, dates: np.ndarray, values: np.ndarray, *, nan_to_none: bool
) -> list[tuple[Any, ...]]:
    """Positional rows for one symbol: the date, then the BAR_COLUMNS values.

    For SQLite (``nan_to_none`` false) dates are ISO strings, as it stores them; SQLite
    binds NaN as NULL and stores whole floats in INTEGER columns as integers. Other
    databases get date objects (binary COPY takes them as they are), explicit NULLs and
    integer volumes.
    """
    days = dates.astype("datetime64[D]")
    columns = [values[:, i].tolist() for i in range(values.shape[1])]
    if not nan_to_none:
        iso = np.datetime_as_string(days).tolist()
        return list(zip([symbol] * len(iso), iso, *columns, strict=True))
    columns = [[None if v != v else v for v in col] for col in columns]
    columns[-1] = [None if v is None else int(v) for v in columns[-1]]
    return list(zip([symbol] * len(days), days.tolist(), *columns, strict=True))


def upsert_bars(conn: Connection, rows: Sequence[tuple[Any, ...]]) -> int:
    """Insert or update bars; rows whose values are unchanged are left alone.

    Dates may be ISO text or date objects. Returns the number of rows inserted or
    changed. PostgreSQL stages large batches with COPY (see pg_bulk); small ones, and
    SQLite, whose ``executemany`` is close to its own floor, go row by row.
    """
    if not rows:
        return 0
    value_cols = BAR_FIELDS[2:]
    differs = " OR ".join(f"bars.{c} {_distinct(conn)} excluded.{c}" for c in value_cols)
    on_conflict = (
        f"ON CONFLICT (symbol, date) DO UPDATE SET "
        f"{', '.join(f'{c} = excluded.{c}' for c in value_cols)} WHERE {differs}"
    )
    cursor = _cursor(conn)
    try:
        if conn.dialect.name == "postgresql" and len(rows) >= pg_bulk.COPY_MIN_ROWS:
            return pg_bulk.upsert_bars(cursor, rows, BAR_FIELDS, on_conflict)
        cursor.executemany(
            f"INSERT INTO bars ({', '.join(BAR_FIELDS)}) "
            f"VALUES ({_placeholders(conn, len(BAR_FIELDS))}) {on_conflict}",
            rows,
        )
        return max(int(cursor.rowcount), 0)
    finally:
        cursor.close()


def upsert_symbol_stats(conn: Connection, symbols: Iterable[str], source: str) -> None:
    """Recompute first/last date and bar count of each symbol from its stored bars."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
    ph = _placeholders(conn, 1)
    for symbol in symbols:
        conn.exec_driver_sql(
            f"UPDATE symbols SET first_date = (SELECT MIN(date) FROM bars WHERE symbol = {ph}),"
            f" last_date = (SELECT MAX(date) FROM bars WHERE symbol = {ph}),"
            f" bar_count = (SELECT COUNT(*) FROM bars WHERE symbol = {ph}),"
            f" source = {ph}, updated_at = {ph} WHERE symbol = {ph}",
            (symbol, symbol, symbol, source, now, symbol),
        )


def stored_last_dates(conn: Connection) -> dict[str, dt.date]:
    """Last bar date of each symbol, as its stats row records it."""
    rows = conn.exec_driver_sql("SELECT symbol, last_date FROM symbols").fetchall()
    return {s: _as_date(d) for s, d in rows if d is not None}


def append_symbol_stats(
    conn: Connection, appended: Sequence[tuple[str, str, int]], source: str
) -> None:
    """Stats of symbols whose new bars all come after their last stored one, given as
    (symbol, new last date, bars added): the count grows and the last date moves,
    without rescanning the history as ``upsert_symbol_stats`` does."""
    if not appended:
        return
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
    ph = _placeholders(conn, 1)
    conn.exec_driver_sql(
        f"UPDATE symbols SET last_date = {ph}, bar_count = bar_count + {ph}, source = {ph},"
        f" updated_at = {ph} WHERE symbol = {ph}",
        [(last, added, source, now, symbol) for symbol, last, added in appended],
    )


def ensure_symbols(conn: Connection, symbols: Iterable[str]) -> None:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
    rows = [(s, 0, now) for s in symbols]
    if not rows:
        return
    conn.exec_driver_sql(
        f"INSERT INTO symbols (symbol, bar_count, updated_at) VALUES "
        f"({_placeholders(conn, 3)}) ON CONFLICT (symbol) DO NOTHING",
        rows,
    )


def set_names(conn: Connection, symbols: Iterable[str], names: dict[str, str]) -> int:
    """Store the names a source reported; give unnamed symbols their built-in name.

    Returns how many rows changed (a new name is news for the pages).
    """
    from app.market.names import built_in_name

    ph = _placeholders(conn, 1)
    changed = 0
    for symbol in symbols:
        reported = names.get(symbol)
        if reported:
            differs = f"name {_distinct(conn)} {ph}"
            sql = f"UPDATE symbols SET name = {ph} WHERE symbol = {ph} AND {differs}"
            params: tuple[Any, ...] = (reported, symbol, reported)
        elif (fallback := built_in_name(symbol)) is not None:
            sql = f"UPDATE symbols SET name = {ph} WHERE symbol = {ph} AND name IS NULL"
            params = (fallback, symbol)
        else:
            continue
        changed += max(conn.exec_driver_sql(sql, params).rowcount, 0)
    return changed


def load_recent_bars(conn: Connection, symbol: str, since: dt.date) -> pd.DataFrame:
    """Every stored column of ``symbol``'s bars dated on or after ``since``, oldest first
    (the ticker header: last close, day change, volume, 52-week range)."""
    ph = _placeholders(conn, 1)
    rows = _fetch(
        conn,
        f"SELECT date, open, high, low, close, adj_close, volume FROM bars "
        f"WHERE symbol = {ph} AND date >= {ph} ORDER BY date",
        (symbol, since.isoformat()),
    )
    frame = pd.DataFrame(
        rows, columns=["date", "open", "high", "low", "close", "adj_close", "volume"]
    )
    frame.index = pd.DatetimeIndex([str(d)[:10] for d in frame.pop("date")], name="date")
    return frame.astype("float64")


def last_dates(conn: Connection) -> dict[str, dt.date]:
    result = conn.exec_driver_sql("SELECT symbol, MAX(date) FROM bars GROUP BY symbol").fetchall()
    return {s: _as_date(d) for s, d in result if d is not None}


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _cursor(conn: Connection) -> Any:
    return conn.connection.driver_connection.cursor()  # type: ignore[union-attr]


def _fetch(conn: Connection, sql: str, params: tuple[Any, ...]) -> list[Any]:
    """Run a read on the raw DB-API cursor: hot paths issue thousands of these."""
    cursor = _cursor(conn)
    try:
        cursor.execute(sql, params)
        return cursor.fetchall()
    finally:
        cursor.close()


def load_prices(conn: Connection, symbol: str, since: dt.date | None = None) -> PriceArray:
    ph = _placeholders(conn, 1)
    sql = f"SELECT date, adj_close FROM bars WHERE symbol = {ph}"
    params: tuple[Any, ...] = (symbol,)
    if since is not None:
        sql += f" AND date >= {ph}"
        params = (symbol, since.isoformat())
    return _prices(_fetch(conn, sql + " ORDER BY date", params))


def latest_prices(conn: Connection, symbol: str, count: int) -> PriceArray:
    """The last ``count`` bars of ``symbol`` (all of them when it has fewer), oldest first."""
    ph = _placeholders(conn, 1)
    rows = _fetch(
        conn,
        f"SELECT date, adj_close FROM bars WHERE symbol = {ph} "
        f"ORDER BY date DESC LIMIT {int(count)}",
        (symbol,),
    )
    return _prices(rows[::-1])


def load_closes(conn: Connection, symbol: str, since: dt.date | None = None) -> pd.Series:
    prices = load_prices(conn, symbol, since)
    index = pd.DatetimeIndex(prices.dates.astype("datetime64[ns]"), name="date")
    return pd.Series(prices.closes, index=index)


def closes_by_symbol(
    engine: Engine, symbols: Sequence[str], since: dt.date | None = None
) -> dict[str, pd.Series]:
    """Each symbol's closes from `since` (an empty series for an unknown symbol), read on
    one connection; a symbol named twice is read once."""
    with engine.connect() as conn:
        return {s: load_closes(conn, s, since) for s in dict.fromkeys(symbols)}


def _prices(rows: Sequence[Any]) -> PriceArray:
    if not rows:
        return PriceArray(np.array([], dtype="datetime64[D]"), np.array([], dtype="float64"))
    dates, closes = zip(*rows, strict=True)
    try:  # ISO date strings (SQLite) or dates (PostgreSQL) parse in one call
        days = np.array(dates, dtype="datetime64[D]")
    except ValueError:  # a timestamp text such as "2024-01-02 00:00:00"
        days = np.array([str(d)[:10] for d in dates], dtype="datetime64[D]")
    return PriceArray(days, np.asarray(closes, dtype="float64"))


def bar_on_or_before(conn: Connection, symbol: str, day: dt.date) -> tuple[dt.date, float] | None:
    ph = _placeholders(conn, 1)
    rows = _fetch(
        conn,
        f"SELECT date, adj_close FROM bars WHERE symbol = {ph} AND date <= {ph} "
        "ORDER BY date DESC LIMIT 1",
        (symbol, day.isoformat()),
    )
    return (_as_date(rows[0][0]), float(rows[0][1])) if rows else None


def nth_latest_date(conn: Connection, symbol: str, position: int) -> dt.date | None:
    """Date of the bar at `position` counting back from the latest (1 = latest), or None
    when there are fewer bars."""
    ph = _placeholders(conn, 1)
    rows = _fetch(
        conn,
        f"SELECT date FROM bars WHERE symbol = {ph} ORDER BY date DESC"
        f" LIMIT 1 OFFSET {position - 1}",
        (symbol,),
    )
    return _as_date(rows[0][0]) if rows else None


def upsert_snapshots(
    conn: Connection, snapshots: Sequence[dict[str, Any]], run_id: int | None
) -> int:
    if not snapshots:
        return 0
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
    rows = [
        (m["symbol"], m["as_of"], m["benchmark"], json.dumps(m), run_id, now) for m in snapshots
    ]
    conn.exec_driver_sql(
        "INSERT INTO snapshots (symbol, as_of, benchmark, metrics, refresh_run_id, computed_at) "
        f"VALUES ({_placeholders(conn, 6)}) ON CONFLICT (symbol) DO UPDATE SET "
        "as_of = excluded.as_of, benchmark = excluded.benchmark, metrics = excluded.metrics, "
        "refresh_run_id = excluded.refresh_run_id, computed_at = excluded.computed_at",
        rows,
    )
    return len(rows)
