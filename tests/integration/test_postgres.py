"""The scale-out shape: the same migrations and refresh on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import numpy as np
import pytest
from sqlalchemy import Engine, text

from app import data_version, migrate
from app.db import make_engine
from app.market.analytics import compute_metrics
from app.market.ingest import refresh
from tests.support import throwaway_postgres
from tests.unit.market.fake_source import FakeSource, random_walk


@pytest.fixture
def pg_engine() -> Iterator[Engine]:
    with throwaway_postgres("dispersion") as url:
        engine = make_engine(url)
        try:
            yield engine
        finally:
            engine.dispose()


def test_refresh_on_postgres_is_idempotent_and_exact(pg_engine: Engine) -> None:
    frames = {"SPY": random_walk(1, 300), "AAA": random_walk(2, 300)}
    frames["AAA"].iloc[3, frames["AAA"].columns.get_loc("volume")] = np.nan
    today = dt.date(2024, 7, 1)
    first = refresh(pg_engine, FakeSource(frames), list(frames), benchmark="SPY", today=today)
    assert first.status == "ok" and first.rows_written == 600
    again = refresh(pg_engine, FakeSource(frames), list(frames), benchmark="SPY", today=today)
    assert again.rows_written == 0 and again.snapshots_written == 0
    assert data_version.read(pg_engine) == 1
    with pg_engine.connect() as conn:
        metrics = conn.execute(text("SELECT metrics FROM snapshots WHERE symbol='AAA'")).scalar()
        nulls = conn.execute(text("SELECT COUNT(*) FROM bars WHERE volume IS NULL")).scalar()
    stored = metrics if isinstance(metrics, dict) else json.loads(metrics)
    expected = compute_metrics(
        frames["AAA"]["adj_close"], frames["SPY"]["adj_close"], symbol="AAA", benchmark="SPY"
    )
    assert stored == expected
    assert nulls == 1


def test_an_appended_day_extends_symbol_stats_on_postgres(pg_engine: Engine) -> None:
    full = {"SPY": random_walk(1, 300), "AAA": random_walk(2, 300)}
    today = dt.date(2024, 7, 1)
    history = {s: f.iloc[:-1] for s, f in full.items()}
    refresh(pg_engine, FakeSource(history), list(history), benchmark="SPY", today=today)
    last_day = {s: f.iloc[-1:] for s, f in full.items()}
    refresh(pg_engine, FakeSource(last_day), list(last_day), benchmark="SPY", today=today)
    with pg_engine.connect() as conn:
        stats = conn.execute(
            text("SELECT symbol, first_date, last_date, bar_count FROM symbols ORDER BY symbol")
        ).fetchall()
        rescanned = conn.execute(
            text(
                "SELECT symbol, MIN(date), MAX(date), COUNT(*) FROM bars GROUP BY symbol ORDER BY 1"
            )
        ).fetchall()
    assert [tuple(r) for r in stats] == [tuple(r) for r in rescanned]
    assert stats[0][3] == 300 and str(stats[0][2]) == "2024-06-28"


def test_migrations_down_and_up_on_postgres(pg_engine: Engine) -> None:
    url = pg_engine.url.render_as_string(hide_password=False)
    migrate.downgrade(url, "base")
    with pg_engine.connect() as conn:
        tables = (
            conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname='public'"))
            .scalars()
            .all()
        )
    assert set(tables) == {"alembic_version"}
    migrate.upgrade(url)
