"""Operations: /metrics (Prometheus text, allowed networks only), /readyz, request ids in
JSON logs and rate limits keyed on the real client behind a trusted proxy."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import Engine

from app.alerts.lease import RowLease
from app.db import make_engine, utcnow
from app.notify.models import OutboxMessage
from app.ops.logs import make_handler
from tests.integration.leads_support import client_for, form_tokens, login, make_app

LOOPBACK = ("127.0.0.1", 40000)


def samples(text: str) -> dict[str, list[tuple[dict[str, str], float]]]:
    """Metric samples by name; parsing fails on anything that isn't Prometheus text."""
    found: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found.setdefault(sample.name, []).append((sample.labels, sample.value))
    return found


def add_pending_outbox_row(engine: Engine, age: dt.timedelta) -> None:
    from sqlalchemy.orm import Session

    created = utcnow() - age
    with Session(engine) as session, session.begin():
        session.add(
            OutboxMessage(
                topic="lead.created",
                channel="webhook",
                target="https://hooks.example.com/x",
                payload={},
                status="pending",
                attempts=0,
                next_attempt_at=created,
                created_at=created,
            )
        )


def test_metrics_parse_and_label_requests_by_route_template(database_url: str) -> None:
    app = make_app(database_url)
    client = client_for(app, client=LOOPBACK)
    for symbol in ("SPY", "NVDA", "NOPE-1", "NOPE-2"):
        client.get(f"/api/v1/tickers/{symbol}/metrics")
    client.get("/no/such/page/123")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    found = samples(response.text)
    counts = {
        (labels["route"], labels["method"], labels["status"]): value
        for labels, value in found["dispersion_http_request_duration_seconds_count"]
    }
    # One series for four symbols: the template, never the raw path.
    assert counts[("/api/v1/tickers/{symbol}/metrics", "GET", "4xx")] >= 4
    assert not any("SPY" in route or "123" in route for route, _, _ in counts)
    assert ("<unmatched>", "GET", "4xx") in counts


def test_metrics_read_outbox_refresh_and_lease_from_the_database(
    database_url: str, engine: Engine
) -> None:
    from app.config import get_settings
    from app.market.service import run_refresh

    run_refresh(
        engine, get_settings(), source_name="demo", symbols=["SPY"], today=dt.date(2026, 11, 24)
    )
    add_pending_outbox_row(engine, dt.timedelta(minutes=10))
    add_pending_outbox_row(engine, dt.timedelta(minutes=1))
    assert RowLease(engine, "worker-a:42", dt.timedelta(seconds=60)).acquire()

    found = samples(client_for(make_app(database_url), client=LOOPBACK).get("/metrics").text)
    assert found["dispersion_database_up"] == [({}, 1.0)]
    assert found["dispersion_outbox_pending"] == [({}, 2.0)]
    [(_, age)] = found["dispersion_outbox_oldest_pending_age_seconds"]
    assert 590 <= age <= 700
    assert found["dispersion_scheduler_lease_held"] == [({"holder": "worker-a:42"}, 1.0)]
    [(_, rows)] = found["dispersion_last_refresh_rows_written"]
    assert rows > 0
    # The refresh ran in this process: its duration, rows and alert evaluation are recorded.
    refreshes = dict(
        (labels["source"], value)
        for labels, value in found["dispersion_refresh_rows_written_total"]
    )
    assert refreshes["demo"] >= rows
    assert found["dispersion_alert_evaluation_duration_seconds_count"][0][1] >= 1


def test_metrics_on_an_unreachable_database_still_answer(database_url: str) -> None:
    from app.config import Settings
    from app.web.app import create_app

    settings = Settings(database_url=database_url, env="test")
    broken = make_engine("postgresql+psycopg://nobody@127.0.0.1:9/none")
    response = TestClient(create_app(settings, broken), client=LOOPBACK).get("/metrics")
    assert response.status_code == 200
    assert samples(response.text)["dispersion_database_up"] == [({}, 0.0)]


def test_metrics_are_hidden_from_other_networks(database_url: str) -> None:
    app = make_app(database_url)
    assert client_for(app, client=("203.0.113.9", 5000)).get("/metrics").status_code == 404
    assert client_for(app, client=("::1", 5000)).get("/metrics").status_code == 200
    opened = make_app(database_url, metrics_allow="10.0.0.0/8")
    assert client_for(opened, client=("10.20.30.40", 5000)).get("/metrics").status_code == 200
    assert client_for(opened, client=LOOPBACK).get("/metrics").status_code == 404


