"""The same data gives byte-identical answers on SQLite and PostgreSQL: the CLI's
metrics and portfolio output and the JSON API's responses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app import migrate
from app.config import Settings
from app.db import make_engine
from app.market.service import run_refresh
from app.web.app import create_app
from tests.conftest import SHARED_PRICES
from tests.integration.test_cli import run_cli
from tests.support import throwaway_postgres

TICKERS = ["VTWO", "SPY", "QQQ", "NVDA", "MSFT"]
TODAY = dt.date(2026, 11, 24)
WEIGHTS = "NVDA=0.4,MSFT=0.4,VTWO=-0.2"
COMMANDS = [
    ("metrics", "NVDA", "--json"),
    ("metrics", "NVDA"),
    ("metrics", "VTWO", "--json"),
    ("portfolio", "--weights", WEIGHTS, "--json"),
    ("portfolio", "--weights", WEIGHTS, "--from", "2024-03-01", "--to", "2025-02-28"),
]
REQUESTS = [
    "/api/v1/tickers/NVDA/metrics",
    "/api/v1/tickers/SPY/metrics",
    f"/api/v1/portfolio?weights={WEIGHTS}",
    f"/api/v1/portfolio?weights={WEIGHTS}&from=2024-03-01&to=2025-02-28",
]


def load(url: str) -> Settings:
    """The shared real prices when present (the demo prices otherwise), loaded the same way."""
    real = (SHARED_PRICES / "SPY.csv").is_file()
    settings = Settings(database_url=url, env="test", tickers=TICKERS, benchmark="SPY")
    engine = make_engine(url)
    try:
        summary = run_refresh(
            engine, settings, source_name="csv" if real else "demo", symbols=TICKERS,
            csv_dir=SHARED_PRICES if real else None, today=TODAY,
        )  # fmt: skip
    finally:
        engine.dispose()
    assert summary.status == "ok", summary.errors
    return settings


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Settings]]:
    sqlite_url = f"sqlite:///{tmp_path_factory.mktemp('parity') / 'parity.db'}"
    migrate.upgrade(sqlite_url)
    with throwaway_postgres("dispersion_parity") as pg_url:
        yield {"sqlite": load(sqlite_url), "postgresql": load(pg_url)}


def cli_output(settings: Settings, args: tuple[str, ...]) -> str:
    env = {
        "DATABASE_URL": settings.database_url,
        "DISPERSION_ENV": "test",
        "DISPERSION_TICKERS": ",".join(TICKERS),
        "DISPERSION_BENCHMARK": "SPY",
    }
    result = run_cli(*args, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
def test_cli_output_is_byte_identical(both: dict[str, Settings], args: tuple[str, ...]) -> None:
    on_sqlite = cli_output(both["sqlite"], args)
    assert on_sqlite.strip()
    assert cli_output(both["postgresql"], args) == on_sqlite


def api_body(settings: Settings, path: str) -> bytes:
    engine = make_engine(settings.database_url)
    try:
        with TestClient(create_app(settings, engine)) as client:
            response = client.get(path)
    finally:
        engine.dispose()
    assert response.status_code == 200, response.text
    return response.content


@pytest.mark.parametrize("path", REQUESTS)
def test_api_json_is_byte_identical(both: dict[str, Settings], path: str) -> None:
    on_sqlite = api_body(both["sqlite"], path)
    assert api_body(both["postgresql"], path) == on_sqlite
