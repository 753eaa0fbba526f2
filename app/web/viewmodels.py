"""What each page shows, read from the database in as few queries as possible.

Functions here return plain dicts for templates; they are only called when a page is
rendered for a new data version (see page_cache), never per request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine

from app.config import Settings
from app.market import queries
from app.market.analytics import PERIODS
from app.market.calendar import is_stale
from app.research.narrative import narrate
from app.web.freshness import freshness
from app.web.gauge import gauge

SOURCE_NAMES = {
    "demo": "synthetic demo data",
    "yahoo": "Yahoo Finance",
    "csv": "CSV price files",
}


def as_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def site_facts(engine: Engine, settings: Settings, expected: dt.date) -> dict[str, Any]:
    """Footer and banners: data source, "as of", staleness, synthetic data."""
    with engine.connect() as conn:
        rows = queries.symbol_dates(conn)
        last_refresh = queries.last_successful_refresh(conn)
    finished = last_refresh.finished_at if last_refresh is not None else None
    universe = set(settings.universe)
    shown = [r for r in rows if r.symbol in universe and r.last_date is not None]
    last_dates = {r.symbol: as_date(r.last_date) for r in shown}
    as_of = max(last_dates.values(), default=None)
    sources = sorted({r.source for r in shown if r.source})
    return {
        "as_of": as_of,
        "last_dates": last_dates,
        "expected": expected,
        "stale": as_of is not None and is_stale(as_of, expected),
        "synthetic": "demo" in sources,
        "sources": [SOURCE_NAMES.get(s, s) for s in sources],
        "refreshed_at": finished,
        "has_prices": as_of is not None,
        "universe": settings.universe,
        "tickers": settings.tickers,
        "benchmark": settings.benchmark,
    }


def snapshots(engine: Engine, symbols: Sequence[str] | None = None) -> dict[str, dict[str, Any]]:
    found = queries.snapshot_metrics(engine)
    if symbols is None:
        return found
    return {s: found[s] for s in symbols if s in found}


def sentiment_overview(
    engine: Engine, settings: Settings, today: dt.date | None = None
) -> dict[str, Any]:
    """Overall and per-ticker sentiment, each with a gauge and what it rests on
    (note count, age of the newest note as of ``today``, stale or not)."""
    from app.research.note_queries import get_overall

    today = today or utc_today()
    data = get_overall(engine, settings.tickers)
    for entry in [data["overall"], *data["tickers"].values()]:
        entry["gauge"] = gauge(entry["score"])
        entry["fresh"] = freshness(entry["note_count"], entry["as_of"], today)
    return data


def utc_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def latest_notes(engine: Engine, *, ticker: str | None = None, limit: int = 4) -> list[Any]:
    from app.research.note_queries import list_notes, summary_for_ticker

    found = list_notes(engine, ticker=ticker, per_page=limit).items
    return [summary_for_ticker(n, ticker) for n in found]


def performance_table(settings: Settings, metrics: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Tickers × periods: each ticker's return relative to the benchmark (the benchmark's
    own row shows its absolute return)."""
    # The configured tickers, then symbols analysts added from the web.
    symbols = [s for s in settings.universe if s in metrics and s != settings.benchmark]
    rows = [
        {
            "symbol": symbol,
            "is_benchmark": False,
            "as_of": metrics[symbol]["as_of"],
            "cells": [
                {
                    "period": period,
                    "relative": metrics[symbol]["relative"].get(period),
                    "return": metrics[symbol]["returns"].get(period),
                }
                for period in PERIODS
            ],
        }
        for symbol in symbols
    ]
    bench = metrics.get(settings.benchmark)
    if bench is not None:
        rows.append(
            {
                "symbol": settings.benchmark,
                "is_benchmark": True,
                "as_of": bench["as_of"],
                "cells": [
                    {"period": p, "relative": None, "return": bench["returns"].get(p)}
                    for p in PERIODS
                ],
            }
        )
    as_of = max((r["as_of"] for r in rows), default=None)
    for row in rows:
        # A ticker whose prices end earlier is measured to its own last bar: say so.
        row["behind"] = row["as_of"] != as_of
    return {
        "periods": PERIODS,
        "rows": rows,
        "as_of": as_of,
        "benchmark": settings.benchmark,
    }


