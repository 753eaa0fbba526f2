"""Real `python -m app worker` processes: exactly one holds the scheduler lease, another
takes over when it is killed, and SIGTERM ends the holder cleanly after its current job.
On SQLite (a lease row) and on PostgreSQL (an advisory lock)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from app.alerts.models import SchedulerLease
from app.db import make_engine, session_scope, utcnow
from app.market.models import RefreshRun
from tests.conftest import REPO_ROOT
from tests.support import throwaway_postgres

# Generous: two cores shared with other work, and each worker imports pandas first.
START_TIMEOUT = 180.0
LEASE_SECONDS = 6


class Worker:
    """One `python -m app worker` with fast settings; its log goes to a file."""

    def __init__(self, database_url: str, log: Path, **env: str) -> None:
        self.log_path = log
        settings = {
            "DATABASE_URL": database_url,
            "DISPERSION_ENV": "test",
            "DISPERSION_PRICE_SOURCE": "demo",
            "DISPERSION_TICKERS": "SPY,QQQ",
            "DISPERSION_HISTORY_YEARS": "1",
            "DISPERSION_REFRESH_INTERVAL_SECONDS": "2",
            "DISPERSION_REFRESH_AFTER_CLOSE_SECONDS": "0",
            "DISPERSION_SCHEDULER_LEASE_SECONDS": str(LEASE_SECONDS),
            "DISPERSION_WORKER_POLL_SECONDS": "0.3",
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        with log.open("w") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "app", "worker"],
                cwd=REPO_ROOT,
                env={**os.environ, **settings},
                stdout=subprocess.DEVNULL,
                stderr=out,
            )
        self.holder = f"{socket.gethostname()}:{self.proc.pid}"

    def log(self) -> str:
        return self.log_path.read_text()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)


def wait_for(condition: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def lease_row(engine: Engine) -> SchedulerLease | None:
    with session_scope(engine) as session:
        row = session.get(SchedulerLease, "scheduler")
        if row is not None:
            session.expunge(row)
        return row


def holder(engine: Engine) -> str | None:
    row = lease_row(engine)
    return row.holder if row is not None else None


def two_workers_take_turns(engine: Engine, url: str, tmp_path: Path, *, lapses: bool) -> None:
    workers = [Worker(url, tmp_path / f"worker{i}.log") for i in range(2)]
    try:
        by_name = {w.holder: w for w in workers}

        def first_run_done() -> bool:
            row = lease_row(engine)
            return row is not None and row.holder in by_name and row.last_run_at is not None

        wait_for(first_run_done, START_TIMEOUT, "the first scheduled refresh")
        first = by_name[holder(engine)]  # type: ignore[index]
        standby = next(w for w in workers if w is not first)
        wait_for(lambda: "held by another worker" in standby.log(), START_TIMEOUT, "the standby")
        for _ in range(10):  # the lease stays put while its holder lives
            assert holder(engine) == first.holder
            time.sleep(0.2)
        assert "scheduler lease taken" in first.log()
        assert "scheduler lease taken" not in standby.log()
        assert "scheduled refresh started" not in standby.log()

        expires = lease_row(engine).expires_at  # type: ignore[union-attr]
        first.proc.send_signal(signal.SIGKILL)
        first.proc.wait(timeout=30)
        wait_for(lambda: holder(engine) == standby.holder, START_TIMEOUT, "the takeover")
        if lapses:  # a row lease moves only once the dead holder's lease has run out
            assert expires is not None and utcnow() >= expires
        assert "scheduler lease taken" in standby.log()
        wait_for(
            lambda: lease_row(engine).next_run_at is not None,  # type: ignore[union-attr]
            START_TIMEOUT,
            "the new holder's plan",
        )

        standby.proc.send_signal(signal.SIGTERM)
        assert standby.proc.wait(timeout=120) == 0, standby.log()
        assert holder(engine) is None  # released, so a restarted worker takes over at once
        assert "scheduler lease released" in standby.log()
    finally:
        for worker in workers:
            worker.stop()


# SQLite's row lease lapses before the standby takes over; on PostgreSQL the lease is
# an advisory lock freed at once (test_two_workers_on_postgres), so this stays SQLite's.
@pytest.mark.sqlite_only
def test_two_workers_on_sqlite(engine: Engine, database_url: str, tmp_path: Path) -> None:
    two_workers_take_turns(engine, database_url, tmp_path, lapses=True)


def test_sigterm_finishes_the_current_refresh_then_exits(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    # Enough symbols that the refresh is still running when the signal arrives.
    tickers = ",".join(["SPY", *(f"K{i:03d}" for i in range(150))])
    worker = Worker(database_url, tmp_path / "worker.log", DISPERSION_TICKERS=tickers)
    try:
        wait_for(lambda: "scheduled refresh started" in worker.log(), START_TIMEOUT, "the refresh")
        signalled = utcnow()
        worker.proc.send_signal(signal.SIGTERM)
        assert worker.proc.wait(timeout=START_TIMEOUT) == 0, worker.log()
    finally:
        worker.stop()
    with session_scope(engine) as session:
        runs = session.scalars(select(RefreshRun)).all()
        assert [run.status for run in runs] == ["ok"]  # finished, not abandoned
        assert runs[0].finished_at is not None and runs[0].finished_at >= signalled
    row = lease_row(engine)
    assert row is not None and row.holder is None and row.expires_at is None
    assert row.last_status == "ok"
    assert "scheduler lease released" in worker.log()


@pytest.fixture
def pg_url() -> Iterator[str]:
    with throwaway_postgres("sched_test") as url:
        yield url


def test_two_workers_on_postgres(pg_url: str, tmp_path: Path) -> None:
    engine = make_engine(pg_url)
    try:
        # The advisory lock is freed the moment its holder dies: no wait for a lapse.
        two_workers_take_turns(engine, pg_url, tmp_path, lapses=False)
    finally:
        engine.dispose()
