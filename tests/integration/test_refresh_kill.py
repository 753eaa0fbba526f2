"""A refresh killed with SIGKILL mid-write leaves the database whole and unchanged."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

from sqlalchemy import Engine, text

from tests.conftest import REPO_ROOT

STORED = re.compile(r"stored (\d+)/(\d+) symbols")
TICKERS = ",".join(f"K{i:03d}" for i in range(120))


def test_sigkill_during_refresh(engine: Engine, database_url: str) -> None:
    first = subprocess.run(
        [sys.executable, "-m", "app", "refresh", "--source", "demo", "--tickers", "SPY,QQQ"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert first.returncode == 0, first.stderr
    with engine.connect() as conn:
        before = conn.execute(text("SELECT * FROM bars ORDER BY symbol, date")).fetchall()
        snaps_before = conn.execute(text("SELECT * FROM snapshots ORDER BY symbol")).fetchall()

    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "refresh", "--source", "demo", "--tickers", TICKERS],
        cwd=REPO_ROOT,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    deadline = time.monotonic() + 120
    killed_mid_write = False
    assert proc.stderr is not None
    for line in proc.stderr:
        progress = STORED.search(line)
        if progress and int(progress[1]) < int(progress[2]):
            proc.send_signal(signal.SIGKILL)
            killed_mid_write = True
            break
        assert time.monotonic() < deadline
    proc.wait(timeout=30)
    assert killed_mid_write, "refresh finished before it could be killed"
    assert proc.returncode == -signal.SIGKILL

    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":  # PostgreSQL has no file-level check to ask
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        after = conn.execute(text("SELECT * FROM bars ORDER BY symbol, date")).fetchall()
        snaps_after = conn.execute(text("SELECT * FROM snapshots ORDER BY symbol")).fetchall()
        statuses = [r[0] for r in conn.execute(text("SELECT status FROM refresh_runs ORDER BY id"))]
    assert after == before
    assert snaps_after == snaps_before
    # The killed run never reached "ok": it shows as still running, not as a refresh.
    assert statuses == ["ok", "running"]