def test_a_loopback_proxy_does_not_open_metrics_to_the_internet(database_url: str) -> None:
    app = make_app(database_url, trusted_proxies="127.0.0.1")
    client = client_for(app, client=LOOPBACK)
    assert client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 404
    assert client.get("/metrics").status_code == 200  # a local scraper, no proxy hop


def test_bad_network_settings_fail_at_start_up() -> None:
    from pydantic import ValidationError

    from app.config import Settings

    with pytest.raises(ValidationError):
        Settings(env="test", trusted_proxies="10.0.0.0/8,not-an-address")


def test_readyz_on_a_migrated_database(database_url: str) -> None:
    response = client_for(make_app(database_url)).get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["ready"] is True
    assert body["checks"]["migrations"]["ok"] is True
    assert body["checks"]["migrations"]["current"] == body["checks"]["migrations"]["head"]


def test_readyz_on_an_unmigrated_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    response = client_for(make_app(url)).get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["ready"] is False
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["migrations"]["ok"] is False
    assert body["checks"]["migrations"]["current"] == []


def test_readyz_on_an_unreachable_database(database_url: str) -> None:
    from app.config import Settings
    from app.web.app import create_app

    broken = make_engine("postgresql+psycopg://nobody@127.0.0.1:9/none")
    app = create_app(Settings(database_url=database_url, env="test"), broken)
    response = TestClient(app).get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"]["ok"] is False


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = make_handler("json")
    handler.setStream(stream)  # type: ignore[attr-defined]
    access = logging.getLogger("app.access")
    access.addHandler(handler)
    old_level = access.level
    access.setLevel(logging.INFO)
    yield stream
    access.removeHandler(handler)
    access.setLevel(old_level)


def log_lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_request_id_round_trip_and_in_the_json_access_line(
    database_url: str, json_log: io.StringIO
) -> None:
    client = client_for(make_app(database_url))
    response = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.01_x"})
    assert response.headers["x-request-id"] == "lb-7f3a.01_x"
    [line] = [entry for entry in log_lines(json_log) if entry["request_id"] == "lb-7f3a.01_x"]
    assert line["method"] == "GET" and line["path"] == "/healthz" and line["status"] == 200
    assert line["level"] == "INFO" and line["logger"] == "app.access"
    assert isinstance(line["duration_ms"], float) and "time" in line


@pytest.mark.parametrize("given", [None, "x" * 65, "bad id with spaces", "semi;colon", ""])
def test_missing_or_invalid_request_ids_are_replaced(database_url: str, given: str | None) -> None:
    client = client_for(make_app(database_url))
    headers = {} if given is None else {"X-Request-ID": given}
    response = client.get("/healthz", headers=headers)
    assert uuid.UUID(response.headers["x-request-id"]).version == 4
    assert response.headers["x-request-id"] != given


def failed_logins(app: FastAPI, peer: str, forwarded: list[str]) -> list[int]:
    client = client_for(app, client=(peer, 5000))
    statuses = []
    for hop in forwarded:
        tokens = form_tokens(client, "/login")
        response = client.post(
            "/login",
            data={**tokens, "username": "nobody", "password": "bad-password-guess"},
            headers={"X-Forwarded-For": hop},
        )
        statuses.append(response.status_code)
    return statuses


def test_spoofed_forwarded_for_from_an_untrusted_peer_is_ignored(database_url: str) -> None:
    app = make_app(database_url, login_rate_limit_ip="2/15minutes", trusted_proxies="10.0.0.1")
    spoofed = ["198.51.100.1", "198.51.100.2", "198.51.100.3"]
    assert failed_logins(app, "203.0.113.5", spoofed) == [401, 401, 429]


def test_forwarded_for_from_a_trusted_proxy_keys_on_the_real_client(database_url: str) -> None:
    app = make_app(database_url, login_rate_limit_ip="2/15minutes", trusted_proxies="10.0.0.0/24")
    # Right-most untrusted hop: a forged left part ("1.2.3.4, ...") changes nothing.
    same_client = ["198.51.100.1", "1.2.3.4, 198.51.100.1", "5.6.7.8, 198.51.100.1, 10.0.0.7"]
    assert failed_logins(app, "10.0.0.1", same_client) == [401, 401, 429]
    assert failed_logins(app, "10.0.0.1", ["198.51.100.2"]) == [401]  # another client
    assert login(client_for(app, client=("10.0.0.1", 1)), "x", "y").status_code == 401
