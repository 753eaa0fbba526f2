"""A refresh: fetch, validate, then write every symbol and its snapshot in one transaction.

The run row is committed on its own before and after, so a failed or killed refresh
is visible as such while the bars stay exactly as they were.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import Engine, select, update

from app import data_version
from app.db import utcnow
from app.market import store
from app.market.models import RefreshRun
from app.market.snapshots import compute_snapshots
from app.market.validation import validate_bars

Progress = Callable[[str], None]


class RefreshError(Exception):
    """The refresh wrote nothing; the message is one line for the user."""


@dataclass
class RefreshSummary:
    run_id: int
    source: str
    status: str
    rows_received: int = 0
    rows_written: int = 0
    snapshots_written: int = 0
    errors: dict[str, str] = field(default_factory=dict)
    warnings: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


def start_run(engine: Engine, source: str, symbols_requested: int) -> int:
    with engine.begin() as conn:
        result = conn.execute(
            RefreshRun.__table__.insert().values(
                source=source,
                status="running",
                started_at=utcnow(),
                symbols_requested=symbols_requested,
                errors={},
                warnings={},
                timings={},
            )
        )
        return int(result.inserted_primary_key[0])


def finish_run(engine: Engine, run_id: int, **values: Any) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(RefreshRun).where(RefreshRun.id == run_id).values(finished_at=utcnow(), **values)
        )


def write_validated(
    engine: Engine,
    frames: dict[str, tuple[np.ndarray, np.ndarray]],
    *,
    source: str,
    benchmark: str,
    run_id: int | None,
    progress: Progress | None = None,
    after_symbol: Callable[[int], None] | None = None,
    names: dict[str, str] | None = None,
) -> tuple[int, int, dict[str, float]]:
    """Upsert validated (dates, values) arrays and recompute affected snapshots in ONE transaction.

    Returns (rows written, snapshots written, timings). `after_symbol` is called with
    the count of symbols written so far (tests inject failures through it).
    """
    timings: dict[str, float] = {}
    with engine.begin() as conn:
        nan_to_none = conn.dialect.name != "sqlite"
        t0 = time.perf_counter()
        store.ensure_symbols(conn, frames)
        names_changed = store.set_names(conn, frames, names or {})
        previous_last = store.stored_last_dates(conn)
        changed_symbols: list[str] = []
        appended: list[tuple[str, str, int]] = []  # (symbol, new last date, bars added)
        rows_written = 0
        step = max(1, len(frames) // 20)
        for i, (symbol, frame) in enumerate(frames.items(), 1):
            changed = store.upsert_bars(
                conn, store.bar_rows(symbol, *frame, nan_to_none=nan_to_none)
            )
            if changed:
                changed_symbols.append(symbol)
                rows_written += changed
                dates = frame[0]
                last = previous_last.get(symbol)
                # Every row new and after the stored history: the stats just extend.
                if last is not None and changed == len(dates) and dates.min() > np.datetime64(last):
                    newest = np.datetime_as_string(dates.max().astype("datetime64[D]"))
                    appended.append((symbol, str(newest), changed))
            if after_symbol is not None:
                after_symbol(i)
            if progress is not None and (i % step == 0 or i == len(frames)):
                progress(f"stored {i}/{len(frames)} symbols ({rows_written:,} rows changed)")
        extended = {symbol for symbol, _, _ in appended}
        store.upsert_symbol_stats(conn, [s for s in changed_symbols if s not in extended], source)
        store.append_symbol_stats(conn, appended, source)
        timings["store_s"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        # A changed benchmark moves every relative figure; otherwise only changed symbols.
        if benchmark in changed_symbols:
            targets = [s for (s,) in conn.exec_driver_sql("SELECT symbol FROM symbols")]
        else:
            targets = changed_symbols
        snapshots = compute_snapshots(
            conn,
            targets,
            benchmark,
            progress=(lambda i, n: progress(f"computed {i}/{n} snapshots")) if progress else None,
        )
        written = store.upsert_snapshots(conn, snapshots, run_id)
        if rows_written or written or names_changed:
            data_version.bump(conn)
        timings["snapshots_s"] = time.perf_counter() - t0
    return rows_written, written, timings


def refresh(
    engine: Engine,
    source: Any,
    symbols: Sequence[str],
    *,
    benchmark: str,
    today: dt.date,
    start: dt.date | None = None,
    end: dt.date | None = None,
    progress: Progress | None = None,
    after_symbol: Callable[[int], None] | None = None,
) -> RefreshSummary:
    """Fetch from `source` (a PriceSource), validate, store. Raises RefreshError when
    nothing could be written; the run row then says why."""
    from app.market.sources import SourceError

    run_id = start_run(engine, source.name, len(symbols))
    summary = RefreshSummary(run_id=run_id, source=source.name, status="running")
    t_start = time.perf_counter()
    try:
        t0 = time.perf_counter()
        fetched = source.fetch(symbols, start=start, end=end, progress=progress)
        summary.timings["fetch_s"] = time.perf_counter() - t0
        summary.errors.update(fetched.errors)

        t0 = time.perf_counter()
        good: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for symbol, frame in fetched.frames.items():
            result = validate_bars(symbol, frame, today)
            summary.rows_received += len(frame)
            if result.warnings:
                summary.warnings[symbol] = "; ".join(result.warnings)
            if result.error is not None:
                summary.errors[symbol] = result.error
            else:
                good[symbol] = (result.dates, result.values)
        summary.timings["validate_s"] = time.perf_counter() - t0
        if not good:
            raise RefreshError(
                "no valid prices received: "
                + "; ".join(f"{s}: {e}" for s, e in sorted(summary.errors.items())[:5])
            )
        if progress is not None:
            progress(f"validated {len(good)} symbols, {summary.rows_received:,} rows")
        rows, snaps, timings = write_validated(
            engine,
            good,
            source=source.name,
            benchmark=benchmark,
            run_id=run_id,
            progress=progress,
            after_symbol=after_symbol,
            names={s: n for s, n in fetched.names.items() if s in good},
        )
        summary.rows_written, summary.snapshots_written = rows, snaps
        summary.timings.update(timings)
        summary.status = "partial" if summary.errors else "ok"
    except SourceError as exc:
        summary.status = "failed"
        _finish(engine, summary, t_start, message=str(exc))
        raise RefreshError(str(exc)) from exc
    except RefreshError as exc:
        summary.status = "failed"
        _finish(engine, summary, t_start, message=str(exc))
        raise
    except BaseException as exc:
        summary.status = "failed"
        _finish(engine, summary, t_start, message=f"{type(exc).__name__}: {exc}")
        raise
    _finish(engine, summary, t_start, message=None)
    return summary


def _finish(engine: Engine, summary: RefreshSummary, t_start: float, message: str | None) -> None:
    summary.timings["total_s"] = time.perf_counter() - t_start
    finish_run(
        engine,
        summary.run_id,
        status=summary.status,
        rows_received=summary.rows_received,
        rows_written=summary.rows_written,
        snapshots_written=summary.snapshots_written,
        errors=summary.errors,
        warnings=summary.warnings,
        timings={k: round(v, 4) for k, v in summary.timings.items()},
        message=message,
    )


def latest_run(engine: Engine) -> RefreshRun | None:
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        return session.scalars(select(RefreshRun).order_by(RefreshRun.id.desc()).limit(1)).first()
