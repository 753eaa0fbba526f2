"""Shared fixtures: every test that touches the database gets its own migrated database,
once on SQLite and once on PostgreSQL (skipped, with the reason, when it does not answer)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app import config, db, migrate
from tests.databases import (
    create_pg_database,
    drop_pg_database,
    postgres_unreachable,
    selected_backends,
    skip_unless_postgres,
    unique_name,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
SHARED_PRICES = SHARED / "data" / "prices"
BACKENDS = selected_backends()


def shared_prices_or_skip() -> Path:
    if not (SHARED_PRICES / "SPY.csv").is_file():
        pytest.skip(f"shared price data not found at {SHARED_PRICES}")
    return SHARED_PRICES


def databases_line() -> str:
    if "postgresql" not in BACKENDS:
        return "databases: sqlite only (DISPERSION_TEST_DATABASES)"
    reason = postgres_unreachable()
    if reason:
        return f"databases: sqlite; postgresql variants SKIP: {reason}"
    return "databases: sqlite and postgresql (127.0.0.1:5432)"


def pytest_report_header() -> str:
    return databases_line()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    terminalreporter.write_line(databases_line())


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """One migrated PostgreSQL database per session; tests get clones of it."""
    skip_unless_postgres()
    name = unique_name("dispersion_tpl")
    url = create_pg_database(name)
    try:
        migrate.upgrade(url)
        yield name
    finally:
        drop_pg_database(url)


@pytest.fixture(params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """A fresh, migrated database, also exported as DATABASE_URL for the CLI."""
    if request.param == "postgresql":
        if request.node.get_closest_marker("sqlite_only"):
            pytest.skip("SQLite-only test (see the marker's comment)")
        url = create_pg_database(
            unique_name("dispersion_t"), template=request.getfixturevalue("pg_template")
        )
    else:
        url = f"sqlite:///{tmp_path / 'test.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DISPERSION_ENV", "test")
    config.get_settings.cache_clear()
    db.get_engine.cache_clear()
    if request.param == "sqlite":
        migrate.upgrade(url)
    try:
        yield url
    finally:
        db.get_engine().dispose()
        config.get_settings.cache_clear()
        db.get_engine.cache_clear()
        if request.param == "postgresql":
            drop_pg_database(url)


@pytest.fixture
def engine(database_url: str) -> Engine:
    return db.get_engine()
