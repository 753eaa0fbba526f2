"""Two evaluators started together write one event per rule per date (SQLite and
PostgreSQL); webhook deliveries of alert events are signed; the alerts CLI."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from sqlalchemy import Engine, select

from app.alerts import service
from app.alerts.models import AlertEvent
from app.cli import main
from app.config import Settings
from app.db import make_engine
from app.market.service import run_refresh
from app.notify import outbox, webhook
from app.notify.senders import default_senders
from tests.support import throwaway_postgres

TODAY = dt.date(2026, 7, 10)


def _setup(engine: Engine) -> tuple[Settings, list[dt.date]]:
    settings = Settings(env="test")
    run_refresh(engine, settings, source_name="demo", symbols=settings.tickers, today=TODAY)
    rule_ids = [
        service.add_rule(engine, {"kind": "drawdown", "symbol": s, "threshold": "1%"}, "t")
        for s in ("NVDA", "MSFT", "SPY")
    ]
    fired = {
        dt.date.fromisoformat(e["date"]) for r in rule_ids for e in service.backtest(engine, r)
    }
    return settings, sorted(fired)[-15:]


def _race(url: str, settings: Settings, days: list[dt.date]) -> list[dict]:
    barrier = threading.Barrier(2)
    results: list[list[dict]] = [[], []]
    errors: list[BaseException] = []

    def run(slot: int) -> None:
        engine = make_engine(url)  # each evaluator has its own connections
        try:
            barrier.wait()
            for day in days:
                results[slot].extend(service.evaluate(engine, settings, as_of=day))
        except BaseException as exc:  # a losing evaluator must not fail unseen
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(t.is_alive() for t in threads), "an evaluator did not finish"
    assert errors == [], errors
    return results[0] + results[1]


def _assert_once(engine: Engine, inserted: list[dict]) -> None:
    with engine.connect() as conn:
        rows = conn.execute(select(AlertEvent.rule_id, AlertEvent.date)).all()
    counts = Counter(rows)
    assert rows and max(counts.values()) == 1
    # Every stored event was reported as inserted by exactly one of the evaluators.
    assert sorted((e["rule"], e["date"]) for e in inserted) == sorted(
        (r, d.isoformat()) for r, d in rows
    )


def test_two_evaluators_on_sqlite_write_each_event_once(engine: Engine, database_url: str) -> None:
    settings, days = _setup(engine)
    _assert_once(engine, _race(database_url, settings, days))


@pytest.fixture
def pg_url() -> Iterator[str]:
    with throwaway_postgres("alerts") as url:
        yield url


def test_two_evaluators_on_postgres_write_each_event_once(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        settings, days = _setup(engine)
        _assert_once(engine, _race(pg_url, settings, days))
    finally:
        engine.dispose()


class _Receiver(BaseHTTPRequestHandler):
    got: list[tuple[dict[str, str], bytes]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Receiver.got.append((dict(self.headers), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_alert_webhooks_are_signed(engine: Engine) -> None:
    settings, _ = _setup(engine)
    _Receiver.got = []  # the receiver's record is per test (the test runs once per database)
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/hook"
        rule_id = service.add_rule(
            engine, {"kind": "drawdown", "symbol": "QQQ", "threshold": "0.1%", "webhook": url}, "t"
        )
        events = [e for e in service.evaluate(engine, settings) if e["rule"] == rule_id]
        assert len(events) == 1
        signed = Settings(env="test", webhook_secret="alert-secret")
        assert outbox.run_once(engine, signed, "test-worker", default_senders()) == 1
    finally:
        server.shutdown()
    [(headers, body)] = _Receiver.got
    assert headers["X-Dispersion-Event"] == "alert.fired"
    assert webhook.verify(
        "alert-secret", headers["X-Dispersion-Timestamp"], body, headers["X-Dispersion-Signature"]
    )
    data = json.loads(body)["data"]
    assert data["rule"] == rule_id and data["message"] == events[0]["message"]


def test_cli(engine: Engine, capsys: pytest.CaptureFixture) -> None:
    _setup(engine)
    add = ["alerts", "add", "--kind", "relative_move", "--symbol", "SPY+QQQ", "--against", "VTWO"]
    assert main([*add, "--window", "63", "--threshold", "10%"]) == 0
    rule_id = int(capsys.readouterr().out.strip())
    assert main(["alerts", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert any(r["id"] == rule_id and r["window"] == 63 for r in listed)
    assert main(["alerts", "backtest", str(rule_id), "--from", "2024-01-01", "--json"]) == 0
    fired = json.loads(capsys.readouterr().out)
    assert all(f["date"] >= "2024-01-01" for f in fired)
    assert main(["alerts", "evaluate"]) == 0
    capsys.readouterr()
    assert main(["alerts", "events", "--json"]) == 0
    events = json.loads(capsys.readouterr().out)
    assert all(set(e) == {"rule", "date", "value", "threshold", "message"} for e in events)
    # Bad input: one line on stderr, a non-zero exit.
    for argv in (
        ["alerts", "add", "--kind", "price_move", "--symbol", "NOPE", "--threshold", "5%"],
        ["alerts", "add", "--kind", "price_move", "--symbol", "SPY", "--threshold", "x"],
        ["alerts", "backtest", "999999"],
        ["alerts", "delete", "999999"],
    ):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ") and err.count("\n") == 1, argv
    assert main(["alerts", "delete", str(rule_id)]) == 0
    assert main(["alerts", "seed"]) == 0
    seeded = capsys.readouterr().out.strip().splitlines()[-1]
    assert main(["alerts", "seed"]) == 0
    assert capsys.readouterr().out.strip() == seeded  # once
