from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.config import get_settings
from app.market.service import run_refresh
from app.web.app import create_app


def test_healthz_before_and_after_a_refresh(engine: Engine) -> None:
    client = TestClient(create_app())
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["database"] == {"reachable": True}
    assert body["last_refresh"] is None and body["prices_as_of"] is None

    run_refresh(
        engine,
        get_settings(),
        source_name="demo",
        symbols=["SPY", "NVDA"],
        today=dt.date(2026, 11, 24),
    )
    client = TestClient(create_app())  # a fresh process: the probe cache is per process
    body = client.get("/healthz").json()
    assert body["last_refresh"]["source"] == "demo"
    assert body["last_refresh"]["synthetic"] is True
    assert body["prices_as_of"] == "2026-11-24"


def test_healthz_reports_an_unreachable_database(database_url: str) -> None:
    from app.db import make_engine

    broken = make_engine("postgresql+psycopg://nobody@127.0.0.1:9/none")
    body = TestClient(create_app(engine=broken)).get("/healthz").json()
    assert body["status"] == "degraded"
    assert body["database"]["reachable"] is False


def test_metrics_endpoint_matches_the_cli_object(engine: Engine) -> None:
    from app.market.service import get_metrics

    run_refresh(
        engine,
        get_settings(),
        source_name="demo",
        symbols=["SPY", "MSFT"],
        today=dt.date(2026, 11, 24),
    )
    client = TestClient(create_app())
    response = client.get("/api/v1/tickers/msft/metrics")
    assert response.status_code == 200
    assert response.json() == get_metrics(engine, "MSFT")
    missing = client.get("/api/v1/tickers/NOPE/metrics")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/json")
    assert "unknown symbol 'NOPE'" in missing.json()["error"]


def test_head_requests_get_headers_without_a_body(database_url: str) -> None:
    client = TestClient(create_app())
    for path in ("/healthz", "/", "/research"):
        get, head = client.get(path), client.head(path)
        assert head.status_code == get.status_code == 200, path
        assert head.content == b""
        assert head.headers["content-type"] == get.headers["content-type"]
        assert "Content-Security-Policy" in head.headers
