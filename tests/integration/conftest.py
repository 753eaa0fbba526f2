"""A database with demo prices and the sample notes, built once and shared by the page
tests (they only read), plus a client for it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from app import migrate
from app.config import PROJECT_ROOT, Settings
from app.db import make_engine
from tests.conftest import BACKENDS
from tests.databases import (
    create_pg_database,
    drop_pg_database,
    remember_pristine,
    skip_unless_postgres,
    unique_name,
)

SAMPLE_NOTES = PROJECT_ROOT / "app" / "research" / "sample_notes"
# Demo prices end on the last weekday on or before this date; pages are checked
# against the exchange calendar for "now", so freshness is tested separately.
DEMO_TODAY = dt.date.today()


def build_site_db(path: Path, today: dt.date = DEMO_TODAY) -> tuple[str, Settings]:
    """Migrate a SQLite file, load demo prices and the sample notes."""
    return fill_site_db(f"sqlite:///{path}", today)


def fill_site_db(url: str, today: dt.date = DEMO_TODAY) -> tuple[str, Settings]:
    """Migrate a database, load demo prices and the sample notes."""
    from app.market.service import run_refresh
    from app.research.notes_import import import_files

    migrate.upgrade(url)
    settings = Settings(database_url=url, env="test")
    engine = make_engine(url)
    try:
        run_refresh(engine, settings, source_name="demo", symbols=settings.tickers, today=today)
        import_files(engine, [SAMPLE_NOTES], settings)
    finally:
        engine.dispose()
    return url, settings


@pytest.fixture(scope="session", params=BACKENDS)
def site_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Settings]]:
    """One shared, read-only site database per backend."""
    if request.param == "sqlite":
        yield build_site_db(tmp_path_factory.mktemp("site") / "site.db")
        return
    skip_unless_postgres()
    # Built once as a pristine template; readers share a clone of it, and tests that
    # write clone the template again (PostgreSQL cannot clone a database in use).
    pristine = create_pg_database(unique_name("dispersion_site_tpl"))
    shared = None
    try:
        settings = fill_site_db(pristine)[1]
        pristine_name = make_url(pristine).database or ""
        shared = create_pg_database(unique_name("dispersion_site"), template=pristine_name)
        remember_pristine(shared, pristine_name)
        yield shared, settings.model_copy(update={"database_url": shared})
    finally:
        if shared:
            drop_pg_database(shared)
        drop_pg_database(pristine)


@pytest.fixture(scope="session")
def site_engine(site_db: tuple[str, Settings]) -> Iterator[Engine]:
    engine = make_engine(site_db[0])
    yield engine
    engine.dispose()


@pytest.fixture
def site_client(site_db: tuple[str, Settings], site_engine: Engine) -> Iterator[TestClient]:
    from app.web.app import create_app

    app = create_app(site_db[1], site_engine)
    with TestClient(app) as client:
        yield client


# The saved-pair and portfolio page tests share an app on the shared real prices.
from tests.integration.analytics_support import analyst, real_app, visitor  # noqa: E402, F401
