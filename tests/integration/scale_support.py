"""A wide universe for the scale tests: the demo tickers plus many synthetic symbols,
added as the web's "add a symbol" would leave them (ready rows in universe_symbols)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import text

from app import migrate
from app.config import Settings
from app.db import make_engine


def wide_symbols(count: int) -> list[str]:
    return [f"W{i:04d}" for i in range(count)]


def build_wide_db(path: Path, extra: int, history_years: int = 2) -> tuple[str, Settings]:
    """Demo prices for the default tickers and `extra` more symbols, all in the universe."""
    from app.market.service import run_refresh

    url = f"sqlite:///{path}"
    migrate.upgrade(url)
    settings = Settings(database_url=url, env="test", history_years=history_years)
    engine = make_engine(url)
    try:
        added = wide_symbols(extra)
        run_refresh(engine, settings, source_name="demo", symbols=[*settings.universe, *added])
        now = dt.datetime(2026, 1, 1)
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO universe_symbols (symbol, status, added_at, updated_at) "
                    "VALUES (:s, 'ready', :now, :now)"
                ),
                [{"s": s, "now": now} for s in added],
            )
    finally:
        engine.dispose()
    return url, settings