def performance_csv(table: dict[str, Any]) -> str:
    lines = ["symbol,period,benchmark,as_of,return,relative"]
    for row in table["rows"]:
        for cell in row["cells"]:
            ret = "" if cell["return"] is None else f"{cell['return']:.6f}"
            rel = "" if cell["relative"] is None else f"{cell['relative']:.6f}"
            lines.append(
                f"{row['symbol']},{cell['period']},{table['benchmark']},{row['as_of']},{ret},{rel}"
            )
    return "\n".join(lines) + "\n"


def dashboard(engine: Engine, settings: Settings, today: dt.date | None = None) -> dict[str, Any]:
    """The dashboard's cards besides the performance table (see app.web.perf_index)."""
    return {
        "sentiment": sentiment_overview(engine, settings, today),
        "notes": latest_notes(engine, limit=4),
        "alerts": latest_alerts(engine),
    }


def latest_alerts(engine: Engine, count: int = 5) -> dict[str, Any]:
    """The dashboard's alert card: the newest events with their rules, and the last
    event id shown (the live stream sends what comes after it)."""
    from app.alerts import service as alerts

    return {
        "events": alerts.list_events(engine, limit=count),
        "rules": {r["id"]: r for r in alerts.list_rules(engine)},
        "latest_id": alerts.latest_event_id(engine),
    }


def ticker(
    engine: Engine,
    settings: Settings,
    symbol: str,
    metrics: dict[str, Any],
    expected: dt.date,
    today: dt.date | None = None,
) -> dict[str, Any]:
    mood = sentiment_overview(engine, settings, today)
    entry = mood["tickers"].get(symbol) or {
        "score": None,
        "label": None,
        "note_count": 0,
        "history": [],
        "as_of": None,
    }
    entry.setdefault("gauge", gauge(entry.get("score")))
    entry.setdefault("fresh", freshness(0, None, today or utc_today()))
    return {
        "metrics": metrics,
        "narrative": narrate(metrics, metrics.get("benchmark")),
        "sentiment": entry,
        "half_life_days": mood["half_life_days"],
        "notes": latest_notes(engine, ticker=symbol, limit=6),
        "stale": is_stale(as_date(metrics["as_of"]), expected),
        "sentiment_chart": {
            "series": [
                {
                    "symbol": symbol,
                    "role": "ticker",
                    "points": [[p["date"], p["score"]] for p in entry.get("history") or []],
                }
            ]
        },
    }


def symbol_names(engine: Engine) -> dict[str, str]:
    """Every stored symbol's display name (stored, built-in, else the symbol)."""
    from app.market.names import display_name

    with engine.connect() as conn:
        stored = queries.symbol_names(conn)
    return {symbol: display_name(symbol, name) for symbol, name in stored.items()}


def ticker_header(engine: Engine, symbol: str, as_of: dt.date) -> dict[str, Any] | None:
    """Name, last close, day change, volume and 52-week range from the stored bars."""
    from app.market import store
    from app.market.names import display_name
    from app.market.quote import header_stats, year_before

    with engine.connect() as conn:
        stored = queries.stored_name(conn, symbol)
        # A few days more than a year: the bar before the first one in the range.
        bars = store.load_recent_bars(conn, symbol, year_before(as_of) - dt.timedelta(days=10))
    stats = header_stats(bars)
    if stats is None:
        return None
    return {**stats, "symbol": symbol, "name": display_name(symbol, stored)}


PEER_PERIODS = ("1M", "YTD", "1Y")


def peer_rows(
    settings: Settings, metrics: dict[str, dict[str, Any]], names: dict[str, str]
) -> list[dict[str, Any]]:
    """The benchmark's page compares the universe against it: each other symbol's
    returns, its 1-year lead over the benchmark, beta and correlation to it."""
    rows = []
    for symbol in settings.universe:
        figures = metrics.get(symbol)
        if symbol == settings.benchmark or figures is None:
            continue
        rows.append(
            {
                "symbol": symbol,
                "name": names.get(symbol, symbol),
                "returns": {p: figures["returns"].get(p) for p in PEER_PERIODS},
                "relative_1y": figures["relative"].get("1Y"),
                "beta": figures.get("beta_1y"),
                "correlation": figures.get("correlation_1y"),
            }
        )
    return rows
