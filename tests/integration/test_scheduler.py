"""The scheduler in one process: the lease row, a scheduled refresh followed by alert
evaluation (through the injectable hook), failures recorded, and what /healthz and the
admin page show."""

from __future__ import annotations

import datetime as dt
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from app.alerts import runner
from app.alerts.lease import RowLease, read_state
from app.alerts.models import SchedulerLease
from app.alerts.runner import Scheduler, evaluate_with_alert_service
from app.config import Settings
from app.db import session_scope, utcnow
from app.market.models import RefreshRun
from tests.integration.leads_support import admin_client, client_for, make_app, soup

TTL = dt.timedelta(seconds=30)


def fast_settings(database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": database_url,
        "env": "test",
        "price_source": "demo",
        "tickers": ["SPY", "QQQ"],
        "history_years": 1,
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]


def lease_row(engine: Engine) -> SchedulerLease | None:
    with session_scope(engine) as session:
        row = session.get(SchedulerLease, "scheduler")
        if row is not None:
            session.expunge(row)
        return row


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def test_one_holder_until_its_lease_lapses_or_is_released(engine: Engine) -> None:
    first = RowLease(engine, "host:1", dt.timedelta(seconds=1))
    second = RowLease(engine, "host:2", dt.timedelta(seconds=1))
    assert first.acquire() is True  # inserts the row
    assert second.acquire() is False
    assert first.acquire() is True  # renewal
    held_until = lease_row(engine).expires_at  # type: ignore[union-attr]
    # The holder stops renewing (it died): the lease lapses and the other takes it.
    wait_for(second.acquire, timeout=30)
    assert utcnow() >= held_until
    assert lease_row(engine).holder == "host:2"  # type: ignore[union-attr]
    assert first.acquire() is False
    second.release()
    row = lease_row(engine)
    assert row is not None and row.holder is None and row.expires_at is None
    assert first.acquire() is True  # free at once after a release


def test_a_scheduled_refresh_evaluates_rules_and_records_the_run(
    engine: Engine, database_url: str
) -> None:
    settings = fast_settings(database_url)
    calls: list[tuple[Engine, Settings]] = []

    def evaluate(engine: Engine, settings: Settings) -> list[str]:
        with engine.connect() as conn:  # rules see the prices of the refresh just done
            assert conn.execute(select(func.count()).select_from(RefreshRun)).scalar() == 1
        calls.append((engine, settings))
        return ["event"]

    scheduler = Scheduler(
        engine, settings, RowLease(engine, "host:1", TTL), evaluate_rules=evaluate
    )
    before = utcnow()
    assert scheduler.tick() is True  # never ran: runs at once, whatever the hour
    assert calls == [(engine, settings)]
    row = lease_row(engine)
    assert row is not None and row.holder == "host:1" and row.last_status == "ok"
    assert row.last_run_at is not None and row.last_run_at >= before
    assert row.next_run_at is not None and row.next_run_at > row.last_run_at
    assert row.details["alerts"] == "1 events" and "from demo" in row.details["message"]
    assert row.details["reason"] == "first run" and row.details["next_reason"]
    # Not due again right away (the interval is 15 minutes; outside hours, later still).
    assert scheduler.tick() is False
    assert len(calls) == 1

    # A second process does not refresh while the lease is held.
    other = Scheduler(engine, settings, RowLease(engine, "host:2", TTL), evaluate_rules=evaluate)
    assert other.tick() is False and other.holding is False
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(RefreshRun)).scalar() == 1
    scheduler.close()
    assert lease_row(engine).holder is None  # type: ignore[union-attr]


def test_a_failed_refresh_is_recorded_and_skips_evaluation(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    empty = tmp_path / "prices"
    empty.mkdir()
    settings = fast_settings(database_url, price_source="csv", csv_dir=empty)
    calls: list[object] = []
    scheduler = Scheduler(
        engine,
        settings,
        RowLease(engine, "host:1", TTL),
        evaluate_rules=lambda *args: calls.append(args),
    )
    assert scheduler.tick() is True
    row = lease_row(engine)
    assert row is not None and row.last_status == "failed" and row.details["message"]
    assert calls == []
    # Retried one interval later, even when the exchange is closed.
    interval = dt.timedelta(seconds=settings.refresh_interval_seconds)
    assert row.next_run_at is not None and row.next_run_at <= row.last_run_at + interval


def test_a_failing_rule_evaluation_does_not_stop_the_schedule(
    engine: Engine, database_url: str
) -> None:
    def broken(engine: Engine, settings: Settings) -> None:
        raise RuntimeError("rule store unavailable")

    lease = RowLease(engine, "host:1", TTL)
    scheduler = Scheduler(engine, fast_settings(database_url), lease, evaluate_rules=broken)
    assert scheduler.tick() is True
    row = lease_row(engine)
    assert row is not None and row.last_status == "ok"
    assert row.details["alerts"] == "failed: RuntimeError"
    assert row.next_run_at is not None


def test_default_hook_does_nothing_without_the_alert_service(
    engine: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch, caplog
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "app.alerts.service", None)  # import raises ImportError
    monkeypatch.setattr(runner, "_missing_service_logged", False)
    settings = fast_settings(database_url)
    with caplog.at_level(logging.INFO, logger="app.alerts.runner"):
        assert evaluate_with_alert_service(engine, settings) == "not available"
        assert evaluate_with_alert_service(engine, settings) == "not available"
    said = [r for r in caplog.records if "alert evaluation is not available" in r.getMessage()]
    assert len(said) == 1


def test_healthz_and_admin_page_show_holder_and_times(engine: Engine, database_url: str) -> None:
    app = make_app(database_url)
    assert TestClient(app).get("/healthz").json()["scheduler"] is None

    settings = fast_settings(database_url)
    lease = RowLease(engine, "box:4242", TTL)
    Scheduler(engine, settings, lease, evaluate_rules=lambda *_: 3).tick()
    with engine.connect() as conn:
        state = read_state(conn)
    assert state is not None

    app = make_app(database_url)  # a fresh probe: /healthz caches per process
    body = client_for(app).get("/healthz").json()["scheduler"]
    assert body["holder"] == "box:4242" and body["active"] is True
    assert body["last_status"] == "ok"
    for key in ("last_run_at", "next_run_at", "lease_expires_at"):
        assert body[key] == state[key].replace(microsecond=0).isoformat() + "Z"

    assert client_for(app).get("/admin/scheduler").status_code == 303  # to the login page
    page = admin_client(app).get("/admin/scheduler")
    assert page.status_code == 200
    html = soup(page.text)
    assert html.select_one(".holder").text == "box:4242"
    assert state["last_run_at"].strftime("%Y-%m-%d %H:%M:%S") in html.select_one(".last-run").text
    assert state["next_run_at"].strftime("%Y-%m-%d %H:%M:%S") in html.select_one(".next-run").text
    assert html.select_one(".alerts").text == "3 events"
    runs = html.select("#refresh-runs tr[data-run]")
    assert len(runs) == 1 and "demo" in runs[0].text and "ok" in runs[0].text
    assert html.select_one('nav.admin-nav a[href="/admin/scheduler"]') is not None

    # Released: the page says no worker schedules refreshes.
    lease.release()
    html = soup(admin_client(app, "second-admin").get("/admin/scheduler").text)
    assert html.select_one(".holder").text == "—"
    assert "No worker holds the scheduler lease" in html.select_one("#scheduler-state").text
