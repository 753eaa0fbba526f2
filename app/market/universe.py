"""Symbols analysts add to the universe from the web, and the background fetch of
their prices.

The ``universe_symbols`` row is the state every process can read: queued → fetching
→ ready (or failed, with the reason). A symbol joins ``Settings.universe`` once ready;
marking it ready bumps the data version, so every process's page cache (which reloads
the extra symbols on a new version) sees it within its check interval.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, text

from app import data_version
from app.config import Settings
from app.db import utcnow

log = logging.getLogger(__name__)

MAX_ADDED = 100  # a bound on what sign-in alone lets anyone make the server fetch
# A fetch not finished after this long died with its process: it may be started again.
STUCK_AFTER = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class Added:
    symbol: str
    status: str  # queued, fetching, ready, failed
    message: str | None
    added_by: str | None


def ready_symbols(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT symbol FROM universe_symbols WHERE status = 'ready' ORDER BY added_at")
        ).all()
    return [r.symbol for r in rows]


def load_into(engine: Engine, settings: Settings) -> list[str]:
    """Put the ready added symbols into ``settings.universe``; returns them."""
    symbols = ready_symbols(engine)
    settings.set_extra_symbols(symbols)
    return symbols


def status(engine: Engine, symbol: str) -> Added | None:
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT symbol, status, message, added_by FROM universe_symbols WHERE symbol = :s"
            ),
            {"s": symbol},
        ).first()
    return None if row is None else Added(row.symbol, row.status, row.message, row.added_by)


class TooManySymbols(Exception):
    """The universe already holds MAX_ADDED added symbols."""


def claim(engine: Engine, symbol: str, added_by: str | None) -> bool:
    """Record ``symbol`` as queued. True when this call should start its fetch: it is
    new, its last fetch failed, or a fetch got stuck; False when one is under way or done.
    """
    now = utcnow()
    with engine.begin() as conn:
        row = conn.execute(
            text("SELECT status, updated_at FROM universe_symbols WHERE symbol = :s"),
            {"s": symbol},
        ).first()
        if row is None:
            count = conn.execute(text("SELECT COUNT(*) FROM universe_symbols")).scalar() or 0
            if count >= MAX_ADDED:
                raise TooManySymbols(f"the universe already has {MAX_ADDED} added symbols")
            conn.execute(
                text(
                    "INSERT INTO universe_symbols (symbol, status, added_by, added_at, "
                    "updated_at) VALUES (:s, 'queued', :by, :now, :now)"
                ),
                {"s": symbol, "by": added_by, "now": now},
            )
            return True
        updated = _as_datetime(row.updated_at)
        retry = row.status == "failed" or (
            row.status in ("queued", "fetching") and now - updated > STUCK_AFTER
        )
        if not retry:
            return False
        # Only one of several concurrent retries wins the row.
        return bool(
            conn.execute(
                text(
                    "UPDATE universe_symbols SET status = 'queued', message = NULL, "
                    "updated_at = :now WHERE symbol = :s AND status = :old "
                    "AND updated_at = :was"
                ),
                {"s": symbol, "now": now, "old": row.status, "was": row.updated_at},
            ).rowcount
        )


def _as_datetime(value: Any) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def _set(engine: Engine, symbol: str, state: str, message: str | None = None) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE universe_symbols SET status = :st, message = :m, updated_at = :now "
                "WHERE symbol = :s"
            ),
            {"s": symbol, "st": state, "m": message, "now": utcnow()},
        )
        if state == "ready":
            data_version.bump(conn)  # the universe changed: pages render again


def fetch(engine: Engine, settings: Settings, symbol: str) -> Added | None:
    """Fetch ``symbol``'s prices from the configured source and record the outcome."""
    from app.market.ingest import RefreshError
    from app.market.service import run_refresh

    _set(engine, symbol, "fetching", "Fetching prices…")
    try:
        summary = run_refresh(engine, settings, source_name=settings.price_source, symbols=[symbol])
        error = summary.errors.get(symbol)
    except RefreshError as exc:
        error = str(exc)
    except Exception as exc:  # recorded for the analyst, logged for the operator
        log.exception("fetching added symbol %s failed", symbol)
        error = f"{type(exc).__name__}: {exc}"
    if error is None and not _has_bars(engine, symbol):
        error = "the source returned no prices"
    if error is None:
        _set(engine, symbol, "ready")
        load_into(engine, settings)
    else:
        _set(engine, symbol, "failed", error[:500])
    return status(engine, symbol)


def _has_bars(engine: Engine, symbol: str) -> bool:
    with engine.connect() as conn:
        return (
            conn.execute(text("SELECT 1 FROM snapshots WHERE symbol = :s"), {"s": symbol}).first()
            is not None
        )


def fetch_in_background(engine: Engine, settings: Settings, symbol: str) -> threading.Thread:
    """Start ``fetch`` on a daemon thread: the request that asked returns at once."""
    thread = threading.Thread(
        target=fetch, args=(engine, settings, symbol), name=f"add-{symbol}", daemon=True
    )
    thread.start()
    return thread
