"""An app on the shared real prices (and the sample notes), with an analyst and a
visitor, for the saved-pair and portfolio page tests."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.market.service import run_refresh
from app.research.notes_import import import_files
from tests.conftest import shared_prices_or_skip
from tests.integration.conftest import SAMPLE_NOTES
from tests.integration.leads_support import add_user, client_for, form_tokens, login, make_app

TICKERS = ["VTWO", "SPY", "QQQ", "NVDA", "MSFT"]
HTML = {"accept": "text/html"}
HX = {"HX-Request": "true", "accept": "text/html"}


def shared_closes(symbols: list[str]) -> dict[str, pd.Series]:
    """Adjusted closes straight from the shared CSV files (not through the database)."""
    prices: Path = shared_prices_or_skip()
    out = {}
    for symbol in symbols:
        with (prices / f"{symbol}.csv").open(newline="") as f:
            rows = [(r["Date"], float(r["Adj Close"])) for r in csv.DictReader(f)]
        out[symbol] = pd.Series(
            [v for _, v in rows], index=pd.DatetimeIndex([d for d, _ in rows]), dtype="float64"
        ).sort_index()
    return out


@pytest.fixture
def real_app(database_url: str) -> FastAPI:
    app = make_app(database_url, tickers=TICKERS, benchmark="SPY")
    summary = run_refresh(
        app.state.engine, app.state.settings, source_name="csv", symbols=TICKERS,
        csv_dir=shared_prices_or_skip(), today=dt.date(2026, 11, 24),
    )  # fmt: skip
    assert summary.status == "ok", summary.errors
    import_files(app.state.engine, [SAMPLE_NOTES], app.state.settings)
    add_user(app, "ana", "analyst")
    add_user(app, "bob", "analyst")
    return app


@pytest.fixture
def visitor(real_app: FastAPI) -> Iterator[TestClient]:
    with client_for(real_app) as client:
        yield client


def signed_in(app: FastAPI, username: str) -> TestClient:
    client = client_for(app)
    assert login(client, username).status_code == 303
    return client


@pytest.fixture
def analyst(real_app: FastAPI) -> Iterator[TestClient]:
    with signed_in(real_app, "ana") as client:
        yield client


def csrf_of(client: TestClient, path: str) -> str:
    return form_tokens(client, path)["csrf_token"]
