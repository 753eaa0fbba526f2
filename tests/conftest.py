"""Shared fixtures: every test gets its own migrated SQLite database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app import config, db, migrate

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
SHARED_PRICES = SHARED / "data" / "prices"


def shared_prices_or_skip() -> Path:
    if not (SHARED_PRICES / "SPY.csv").is_file():
        pytest.skip(f"shared price data not found at {SHARED_PRICES}")
    return SHARED_PRICES


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh, migrated SQLite file, also exported as DATABASE_URL for the CLI."""
    url = f"sqlite:///{tmp_path / 'test.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DISPERSION_ENV", "test")
    config.get_settings.cache_clear()
    db.get_engine.cache_clear()
    migrate.upgrade(url)
    yield url
    db.get_engine().dispose()
    config.get_settings.cache_clear()
    db.get_engine.cache_clear()


@pytest.fixture
def engine(database_url: str) -> Engine:
    return db.get_engine()
