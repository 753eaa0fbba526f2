"""The scheduler lease: at most one process across the deployment runs scheduled jobs.

SQLite: the `scheduler_lease` row is the lease. It is taken with a conditional UPDATE
(or the INSERT of a missing row, which the primary key lets only one process win) when
it is free, expired or already ours, and renewed by its holder; a holder that dies stops
renewing, so its lease lapses after the TTL and another process takes over.

PostgreSQL: a session-level advisory lock on a dedicated connection, held for the
process lifetime and freed by the server the moment that connection (or the process)
dies. The row is still written, so /healthz and the admin page show the holder, its
last and next run and its lease expiry the same way on both databases.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, insert, or_, select, text, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from app.alerts.models import SchedulerLease
from app.db import session_scope, utcnow

log = logging.getLogger(__name__)

SCHEDULER = "scheduler"
_FREE_FIELDS = {"holder": None, "expires_at": None}


class Lease(Protocol):
    """Who runs the scheduler. `acquire` takes or renews; False means someone else holds it."""

    engine: Engine
    name: str
    holder: str
    ttl: dt.timedelta

    def acquire(self) -> bool: ...

    def release(self) -> None: ...


class RowLease:
    """A lease row with an expiry, taken and renewed by conditional writes."""

    def __init__(self, engine: Engine, holder: str, ttl: dt.timedelta, name: str = SCHEDULER):
        self.engine, self.holder, self.ttl, self.name = engine, holder, ttl, name

    def acquire(self) -> bool:
        now = utcnow()
        claimable = or_(
            SchedulerLease.holder == self.holder,
            SchedulerLease.holder.is_(None),
            SchedulerLease.expires_at.is_(None),
            SchedulerLease.expires_at < now,
        )
        values = {"holder": self.holder, "expires_at": now + self.ttl}
        with session_scope(self.engine) as session:
            won = session.execute(
                update(SchedulerLease)
                .where(SchedulerLease.name == self.name, claimable)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
            if won.rowcount == 1:
                return True
        try:
            with session_scope(self.engine) as session:
                session.execute(insert(SchedulerLease).values(name=self.name, **values))
        except IntegrityError:  # the row exists and someone else holds it
            return False
        return True

    def release(self) -> None:
        with session_scope(self.engine) as session:
            session.execute(
                update(SchedulerLease)
                .where(SchedulerLease.name == self.name, SchedulerLease.holder == self.holder)
                .values(**_FREE_FIELDS)
                .execution_options(synchronize_session=False)
            )


class AdvisoryLease:
    """A PostgreSQL session-level advisory lock on a connection kept for that purpose."""

    def __init__(self, engine: Engine, holder: str, ttl: dt.timedelta, name: str = SCHEDULER):
        self.engine, self.holder, self.ttl, self.name = engine, holder, ttl, name
        # A stable 31-bit key per job name (Python's hash() differs between processes).
        self.key = zlib.crc32(f"dispersion:{name}".encode())
        self._conn: Connection | None = None

    def _locked(self) -> bool:
        if self._conn is not None:
            # Cheap proof that the connection, and so the lock, is still alive.
            self._conn.execute(text("SELECT 1"))
            return True
        conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key}).scalar()
        except BaseException:
            conn.close()
            raise
        if not got:
            conn.close()
            return False
        self._conn = conn
        return True

    def acquire(self) -> bool:
        try:
            locked = self._locked()
        except SQLAlchemyError:
            log.warning("lost the scheduler lock's connection; will try to take it again")
            self._drop()
            return False
        if locked:
            # Only the lock holder writes the row, so a plain upsert is race-free.
            _write_row(self.engine, self.name, holder=self.holder, expires_at=utcnow() + self.ttl)
        return locked

    def _drop(self) -> None:
        if self._conn is not None:
            try:
                self._conn.invalidate()  # never return a lock-holding connection to the pool
            finally:
                self._conn = None

    def release(self) -> None:
        if self._conn is None:
            return
        try:
            _write_row(self.engine, self.name, **_FREE_FIELDS)
            self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
            self._conn.close()
        finally:
            self._drop()


def make_lease(engine: Engine, holder: str, ttl: dt.timedelta, name: str = SCHEDULER) -> Lease:
    if engine.dialect.name == "postgresql":
        return AdvisoryLease(engine, holder, ttl, name)
    return RowLease(engine, holder, ttl, name)


def _write_row(engine: Engine, name: str, **values: Any) -> None:
    with session_scope(engine) as session:
        row = session.get(SchedulerLease, name)
        if row is None:
            session.add(SchedulerLease(name=name, **values))
        else:
            for field, value in values.items():
                setattr(row, field, value)


def record(lease: Lease, **values: Any) -> bool:
    """Write run facts (last_run_at, last_status, next_run_at, details) as the holder.
    False when the row is no longer ours (the lease lapsed and was taken over)."""
    with session_scope(lease.engine) as session:
        done = session.execute(
            update(SchedulerLease)
            .where(SchedulerLease.name == lease.name, SchedulerLease.holder == lease.holder)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return done.rowcount == 1


def read_state(conn: Connection, name: str = SCHEDULER) -> dict[str, Any] | None:
    """The lease row as plain values (one primary-key read), or None before any scheduler ran."""
    table = SchedulerLease.__table__
    row = conn.execute(select(table).where(table.c.name == name)).first()
    if row is None:
        return None
    now = utcnow()
    return {
        "holder": row.holder,
        "active": row.holder is not None and row.expires_at is not None and row.expires_at > now,
        "lease_expires_at": row.expires_at,
        "last_run_at": row.last_run_at,
        "last_status": row.last_status,
        "next_run_at": row.next_run_at,
        "details": row.details or {},
    }


@contextmanager
def kept_alive(lease: Lease) -> Iterator[None]:
    """Renew the lease from a thread while a long job runs, so it does not lapse mid-job."""
    stop = threading.Event()
    period = max(lease.ttl.total_seconds() / 4, 0.1)

    def renew() -> None:
        while not stop.wait(period):
            try:
                lease.acquire()
            except Exception:  # a busy database: try again next period
                log.warning("could not renew the scheduler lease; retrying", exc_info=True)

    thread = threading.Thread(target=renew, name="lease-keeper", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
