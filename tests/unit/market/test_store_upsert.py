"""upsert_bars on both databases: new rows insert, changed rows update, identical rows
are left alone, and the count says how many rows were inserted or changed.

PostgreSQL stages large batches with COPY and upserts small ones row by row; every
test runs both ways there."""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from typing import Any

import numpy as np
import psycopg
import pytest
from sqlalchemy import Connection, Engine, text

from app import db
from app.market import pg_bulk, store

DAYS = np.array(["2024-01-02", "2024-01-03", "2024-01-04"], dtype="datetime64[D]")


@pytest.fixture(params=["copy", "row-by-row"])
def engine(
    request: pytest.FixtureRequest, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> Engine:
    if request.param == "row-by-row":
        if database_url.startswith("sqlite"):
            pytest.skip("SQLite always upserts row by row: the copy variant covers it")
        monkeypatch.setattr(pg_bulk, "COPY_MIN_ROWS", 10**9)
    else:
        monkeypatch.setattr(pg_bulk, "COPY_MIN_ROWS", 1)
    return db.get_engine()


def values(*closes: float, volume: float = 1e6) -> np.ndarray:
    """open, high, low, close, adj_close, volume per day, all prices the close."""
    return np.array([[c, c, c, c, c, volume] for c in closes], dtype="float64")


def rows(conn: Connection, symbol: str, days: np.ndarray, vals: np.ndarray) -> list[tuple]:
    """Rows as the refresh prepares them for this database."""
    return store.bar_rows(symbol, days, vals, nan_to_none=conn.dialect.name != "sqlite")


def upsert(engine: Engine, batch: list[tuple[Any, ...]] | None = None, **kwargs: Any) -> int:
    """Upsert one batch (or `rows(...)` built from kwargs) in its own transaction."""
    with engine.begin() as conn:
        store.ensure_symbols(conn, ["AAA", "BBB"])
        return store.upsert_bars(conn, batch if batch is not None else rows(conn, **kwargs))


def stored(engine: Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        result = conn.execute(
            text(
                "SELECT symbol, date, open, high, low, close, adj_close, volume FROM bars"
                " ORDER BY symbol, date"
            )
        )
        return [(s, str(d)[:10], *rest) for s, d, *rest in result]


def test_new_rows_are_inserted_and_counted(engine: Engine) -> None:
    assert upsert(engine, symbol="AAA", days=DAYS, vals=values(10.0, 11.0, 12.5)) == 3
    assert stored(engine) == [
        ("AAA", "2024-01-02", 10.0, 10.0, 10.0, 10.0, 10.0, 1_000_000),
        ("AAA", "2024-01-03", 11.0, 11.0, 11.0, 11.0, 11.0, 1_000_000),
        ("AAA", "2024-01-04", 12.5, 12.5, 12.5, 12.5, 12.5, 1_000_000),
    ]


def test_the_same_batch_again_changes_nothing(engine: Engine) -> None:
    kwargs = {"symbol": "AAA", "days": DAYS, "vals": values(10.0, 11.0, 12.5)}
    assert upsert(engine, **kwargs) == 3
    before = stored(engine)
    assert upsert(engine, **kwargs) == 0
    assert stored(engine) == before


def test_only_new_and_changed_rows_count(engine: Engine) -> None:
    upsert(engine, symbol="AAA", days=DAYS[:2], vals=values(10.0, 11.0))
    # Day 1 unchanged, day 2's close corrected, day 3 new.
    assert upsert(engine, symbol="AAA", days=DAYS, vals=values(10.0, 11.5, 12.0)) == 2
    assert [row[5] for row in stored(engine)] == [10.0, 11.5, 12.0]


def test_a_change_in_volume_alone_counts(engine: Engine) -> None:
    upsert(engine, symbol="AAA", days=DAYS, vals=values(10.0, 11.0, 12.0))
    assert upsert(engine, symbol="AAA", days=DAYS, vals=values(10.0, 11.0, 12.0, volume=2e6)) == 3
    assert {row[7] for row in stored(engine)} == {2_000_000}


def test_missing_values_are_stored_as_null_and_compare_equal(engine: Engine) -> None:
    vals = values(10.0, 11.0, 12.0)
    vals[1, 0] = math.nan  # no open on day 2
    vals[2, 5] = math.nan  # no volume on day 3
    assert upsert(engine, symbol="AAA", days=DAYS, vals=vals) == 3
    bars = stored(engine)
    assert bars[1][2] is None and bars[2][7] is None
    assert upsert(engine, symbol="AAA", days=DAYS, vals=vals) == 0  # NULL = NULL: unchanged

    filled = values(10.0, 11.0, 12.0)
    assert upsert(engine, symbol="AAA", days=DAYS, vals=filled) == 2  # NULL -> value
    assert upsert(engine, symbol="AAA", days=DAYS, vals=vals) == 2  # value -> NULL
    assert stored(engine) == bars


def test_symbols_are_kept_apart(engine: Engine) -> None:
    upsert(engine, symbol="AAA", days=DAYS, vals=values(10.0, 11.0, 12.0))
    assert upsert(engine, symbol="BBB", days=DAYS, vals=values(10.0, 11.0, 12.0)) == 3
    assert upsert(engine, symbol="BBB", days=DAYS, vals=values(10.0, 11.0, 13.0)) == 1
    closes = {(s, d): c for s, d, _, _, _, c, _, _ in stored(engine)}
    assert closes[("AAA", "2024-01-04")] == 12.0 and closes[("BBB", "2024-01-04")] == 13.0


@pytest.mark.parametrize("day", ["2024-01-02", dt.date(2024, 1, 2)], ids=["iso", "date"])
def test_dates_as_iso_text_or_date_objects(engine: Engine, day: str | dt.date) -> None:
    row = ("AAA", day, 1.0, 2.0, 0.5, 1.5, 1.5, 100)
    assert upsert(engine, [row]) == 1
    assert upsert(engine, [row]) == 0
    assert stored(engine) == [("AAA", "2024-01-02", 1.0, 2.0, 0.5, 1.5, 1.5, 100)]


def test_a_day_given_twice_in_one_batch_keeps_the_last(engine: Engine) -> None:
    first = ("AAA", "2024-01-02", 1.0, 1.0, 1.0, 1.0, 1.0, 100)
    last = ("AAA", "2024-01-02", 2.0, 2.0, 2.0, 2.0, 2.0, 200)
    assert upsert(engine, [first, last]) >= 1
    assert stored(engine) == [("AAA", "2024-01-02", 2.0, 2.0, 2.0, 2.0, 2.0, 200)]


def test_many_batches_in_one_transaction(engine: Engine) -> None:
    """A refresh upserts symbol after symbol on one connection, then again next time."""
    for close in (10.0, 20.0):
        with engine.begin() as conn:
            store.ensure_symbols(conn, ["AAA", "BBB"])
            counts = [
                store.upsert_bars(conn, rows(conn, s, DAYS, values(close, close, close)))
                for s in ("AAA", "BBB", "AAA")
            ]
        assert counts == [3, 3, 0]
    assert {row[5] for row in stored(engine)} == {20.0}
    assert len(stored(engine)) == 6


def test_a_batch_after_a_rolled_back_savepoint(engine: Engine) -> None:
    with engine.begin() as conn:
        store.ensure_symbols(conn, ["AAA", "BBB"])
        savepoint = conn.begin_nested()
        assert store.upsert_bars(conn, rows(conn, "AAA", DAYS, values(1.0, 2.0, 3.0))) == 3
        savepoint.rollback()
        assert store.upsert_bars(conn, rows(conn, "BBB", DAYS, values(1.0, 2.0, 3.0))) == 3
    assert [row[0] for row in stored(engine)] == ["BBB", "BBB", "BBB"]


def test_a_bar_without_adjusted_close_fails_and_writes_nothing(engine: Engine) -> None:
    upsert(engine, symbol="AAA", days=DAYS[:1], vals=values(10.0))
    before = stored(engine)
    good = ("AAA", "2024-01-03", 1.0, 1.0, 1.0, 1.0, 1.0, 100)
    bad = ("AAA", "2024-01-04", 1.0, 1.0, 1.0, 1.0, None, 100)
    with pytest.raises((sqlite3.IntegrityError, psycopg.IntegrityError)):
        upsert(engine, [good, bad])
    assert stored(engine) == before


def test_rows_for_each_database() -> None:
    vals = values(10.0, 11.0)
    vals[0, 0] = math.nan
    sqlite_rows = store.bar_rows("AAA", DAYS[:2], vals, nan_to_none=False)
    other_rows = store.bar_rows("AAA", DAYS[:2], vals, nan_to_none=True)
    assert sqlite_rows[1] == ("AAA", "2024-01-03", 11.0, 11.0, 11.0, 11.0, 11.0, 1e6)
    assert math.isnan(sqlite_rows[0][2])
    assert other_rows == [
        ("AAA", dt.date(2024, 1, 2), None, 10.0, 10.0, 10.0, 10.0, 1_000_000),
        ("AAA", dt.date(2024, 1, 3), 11.0, 11.0, 11.0, 11.0, 11.0, 1_000_000),
    ]
    assert type(other_rows[0][7]) is int
