from __future__ import annotations

import ast
import importlib
import importlib.util
import pkgutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

import app
from app import migrate
from app.db import Base

ENV_PY = Path(__file__).resolve().parents[2] / "migrations" / "env.py"


def _import_every_app_module() -> None:
    """Registers every table declared anywhere in the app on Base.metadata."""
    for module in pkgutil.walk_packages(app.__path__, "app."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # the parent is a module, not a package
        return False


def _modules_env_imports() -> set[str]:
    """The app modules migrations/env.py imports (`from app import x` counts as app.x)."""
    modules: set[str] = set()
    for node in ast.walk(ast.parse(ENV_PY.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("app"):
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                modules.add(name if _is_module(name) else node.module)
    return modules


def test_alembic_env_imports_every_module_that_declares_tables() -> None:
    """Autogenerate only sees tables whose modules env.py imports."""
    _import_every_app_module()
    declaring = {mapper.class_.__module__ for mapper in Base.registry.mappers}
    assert declaring - _modules_env_imports() == set()
    mapped = {table.name for mapper in Base.registry.mappers for table in mapper.tables}
    assert set(Base.metadata.tables) == mapped  # no table outside a mapped class


def test_upgrade_empty_database_to_head_and_back_to_base(tmp_path: Path) -> None:
    _import_every_app_module()
    url = f"sqlite:///{tmp_path / 'm.db'}"
    migrate.upgrade(url)
    engine = create_engine(url)
    tables = set(inspect(engine).get_table_names())
    assert tables == {*Base.metadata.tables, "alembic_version"}
    migrate.downgrade(url, "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    migrate.upgrade(url)  # and up again: downgrades leave nothing behind
    assert set(inspect(engine).get_table_names()) == {*Base.metadata.tables, "alembic_version"}
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

    _import_every_app_module()
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
