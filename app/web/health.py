"""`/healthz`: cheap status. The database is probed at most once per TTL per process.

Besides the database and the last refresh it reports the scheduler: who holds its
lease, until when, and its last and next run (one primary-key read of the lease row).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

from sqlalchemy import Engine

from app.alerts.lease import read_state
from app.market import queries

PROBE_TTL_SECONDS = 5.0


class HealthProbe:
    def __init__(self, engine: Engine, ttl: float = PROBE_TTL_SECONDS) -> None:
        self._engine = engine
        self._ttl = ttl
        self._lock = threading.Lock()
        self._checked_at = float("-inf")
        self._state: dict[str, Any] = {}

    def state(self) -> dict[str, Any]:
        now = time.monotonic()
        if now - self._checked_at >= self._ttl:
            with self._lock:
                if now - self._checked_at >= self._ttl:
                    self._state = self._probe()
                    self._checked_at = time.monotonic()
        return self._state

    def _probe(self) -> dict[str, Any]:
        try:
            with self._engine.connect() as conn:
                row = queries.last_successful_refresh(conn)
                latest = queries.latest_price_date(conn)
        except Exception as exc:  # any failure means "not reachable" to a health check
            return {
                "status": "degraded",
                "database": {"reachable": False, "error": type(exc).__name__},
                "last_refresh": None,
                "prices_as_of": None,
                "scheduler": None,
            }
        last = None
        if row is not None:
            last = {
                "id": row.id,
                "source": row.source,
                "status": row.status,
                "finished_at": str(row.finished_at),
                "rows_written": row.rows_written,
                "synthetic": row.source == "demo",
            }
        return {
            "status": "ok",
            "database": {"reachable": True},
            "last_refresh": last,
            "prices_as_of": str(latest)[:10] if latest else None,
            "scheduler": self._scheduler(),
        }

    def _scheduler(self) -> dict[str, Any] | None:
        """The lease row in ISO form; None before any worker has scheduled anything."""
        try:
            with self._engine.connect() as conn:
                state = read_state(conn)
        except Exception:  # an unmigrated table must not hide the rest of the status
            return None
        if state is None:
            return None
        return {
            "holder": state["holder"],
            "active": state["active"],
            "lease_expires_at": _iso(state["lease_expires_at"]),
            "last_run_at": _iso(state["last_run_at"]),
            "last_status": state["last_status"],
            "next_run_at": _iso(state["next_run_at"]),
        }


def _iso(moment: dt.datetime | None) -> str | None:
    """Naive UTC from the database as ISO 8601 with an explicit Z."""
    return None if moment is None else moment.replace(microsecond=0).isoformat() + "Z"
