"""Reads of stored symbols, snapshots and refresh runs for pages and status checks.

Plain functions on a connection (or an engine for one-shot reads): the web layer calls
these instead of writing SQL itself.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, Engine, Row, text

# A refresh that wrote prices, even if some symbols failed.
_LAST_SUCCESSFUL_REFRESH = text(
    "SELECT id, source, status, started_at, finished_at, rows_written "
    "FROM refresh_runs WHERE status IN ('ok', 'partial') "
    "ORDER BY id DESC LIMIT 1"
)


def symbol_dates(conn: Connection) -> list[Row[Any]]:
    """Every stored symbol with its last bar's date and source (symbol, last_date, source)."""
    return list(conn.execute(text("SELECT symbol, last_date, source FROM symbols")).all())


def symbol_names(conn: Connection) -> dict[str, str | None]:
    """Every stored symbol with its stored name (None when none was fetched)."""
    rows = conn.execute(text("SELECT symbol, name FROM symbols")).all()
    return {r.symbol: r.name for r in rows}


def stored_name(conn: Connection, symbol: str) -> str | None:
    return conn.execute(text("SELECT name FROM symbols WHERE symbol = :s"), {"s": symbol}).scalar()


def latest_price_date(conn: Connection) -> Any:
    """The newest last bar over all symbols (a date, or ISO text on SQLite), or None."""
    return conn.execute(text("SELECT MAX(last_date) FROM symbols")).scalar()


def last_successful_refresh(conn: Connection) -> Row[Any] | None:
    """The newest refresh run that ended ok or partial: id, source, status, started_at,
    finished_at and rows_written; None before the first one."""
    return conn.execute(_LAST_SUCCESSFUL_REFRESH).first()


def snapshot_metrics(engine: Engine) -> dict[str, dict[str, Any]]:
    """Every symbol's stored metrics snapshot (JSON text on SQLite, a dict on PostgreSQL)."""
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT symbol, metrics FROM snapshots")).all()
    return {
        r.symbol: json.loads(r.metrics) if isinstance(r.metrics, str) else dict(r.metrics)
        for r in rows
    }
