"""Refresh semantics: validate first, one transaction, idempotent, nothing lost on failure."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine, text

from app import data_version
from app.market.analytics import compute_metrics
from app.market.ingest import RefreshError, refresh
from tests.unit.market.fake_source import FakeSource, frame, random_walk

TODAY = dt.date(2024, 7, 1)


def dump_bars(engine: Engine) -> list[tuple]:
    with engine.connect() as conn:
        return conn.execute(text("SELECT * FROM bars ORDER BY symbol, date")).fetchall()


def runs(engine: Engine) -> list:
    with engine.connect() as conn:
        return conn.execute(text("SELECT * FROM refresh_runs ORDER BY id")).fetchall()


def stored_json(value: str | dict) -> dict:
    """A JSON column read with raw SQL: text on SQLite, already decoded on PostgreSQL."""
    return json.loads(value) if isinstance(value, str) else value


def universe(n: int = 4, days: int = 400) -> dict[str, pd.DataFrame]:
    names = ["SPY", "AAA", "BBB", "CCC", "DDD", "EEE"][:n]
    return {s: random_walk(i + 1, days) for i, s in enumerate(names)}


def test_refresh_stores_bars_snapshots_and_a_run(engine: Engine) -> None:
    frames = universe()
    summary = refresh(engine, FakeSource(frames), list(frames), benchmark="SPY", today=TODAY)
    assert summary.status == "ok"
    assert summary.rows_written == sum(len(f) for f in frames.values())
    assert summary.snapshots_written == len(frames)
    assert len(dump_bars(engine)) == summary.rows_written
    (run,) = runs(engine)
    assert run.status == "ok" and run.source == "csv" and run.finished_at is not None
    assert run.rows_written == summary.rows_written
    assert set(stored_json(run.timings)) >= {"fetch_s", "validate_s", "store_s", "snapshots_s"}
    with engine.connect() as conn:
        stored = stored_json(
            conn.execute(text("SELECT metrics FROM snapshots WHERE symbol='AAA'")).scalar()
        )
        sym = conn.execute(text("SELECT * FROM symbols WHERE symbol='AAA'")).one()
    expected = compute_metrics(
        frames["AAA"]["adj_close"], frames["SPY"]["adj_close"], symbol="AAA", benchmark="SPY"
    )
    assert stored == expected
    assert sym.bar_count == 400 and str(sym.last_date) == "2024-06-28"
    assert data_version.read(engine) == 1


def test_second_identical_refresh_changes_nothing(engine: Engine) -> None:
    frames = universe()
    refresh(engine, FakeSource(frames), list(frames), benchmark="SPY", today=TODAY)
    before = dump_bars(engine)
    again = refresh(engine, FakeSource(frames), list(frames), benchmark="SPY", today=TODAY)
    assert again.status == "ok"
    assert again.rows_written == 0
    assert again.snapshots_written == 0
    assert dump_bars(engine) == before
    assert data_version.read(engine) == 1  # pages need no invalidation


def test_incremental_day_updates_only_what_changed(engine: Engine) -> None:
    frames = universe()
    refresh(engine, FakeSource(frames), list(frames), benchmark="SPY", today=TODAY)
    new_day = {"AAA": frame(["2024-07-01"], [123.0])}
    summary = refresh(engine, FakeSource(new_day), ["AAA"], benchmark="SPY", today=TODAY)
    assert summary.rows_written == 1 and summary.snapshots_written == 1
    with engine.connect() as conn:
        snap = stored_json(
            conn.execute(text("SELECT metrics FROM snapshots WHERE symbol='AAA'")).scalar()
        )
    full = pd.concat([frames["AAA"]["adj_close"], new_day["AAA"]["adj_close"]])
    assert snap == compute_metrics(full, frames["SPY"]["adj_close"], symbol="AAA", benchmark="SPY")


def test_corrected_history_is_updated_not_duplicated(engine: Engine) -> None:
    frames = universe(2)
    refresh(engine, FakeSource(frames), list(frames), benchmark="SPY", today=TODAY)
    fixed = frames["AAA"].copy()
    fixed.iloc[10, fixed.columns.get_loc("adj_close")] = 42.0
    summary = refresh(engine, FakeSource({"AAA": fixed}), ["AAA"], benchmark="SPY", today=TODAY)
    assert summary.rows_written == 1
    with engine.connect() as conn:
        value = conn.execute(
            text("SELECT adj_close FROM bars WHERE symbol='AAA' AND date=:d"),
            {"d": str(fixed.index[10].date())},
        ).scalar()
    assert value == 42.0


def test_failure_midway_leaves_stored_bars_exactly_as_before(engine: Engine) -> None:
    frames = universe(6)
    refresh(engine, FakeSource(frames), list(frames), benchmark="SPY", today=TODAY)
    before = dump_bars(engine)
    version = data_version.read(engine)
    shifted = {s: f.assign(adj_close=f["adj_close"] * 1.1) for s, f in frames.items()}

    def explode(done: int) -> None:
        if done == 3:
            raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError, match="disk on fire"):
        refresh(
            engine,
            FakeSource(shifted),
            list(frames),
            benchmark="SPY",
            today=TODAY,
            after_symbol=explode,
        )
    assert dump_bars(engine) == before
    assert data_version.read(engine) == version
    last = runs(engine)[-1]
    assert last.status == "failed" and "disk on fire" in last.message
    if engine.dialect.name == "sqlite":  # PostgreSQL has no file-level check to ask
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"


def test_one_bad_symbol_does_not_block_the_others(engine: Engine) -> None:
    frames = universe(3)
    bad = frames["BBB"].copy()
    bad.iloc[5, bad.columns.get_loc("adj_close")] = -1.0
    source = FakeSource({**frames, "BBB": bad}, errors={"ZZZ": "HTTP 404"})
    summary = refresh(engine, source, [*frames, "ZZZ"], benchmark="SPY", today=TODAY)
    assert summary.status == "partial"
    assert set(summary.errors) == {"BBB", "ZZZ"}
    assert "non-positive" in summary.errors["BBB"]
    with engine.connect() as conn:
        stored = {r[0] for r in conn.execute(text("SELECT DISTINCT symbol FROM bars"))}
    assert stored == {"SPY", "AAA"}
    assert stored_json(runs(engine)[-1].errors) == summary.errors


def test_nothing_valid_raises_and_records_the_failure(engine: Engine) -> None:
    future = frame(["2030-01-02"], [10.0])
    with pytest.raises(RefreshError, match="no valid prices"):
        refresh(engine, FakeSource({"SPY": future}), ["SPY"], benchmark="SPY", today=TODAY)
    assert dump_bars(engine) == []
    assert runs(engine)[-1].status == "failed"


def test_warnings_for_dropped_rows_are_recorded(engine: Engine) -> None:
    f = frame(["2024-06-26", "2024-06-27", "2024-06-27", "2024-06-28"], [1.0, 2.0, 2.0, 3.0])
    f.iloc[0, f.columns.get_loc("adj_close")] = np.nan
    summary = refresh(engine, FakeSource({"SPY": f}), ["SPY"], benchmark="SPY", today=TODAY)
    assert summary.rows_written == 2
    assert "dropped 1 rows without a close" in summary.warnings["SPY"]
    assert "collapsed identical duplicate dates: 2024-06-27" in summary.warnings["SPY"]


def _stats(engine: Engine) -> list[tuple]:
    with engine.connect() as conn:
        return conn.execute(
            text("SELECT symbol, first_date, last_date, bar_count FROM symbols ORDER BY symbol")
        ).fetchall()


def _rescanned(engine: Engine) -> list[tuple]:
    with engine.connect() as conn:
        return conn.execute(
            text(
                "SELECT symbol, MIN(date), MAX(date), COUNT(*) FROM bars "
                "GROUP BY symbol ORDER BY symbol"
            )
        ).fetchall()


def test_symbol_stats_stay_exact_when_a_day_is_appended_or_a_gap_filled(engine: Engine) -> None:
    full = universe(days=300)
    history = {s: f.iloc[:-2] for s, f in full.items()}
    refresh(engine, FakeSource(history), list(history), benchmark="SPY", today=TODAY)
    # One new day for every symbol: the stats extend without a rescan.
    next_day = {s: f.iloc[-2:-1] for s, f in full.items()}
    refresh(engine, FakeSource(next_day), list(next_day), benchmark="SPY", today=TODAY)
    assert [tuple(map(str, r)) for r in _stats(engine)] == [
        tuple(map(str, r)) for r in _rescanned(engine)
    ]
    # A bar missing inside the history comes back with the latest day: a rescan.
    gap = str(full["SPY"].index[100].date())
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM bars WHERE date = :d"), {"d": gap})
    refresh(engine, FakeSource(full), list(full), benchmark="SPY", today=TODAY)
    assert [tuple(map(str, r)) for r in _stats(engine)] == [
        tuple(map(str, r)) for r in _rescanned(engine)
    ]
    assert {r[3] for r in _stats(engine)} == {300}
