"""Ingest at scale: 2,000 symbols x 10 years of daily bars (about 5 M bars) in SQLite,
and the same refreshes in PostgreSQL beside it when PostgreSQL answers.

Each scenario runs in its own process so its peak RSS is its own:
  floor-full   plain sqlite3.executemany of the same rows (the floor)
  full         refresh(): validate, upsert in one transaction, every snapshot
  floor-day    plain executemany of one new day for every symbol
  day          refresh() of one new day (snapshots included)
  full, day on PostgreSQL (DISPERSION_BENCH_PG_URL, default the local `test` server): the
               same refreshes in a fresh database, dropped afterwards

Usage: python benchmarks/bench_ingest.py [--symbols 2000] [--years 10]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from app import migrate
from app.db import make_engine
from app.market import store
from app.market.ingest import refresh
from app.market.sources import FetchResult

TARGETS = {"full": 25.0, "day": 2.0}
PEAK_TARGET_MIB = 1536
PG_ADMIN_URL = os.environ.get(
    "DISPERSION_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def universe(n_symbols: int, years: int, extra_day: bool) -> dict[str, pd.DataFrame]:
    """Deterministic random walks; with `extra_day`, only the bar after the history."""
    dates = pd.bdate_range(end="2026-11-20", periods=years * 252, name="date")
    rng = np.random.default_rng(2026)
    steps = rng.normal(0.0003, 0.018, size=(len(dates) + 1, n_symbols))
    paths = 50 * np.exp(np.cumsum(steps, axis=0))
    names = ["SPY"] + [f"S{i:04d}" for i in range(1, n_symbols)]
    if extra_day:
        dates = pd.DatetimeIndex([pd.Timestamp("2026-11-23")], name="date")
        paths = paths[-1:]
    else:
        paths = paths[:-1]
    frames = {}
    for j, name in enumerate(names):
        c = paths[:, j]
        frames[name] = pd.DataFrame(
            {
                "open": c * 0.995,
                "high": c * 1.01,
                "low": c * 0.99,
                "close": c,
                "adj_close": c,
                "volume": np.full(len(c), 1e6),
            },
            index=dates,
        )
    return frames


class MemorySource:
    name = "csv"

    def __init__(self, frames: dict[str, pd.DataFrame]) -> None:
        self.frames = frames

    def fetch(self, symbols, start=None, end=None, progress=None) -> FetchResult:  # type: ignore[no-untyped-def]
        return FetchResult(source=self.name, frames=self.frames, errors={})


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_phase(phase: str, db: Path | str, n: int, years: int) -> dict[str, float]:
    frames = universe(n, years, extra_day=phase in ("day", "floor-day"))
    url = str(db) if "://" in str(db) else f"sqlite:///{db}"
    if phase.startswith("floor"):
        rows = [
            r
            for s, f in frames.items()
            for r in store.bar_rows(
                s, f.index.values.astype("datetime64[D]"), f.to_numpy(), nan_to_none=False
            )
        ]
        conn = sqlite3.connect(db)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        t0 = time.perf_counter()
        with conn:
            conn.executemany("INSERT INTO bars VALUES (?,?,?,?,?,?,?,?)", rows)
        seconds = time.perf_counter() - t0
        conn.close()
        return {"seconds": seconds, "rows": len(rows), "peak_mib": peak_mib()}
    engine = make_engine(url)
    t0 = time.perf_counter()
    summary = refresh(
        engine, MemorySource(frames), list(frames), benchmark="SPY", today=dt.date(2026, 11, 24)
    )
    seconds = time.perf_counter() - t0
    return {
        "seconds": seconds,
        "rows": summary.rows_written,
        "snapshots": summary.snapshots_written,
        "peak_mib": peak_mib(),
        **{k: round(v, 3) for k, v in summary.timings.items()},
    }


def prepare(db: Path) -> None:
    """Both databases get the same schema; the floor writes with plain sqlite3."""
    migrate.upgrade(f"sqlite:///{db}")


def _admin(sql: str) -> None:
    engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


@contextmanager
def postgres_database() -> Iterator[tuple[str | None, str]]:
    """A fresh migrated PostgreSQL database (and no reason), or None and why it is skipped."""
    name = f"dispersion_bench_{uuid.uuid4().hex[:8]}"
    try:
        _admin(f'CREATE DATABASE "{name}"')
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        yield None, f"PostgreSQL not reachable at {PG_ADMIN_URL.rsplit('/', 1)[0]}: {reason}"
        return
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        migrate.upgrade(url)
        yield url, ""
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def child(phase: str, db: str, n: int, years: int) -> dict[str, float]:
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--phase",
            phase,
            "--db",
            db,
            "--symbols",
            str(n),
            "--years",
            str(years),
        ],
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise SystemExit(f"{phase} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--symbols", type=int, default=2000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--phase")
    parser.add_argument("--db")
    args = parser.parse_args()
    if args.phase:
        db = args.db if "://" in args.db else Path(args.db)
        print(json.dumps(run_phase(args.phase, db, args.symbols, args.years)))
        return

    with tempfile.TemporaryDirectory() as tmp:
        floor_db, app_db = Path(tmp) / "floor.db", Path(tmp) / "app.db"
        prepare(floor_db)
        prepare(app_db)
        results = {}
        for phase, db in (
            ("floor-full", floor_db),
            ("full", app_db),
            ("floor-day", floor_db),
            ("day", app_db),
        ):
            results[phase] = child(phase, str(db), args.symbols, args.years)
            print(f"  {phase:<10} {results[phase]['seconds']:8.2f} s", file=sys.stderr)
    with postgres_database() as (pg_url, pg_skipped):
        for phase in ("full", "day") if pg_url else ():
            results[f"pg-{phase}"] = child(phase, pg_url, args.symbols, args.years)
            print(f"  pg-{phase:<7} {results[f'pg-{phase}']['seconds']:8.2f} s", file=sys.stderr)

    rows = results["full"]["rows"]
    print(f"\nIngest benchmark: {args.symbols:,} symbols x {args.years} years = {rows:,} bars")
    print(
        f"{'scenario':<34}{'wall s':>9}{'floor s':>9}{'ratio':>8}{'target s':>10}{'peak MiB':>10}"
    )
    for name, floor in (("full", "floor-full"), ("day", "floor-day")):
        label = "full refresh" if name == "full" else "one-day incremental"
        f = results[floor]
        for backend, key in (("SQLite", name), ("PostgreSQL", f"pg-{name}")):
            if key not in results:
                continue
            r = results[key]
            # The floor is plain sqlite3, so PostgreSQL's ratio is against SQLite's floor.
            print(
                f"{label + ' (' + backend + ')':<34}{r['seconds']:>9.2f}{f['seconds']:>9.2f}"
                f"{r['seconds'] / f['seconds']:>8.1f}{TARGETS[name]:>10.1f}{r['peak_mib']:>10.0f}"
            )
    if pg_skipped:
        print(f"PostgreSQL skipped: {pg_skipped}")
    for key in ("full", "pg-full") if pg_url else ("full",):
        print(
            f"time split ({key}): "
            + ", ".join(f"{k}={results[key][k]}" for k in ("validate_s", "store_s", "snapshots_s"))
        )
    summary = {
        "bars": rows,
        "full_s": round(results["full"]["seconds"], 2),
        "full_floor_s": round(results["floor-full"]["seconds"], 2),
        "day_s": round(results["day"]["seconds"], 3),
        "day_floor_s": round(results["floor-day"]["seconds"], 3),
        "peak_mib": round(max(results["full"]["peak_mib"], results["day"]["peak_mib"])),
        "meets_targets": results["full"]["seconds"] <= TARGETS["full"]
        and results["day"]["seconds"] <= TARGETS["day"]
        and max(results["full"]["peak_mib"], results["day"]["peak_mib"]) <= PEAK_TARGET_MIB,
        "pg_full_s": round(results["pg-full"]["seconds"], 2) if pg_url else None,
        "pg_day_s": round(results["pg-day"]["seconds"], 3) if pg_url else None,
        "pg_peak_mib": (
            round(max(results["pg-full"]["peak_mib"], results["pg-day"]["peak_mib"]))
            if pg_url
            else None
        ),
        "pg_skipped": pg_skipped or None,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
