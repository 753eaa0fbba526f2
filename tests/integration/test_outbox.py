"""Notifications survive a receiver that is down: retried with backoff, delivered once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db import session_scope
from app.notify import outbox
from app.notify.models import OutboxAttempt, OutboxMessage
from app.notify.senders import default_senders
from app.notify.webhook import verify
from tests.integration.leads_support import client_for, demo_data, form_tokens, make_app
from tests.support import free_port

SECRET = "webhook-signing-secret"
REPO = Path(__file__).resolve().parents[2]


class Receiver:
    """A local webhook receiver that can be told to fail (500) or succeed."""

    def __init__(self, port: int = 0) -> None:
        self.fail = True
        self.received: list[dict] = []
        self.hits = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.hits += 1
                if receiver.fail:
                    self.send_response(500)
                    self.end_headers()
                    return
                receiver.received.append({"headers": dict(self.headers), "body": body})
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/leads"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


def submit_lead(app, **overrides) -> float:  # type: ignore[no-untyped-def]
    client = client_for(app)
    started = time.perf_counter()
    response = client.post("/demo", data={**form_tokens(client), **demo_data(**overrides)})
    assert response.status_code == 200
    return time.perf_counter() - started


def messages(app) -> list[OutboxMessage]:  # type: ignore[no-untyped-def]
    with session_scope(app.state.engine) as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def attempts(app) -> list[OutboxAttempt]:  # type: ignore[no-untyped-def]
    with session_scope(app.state.engine) as session:
        return list(session.scalars(select(OutboxAttempt).order_by(OutboxAttempt.id)))


def wait_until_due(app) -> None:  # type: ignore[no-untyped-def]
    from app.db import utcnow

    due = min(m.next_attempt_at for m in messages(app) if m.status == "pending")
    time.sleep(max(0.0, (due - utcnow()).total_seconds()) + 0.01)


def test_receiver_failing_then_recovering_gets_it_exactly_once(  # type: ignore[no-untyped-def]
    database_url: str, receiver: Receiver
) -> None:
    app = make_app(
        database_url,
        lead_webhook_url=receiver.url,
        webhook_secret=SECRET,
        outbox_backoff_seconds=0.05,
    )
    settings, engine = app.state.settings, app.state.engine
    assert submit_lead(app) < 2.0  # the form never waits for the receiver

    assert outbox.run_once(engine, settings, "w1", default_senders()) == 0
    [message] = messages(app)
    assert message.status == "pending" and message.attempts == 1
    assert outbox.run_once(engine, settings, "w1", default_senders()) == 0  # not due yet: backoff
    assert receiver.hits == 1

    wait_until_due(app)
    assert outbox.run_once(engine, settings, "w1", default_senders()) == 0
    first, second = (m.next_attempt_at for m in [message, messages(app)[0]])
    assert messages(app)[0].attempts == 2 and second > first

    receiver.fail = False
    wait_until_due(app)
    assert outbox.run_once(engine, settings, "w1", default_senders()) == 1
    for _ in range(3):
        time.sleep(0.06)
        assert outbox.run_once(engine, settings, "w1", default_senders()) == 0

    assert len(receiver.received) == 1
    [delivery] = receiver.received
    headers = delivery["headers"]
    assert verify(
        SECRET,
        headers["X-Dispersion-Timestamp"],
        delivery["body"],
        headers["X-Dispersion-Signature"],
    )
    body = json.loads(delivery["body"])
    assert body["event"] == "lead.created" and body["data"]["company"] == "Northbridge Capital"
    assert headers["X-Dispersion-Delivery"] == str(message.id)
    [final] = messages(app)
    assert final.status == "delivered" and final.attempts == 3 and final.delivered_at
    assert [(a.attempt, a.ok, a.status_code) for a in attempts(app)] == [
        (1, False, 500),
        (2, False, 500),
        (3, True, 204),
    ]


def test_connection_refused_then_receiver_starts(database_url: str) -> None:
    port = free_port()
    app = make_app(
        database_url,
        lead_webhook_url=f"http://127.0.0.1:{port}/hook",
        webhook_secret=SECRET,
        outbox_backoff_seconds=0.05,
    )
    settings, engine = app.state.settings, app.state.engine
    submit_lead(app)
    assert outbox.run_once(engine, settings, "w1", default_senders()) == 0
    [attempt] = attempts(app)
    assert not attempt.ok and attempt.status_code is None and "Connection" in attempt.error
    receiver = Receiver(port)
    receiver.fail = False
    try:
        wait_until_due(app)
        assert outbox.run_once(engine, settings, "w1", default_senders()) == 1
        assert len(receiver.received) == 1
    finally:
        receiver.close()


def test_gives_up_after_max_attempts(database_url: str, receiver: Receiver) -> None:
    app = make_app(
        database_url,
        lead_webhook_url=receiver.url,
        outbox_backoff_seconds=0.01,
        outbox_max_attempts=3,
    )
    submit_lead(app)
    for _ in range(3):
        wait_until_due(app)
        outbox.run_once(app.state.engine, app.state.settings, "w1", default_senders())
    [message] = messages(app)
    assert message.status == "dead" and message.attempts == 3 and "500" in message.last_error


def test_several_workers_never_deliver_a_row_twice(database_url: str, receiver: Receiver) -> None:
    app = make_app(database_url, lead_webhook_url=receiver.url, webhook_secret=SECRET)
    receiver.fail = False
    for i in range(12):
        submit_lead(app, email=f"lead{i}@firm{i}.com")
    barrier = threading.Barrier(4)
    delivered: list[int] = []

    def work(name: str) -> None:
        barrier.wait()
        delivered.append(
            outbox.run_once(app.state.engine, app.state.settings, name, default_senders())
        )

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ids = [d["headers"]["X-Dispersion-Delivery"] for d in receiver.received]
    assert sum(delivered) == 12 and len(ids) == 12 and len(set(ids)) == 12
    assert all(m.status == "delivered" for m in messages(app))
    assert len(attempts(app)) == 12


def test_expired_lease_is_picked_up_by_another_worker(
    database_url: str, receiver: Receiver
) -> None:
    import datetime as dt

    app = make_app(database_url, lead_webhook_url=receiver.url)
    receiver.fail = False
    submit_lead(app)
    engine, claim_seconds = app.state.engine, app.state.settings.outbox_claim_seconds
    assert outbox.claim_due(engine, "crashed", claim_seconds) != []  # claimed, then it dies
    senders = default_senders()
    assert outbox.run_once(engine, app.state.settings, "w2", senders) == 0  # lease still held
    with session_scope(engine) as session:
        row = session.scalars(select(OutboxMessage)).one()
        row.claimed_until = row.claimed_until - dt.timedelta(seconds=claim_seconds + 1)
    assert outbox.run_once(engine, app.state.settings, "w2", senders) == 1
    assert len(receiver.received) == 1


def test_worker_command_delivers(database_url: str, receiver: Receiver) -> None:
    app = make_app(database_url, lead_webhook_url=receiver.url, webhook_secret=SECRET)
    receiver.fail = False
    submit_lead(app)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DISPERSION_WEBHOOK_SECRET": SECRET,
        "DISPERSION_LEAD_WEBHOOK_URL": receiver.url,
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "worker", "--poll", "0.1", "--no-schedule"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not receiver.received:
            time.sleep(0.1)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert proc.returncode == 0
    assert len(receiver.received) == 1
    assert messages(app)[0].status == "delivered"
