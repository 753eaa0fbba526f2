from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from app import migrate
from app.models import Base


def test_upgrade_empty_database_to_head_and_back_to_base(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    migrate.upgrade(url)
    engine = create_engine(url)
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables
    migrate.downgrade(url, "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    migrate.upgrade(url)  # and up again: downgrades leave nothing behind
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


@pytest.mark.sqlite_only  # the pragmas are SQLite's; PostgreSQL has none of them
def test_sqlite_pragmas(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_migrations_build_exactly_the_models(tmp_path: Path) -> None:
    """Columns, types, indexes and constraints: a model changed without a migration fails."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    url = f"sqlite:///{tmp_path / 'drift.db'}"
    migrate.upgrade(url)
    engine = create_engine(url)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    engine.dispose()


def test_0007_adds_symbol_names_and_the_added_symbols_table(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'names.db'}"
    migrate.upgrade(url, "0006")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO symbols (symbol, bar_count, updated_at) VALUES ('NVDA', 0, '2026-07-13')"
        )
    migrate.upgrade(url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT symbol, name FROM symbols").all() == [("NVDA", None)]
    assert "universe_symbols" in inspect(engine).get_table_names()
    migrate.downgrade(url, "0006")
    assert "universe_symbols" not in inspect(engine).get_table_names()
    assert "name" not in {c["name"] for c in inspect(engine).get_columns("symbols")}
    engine.dispose()
