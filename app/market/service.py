"""Refresh orchestration shared by the CLI, the worker and tests: picks the source
(including the `auto` fallback) and reads what the web and CLI show.

After every refresh that stored prices, the `refresh_listeners` run (alerts connects its
evaluation there, see app.alerts.triggers), so this package never imports alerts.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from app.config import PROJECT_ROOT, Settings
from app.market import store
from app.market.analytics import compute_metrics
from app.market.calendar import last_completed_session
from app.market.ingest import Progress, RefreshError, RefreshSummary, refresh
from app.market.models import Bar, Snapshot
from app.market.portfolio import PortfolioError, PortfolioReport, analyse
from app.ops import telemetry

# Called with (engine, settings) after each refresh; a listener must not raise.
RefreshListener = Callable[[Engine, Settings], object]
refresh_listeners: list[RefreshListener] = []

SYMBOL_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9.\-^=]{0,14}$")


class UnknownSymbolError(LookupError):
    def __init__(self, symbol: str, known: Sequence[str]) -> None:
        shown = ", ".join(known) if known else "none yet: run a refresh"
        super().__init__(f"unknown symbol {symbol!r} (known: {shown})")
        self.symbol = symbol


def parse_symbols(text: str) -> list[str]:
    symbols = [s.strip().upper() for s in text.split(",") if s.strip()]
    bad = [s for s in symbols if not SYMBOL_PATTERN.match(s)]
    if not symbols or bad:
        raise ValueError(f"invalid ticker list {text!r}: expected e.g. SPY,QQQ,NVDA")
    return list(dict.fromkeys(symbols))


def has_prices(engine: Engine) -> bool:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(Bar).limit(1)) > 0


def run_refresh(
    engine: Engine,
    settings: Settings,
    *,
    source_name: str,
    symbols: Sequence[str],
    csv_dir: Path | None = None,
    today: dt.date | dt.datetime | None = None,
    progress: Progress | None = None,
    yahoo_session: Any = None,
) -> RefreshSummary:
    """Run one refresh. `auto` means yahoo, falling back to demo on an empty database.

    Yahoo and demo stop at the last completed exchange session, so a refresh during
    trading hours never stores an unfinished day as a close. `today` may be a moment
    (a datetime; naive means UTC) or a whole day (a date: every session on it counts).
    """
    from app.market.sources import make_source

    now = today or dt.datetime.now(dt.UTC)
    session_end = last_completed_session(now, grace=dt.timedelta(0))
    day = now.date() if isinstance(now, dt.datetime) else now
    universe = list(dict.fromkeys([*symbols, settings.benchmark]))

    def make(name: str) -> Any:
        return make_source(
            name,
            csv_dir=csv_dir or settings.csv_dir,
            seed=settings.demo_seed,
            session=yahoo_session,
            history_years=settings.history_years,
            cache_dir=PROJECT_ROOT / "var" / "yfinance",
        )

    def go(name: str) -> RefreshSummary:
        started = time.perf_counter()
        try:
            summary = refresh(
                engine,
                make(name),
                universe,
                benchmark=settings.benchmark,
                today=day,
                end=None if name == "csv" else session_end,
                progress=progress,
            )
        except RefreshError:
            telemetry.observe_refresh(name, "failed", time.perf_counter() - started, 0)
            raise
        telemetry.observe_refresh(
            name, summary.status, time.perf_counter() - started, summary.rows_written
        )
        for listener in refresh_listeners:
            listener(engine, settings)
        return summary

    if source_name != "auto":
        return go(source_name)
    try:
        return go("yahoo")
    except RefreshError as exc:
        if has_prices(engine):
            raise RefreshError(f"{exc} (stored prices kept)") from exc
        if progress is not None:
            progress(f"Yahoo Finance failed ({exc}); loading synthetic demo prices instead")
        return go("demo")


def get_metrics(engine: Engine, symbol: str, as_of: dt.date | None = None) -> dict[str, Any]:
    """The metrics object: the stored snapshot, or computed for a past `as_of`."""
    symbol = symbol.strip().upper()
    with Session(engine) as session:
        snap = session.get(Snapshot, symbol)
        if snap is None:
            known = session.scalars(select(Snapshot.symbol).order_by(Snapshot.symbol)).all()
            raise UnknownSymbolError(symbol, known)
        if as_of is None:
            metrics = snap.metrics
            return json.loads(metrics) if isinstance(metrics, str) else dict(metrics)
        benchmark = snap.benchmark
    with engine.connect() as conn:
        closes = store.load_closes(conn, symbol)
        bench = store.load_closes(conn, benchmark)
    # ValueError (no bar on or before `as_of`) propagates with its own clear message.
    return compute_metrics(closes, bench, symbol=symbol, benchmark=benchmark, as_of=as_of)


def portfolio_report(
    engine: Engine,
    weights: dict[str, float],
    benchmark: str,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> PortfolioReport:
    """SPEC 9 figures of ``weights`` from the stored adjusted closes."""
    with engine.connect() as conn:
        closes = {symbol: store.load_closes(conn, symbol) for symbol in weights}
        bench = store.load_closes(conn, benchmark)
    unknown = [symbol for symbol, series in closes.items() if series.empty]
    if unknown:
        raise PortfolioError(f"unknown symbol {', '.join(unknown)}: no stored prices")
    return analyse(closes, weights, benchmark, bench, date_from, date_to)
