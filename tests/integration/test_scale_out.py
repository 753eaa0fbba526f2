"""Several processes, one truth: two `serve` processes (one of them with two uvicorn
workers) and `worker` processes on one PostgreSQL database, with Redis holding the rate
limits, as behind a load balancer.

Shown across processes: the demo form's per-email limit, sessions (a cookie from web A
works on web B; logout on B ends it on A), each lead notification delivered exactly once
by two delivering workers, one scheduler lease holder among two workers, one alert event
per rule and date from two concurrent evaluators, and a worker killed with SIGKILL in
the middle of a refresh losing nothing. Skips with a reason when PostgreSQL or Redis
does not answer.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from bs4 import BeautifulSoup
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError

from app import migrate
from app.accounts.service import create_user
from app.db import make_engine, session_scope
from tests.conftest import REPO_ROOT
from tests.support import free_port

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
# A Redis database of its own, so flushing it touches nothing else on the server.
REDIS_URL = "redis://127.0.0.1:6379/13"
SECRET = "scale-out-test-secret-key-shared-by-all"
PASSWORD = "correct horse battery"
TICKERS = "SPY,QQQ,VTWO"
# Generous: two busy cores, and every process imports pandas before it answers.
START_TIMEOUT = 180.0
DEADLINE = 180.0
# How long a worker holds a notification it is delivering (see the cluster settings).
CLAIM_SECONDS = 30
TIMEOUT = httpx.Timeout(60.0, connect=20.0)
ATTEMPTS = 5


def wait_for(condition: Callable[[], object], what: str, timeout: float = DEADLINE) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


class Receiver(BaseHTTPRequestHandler):
    """A lead webhook endpoint on the loopback that records every delivery. A delivery
    for an email in `hold` is kept waiting until `release` is set, then refused
    unrecorded: the sender died meanwhile, so it never learnt the outcome."""

    got: list[tuple[str, dict]] = []
    held: list[tuple[str, dict]] = []
    hold: set[str] = set()
    release = threading.Event()
    lock = threading.Lock()

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        delivery = (self.headers["X-Dispersion-Delivery"], json.loads(body))
        if delivery[1]["data"]["email"] in Receiver.hold:
            Receiver.hold.discard(delivery[1]["data"]["email"])
            Receiver.held.append(delivery)
            Receiver.release.wait(DEADLINE)
            self.send_response(503)
        else:
            with Receiver.lock:
                Receiver.got.append(delivery)
            self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@dataclass
class Cluster:
    """The shared settings and the processes started on them; all stopped at the end."""

    url: str
    engine: Engine
    env: dict[str, str]
    logs: Path
    webs: list[str] = field(default_factory=list)
    procs: list[subprocess.Popen] = field(default_factory=list)

    def spawn(self, args: list[str], log_name: str, **env: str) -> subprocess.Popen:
        with (self.logs / log_name).open("w") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "app", *args],
                cwd=REPO_ROOT,
                env={**os.environ, **self.env, **env},
                stdout=subprocess.DEVNULL,
                stderr=out,
                start_new_session=True,  # its own group: uvicorn's workers are ended too
            )
        self.procs.append(proc)
        return proc

    def log(self, name: str) -> str:
        return (self.logs / name).read_text()

    def start_web(self, name: str, workers: int = 1) -> str:
        port = free_port()
        args = ["serve", "--port", str(port), "--workers", str(workers)]
        proc = self.spawn(args, f"{name}.log")
        base = f"http://127.0.0.1:{port}"

        def answers() -> bool:
            assert proc.poll() is None, self.log(f"{name}.log")
            try:
                return httpx.get(base + "/healthz", timeout=5).status_code == 200
            except httpx.HTTPError:
                return False

        wait_for(answers, f"{name} to answer", START_TIMEOUT)
        return base

    def start_worker(self, name: str, *args: str, **env: str) -> subprocess.Popen:
        return self.spawn(["worker", *args], name, **env)

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app", *args],
            cwd=REPO_ROOT,
            env={**os.environ, **self.env},
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT,
        )

    def scalar(self, sql: str, **params: object) -> object:
        with self.engine.connect() as conn:
            return conn.execute(text(sql), params).scalar()

    def stop_workers(self) -> None:
        for proc in self.procs:
            if proc.poll() is None and "worker" in proc.args:
                proc.kill()
                proc.wait(timeout=30)


def end_group(proc: subprocess.Popen) -> None:
    """SIGTERM the process and what it started (uvicorn's workers), SIGKILL stragglers."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            continue
        time.sleep(0.5)  # children may outlive the parent by a moment


def holder_name(proc: subprocess.Popen) -> str:
    return f"{socket.gethostname()}:{proc.pid}"


def redis_flush() -> bool:
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        client.flushdb()
        client.close()
        return True
    except Exception:
        return False


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    if not redis_flush():
        pytest.skip(f"Redis not reachable at {REDIS_URL}: rate limits can't be shared")
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"scale_out_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL not reachable at 127.0.0.1:5432 as postgres: {exc.orig}")
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Receiver.got, Receiver.held, Receiver.hold = [], [], set()
    Receiver.release.clear()
    engine = make_engine(url)
    env = {
        "DATABASE_URL": url,
        "DISPERSION_ENV": "test",
        "DISPERSION_SECRET_KEY": SECRET,
        "DISPERSION_RATE_LIMIT_STORAGE": REDIS_URL,
        "DISPERSION_DEMO_MIN_FILL_SECONDS": "0",
        "DISPERSION_DEMO_RATE_LIMIT_IP": "100000/minute",
        "DISPERSION_DEMO_RATE_LIMIT_EMAIL": "5/hour",
        "DISPERSION_LEAD_WEBHOOK_URL": f"http://127.0.0.1:{server.server_port}/leads",
        "DISPERSION_WEBHOOK_SECRET": "scale-out-webhook-secret",
        "DISPERSION_PRICE_SOURCE": "demo",
        "DISPERSION_TICKERS": TICKERS,
        "DISPERSION_HISTORY_YEARS": "1",
        "DISPERSION_WORKER_POLL_SECONDS": "0.3",
        "DISPERSION_SCHEDULER_LEASE_SECONDS": "10",
        "DISPERSION_OUTBOX_BACKOFF_SECONDS": "1",
        # A dead worker's claim lapses in seconds, not the default two minutes; the claim
        # stays longer than a delivery may take (the time-outs), as the settings require.
        "DISPERSION_OUTBOX_CLAIM_SECONDS": str(CLAIM_SECONDS),
        "DISPERSION_WEBHOOK_TIMEOUT_SECONDS": "5",
        "DISPERSION_SMTP_TIMEOUT_SECONDS": "5",
        "PYTHONUNBUFFERED": "1",
    }
    cluster = Cluster(url, engine, env, tmp_path_factory.mktemp("scale_out"))
    try:
        migrate.upgrade(url)
        with session_scope(engine) as session:
            create_user(session, "boss", "admin", PASSWORD)
        # Web A runs two uvicorn workers itself: three serving processes in all.
        cluster.webs = [cluster.start_web("web_a", workers=2), cluster.start_web("web_b")]
        yield cluster
    finally:
        for proc in cluster.procs:
            end_group(proc)
        Receiver.release.set()
        server.shutdown()
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()
        redis_flush()


# --- a client that behaves like a real one on a busy machine -------------------------


@dataclass
class Client:
    """One browser: its own cookies; transport failures are retried with a backoff."""

    base: str
    http: httpx.Client = field(init=False)
    retried_posts: int = 0  # posts whose answer was lost, so they may have counted

    def __post_init__(self) -> None:
        self.http = httpx.Client(base_url=self.base, timeout=TIMEOUT, follow_redirects=False)

    def request(self, method: str, path: str, **kwargs: object) -> httpx.Response:
        for attempt in range(ATTEMPTS):
            try:
                return self.http.request(method, path, **kwargs)  # type: ignore[arg-type]
            except httpx.TransportError:
                self.retried_posts += method == "POST"
                if attempt == ATTEMPTS - 1:
                    raise
                time.sleep(0.5 * 2**attempt)
        raise AssertionError("unreachable")

    def hidden_fields(self, path: str) -> dict[str, str]:
        page = BeautifulSoup(self.request("GET", path).text, "html.parser")
        inputs = page.select("form[method=post] input[type=hidden]")
        return {str(i["name"]): str(i.get("value", "")) for i in inputs}

    def post_demo(self, email: str) -> int:
        fields = {
            "full_name": "Dana Whitfield",
            "email": email,
            "company": "Northbridge Capital",
            "role": "Portfolio Manager",
            "aum": "> $10B",
            "interests": ["research"],
            "message": "Scale-out test.",
            "consent": "yes",
            "website": "",
        }
        data = {**self.hidden_fields("/demo"), **fields}
        return self.request("POST", "/demo", data=data).status_code

    def close(self) -> None:
        self.http.close()


def submit_leads(cluster: Cluster, emails: list[str]) -> None:
    """Each lead through the next web process in turn, as a load balancer would."""
    for i, email in enumerate(emails):
        client = Client(cluster.webs[i % 2])
        try:
            assert client.post_demo(email) == 200
        finally:
            client.close()


# --- the properties ------------------------------------------------------------------


def test_the_per_email_rate_limit_holds_across_web_processes(cluster: Cluster) -> None:
    email = f"limit-{uuid.uuid4().hex[:8]}@fund.com"
    statuses, retried = [], 0
    for i in range(7):  # alternating A, B, A, …: no process sees more than four
        client = Client(cluster.webs[i % 2])
        try:
            statuses.append(client.post_demo(email))
            retried += client.retried_posts
        finally:
            client.close()
    assert statuses[5:] == [429, 429], statuses
    assert statuses[:5].count(200) >= 5 - retried and set(statuses[:5]) <= {200, 429}


def test_a_session_from_one_web_process_works_on_the_other_and_logout_ends_it_on_both(
    cluster: Cluster,
) -> None:
    web_a, web_b = Client(cluster.webs[0]), Client(cluster.webs[1])
    try:
        tokens = web_a.hidden_fields("/login")
        signed_in = web_a.request(
            "POST", "/login", data={**tokens, "username": "boss", "password": PASSWORD}
        )
        assert signed_in.status_code == 303, signed_in.text
        cookie = web_a.http.cookies["dispersion_session"]
        assert web_a.request("GET", "/admin/leads").status_code == 200
        web_b.http.cookies.set("dispersion_session", cookie)  # the balancer picked B
        assert web_b.request("GET", "/admin/leads").status_code == 200

        logout = web_b.request("POST", "/logout", data=web_b.hidden_fields("/login"))
        assert logout.status_code == 303
        # A still holds the old cookie: the session ended server-side, so it's refused.
        assert web_a.http.cookies["dispersion_session"] == cookie
        again = web_a.request("GET", "/admin/leads")
        assert again.status_code == 303 and again.headers["location"].startswith("/login")
    finally:
        web_a.close()
        web_b.close()


def test_killing_the_worker_mid_refresh_loses_nothing(cluster: Cluster) -> None:
    # Enough symbols that the refresh is still running when the kill arrives.
    wide = ",".join([*TICKERS.split(","), *(f"K{i:03d}" for i in range(300))])
    queued = [f"before-{i}-{uuid.uuid4().hex[:6]}@fund.com" for i in range(3)]
    submit_leads(cluster, queued)
    worker = cluster.start_worker("killed.log", DISPERSION_TICKERS=wide)
    wait_for(lambda: "scheduled refresh started" in cluster.log("killed.log"), "the refresh")
    # Leads that arrive while the only worker is busy refreshing stay pending.
    during = [f"during-{i}-{uuid.uuid4().hex[:6]}@fund.com" for i in range(3)]
    submit_leads(cluster, during)
    # Kill it once the refresh is writing (its run row exists), before it finishes.
    running = "SELECT count(*) FROM refresh_runs WHERE status = 'running'"
    wait_for(lambda: cluster.scalar(running) == 1, "the refresh to write")
    worker.send_signal(signal.SIGKILL)
    assert worker.wait(timeout=30) == -signal.SIGKILL
    assert "scheduled refresh finished" not in cluster.log("killed.log")
    # The refresh is one transaction: nothing of it is visible, half-written or not.
    assert cluster.scalar("SELECT count(*) FROM bars") == 0
    assert cluster.scalar("SELECT count(*) FROM snapshots") == 0
    assert cluster.scalar("SELECT count(*) FROM outbox WHERE status = 'pending'") >= len(during)

    cluster.start_worker("restarted.log", DISPERSION_TICKERS=wide)

    def refreshed() -> bool:
        return cluster.scalar("SELECT count(*) FROM refresh_runs WHERE status = 'ok'") == 1

    wait_for(refreshed, "the refresh after the restart", 2 * DEADLINE)
    assert cluster.scalar("SELECT count(DISTINCT symbol) FROM bars") == len(wide.split(","))
    assert cluster.scalar("SELECT count(*) FROM snapshots") == len(wide.split(","))
    wait_for(
        lambda: cluster.scalar("SELECT count(*) FROM outbox WHERE status <> 'delivered'") == 0,
        "the pending notifications",
    )
    emails = Counter(body["data"]["email"] for _, body in Receiver.got)
    assert all(emails[e] == 1 for e in queued + during), emails
    cluster.stop_workers()


def test_two_workers_hold_one_scheduler_lease(cluster: Cluster) -> None:
    first = cluster.start_worker("lease_1.log")
    wait_for(lambda: "scheduler lease taken" in cluster.log("lease_1.log"), "the first holder")
    second = cluster.start_worker("lease_2.log")
    wait_for(lambda: "held by another worker" in cluster.log("lease_2.log"), "the standby")
    for _ in range(10):  # the lease stays put while its holder lives
        for base in cluster.webs:
            health = httpx.get(base + "/healthz", timeout=TIMEOUT).json()
            assert health["scheduler"]["holder"] == holder_name(first)
        assert cluster.scalar("SELECT holder FROM scheduler_lease") == holder_name(first)
        time.sleep(0.3)
    assert "scheduler lease taken" not in cluster.log("lease_2.log")
    assert second.poll() is None


def test_two_delivering_workers_send_each_lead_notification_once(cluster: Cluster) -> None:
    # Two workers from the lease test still run; add one that only delivers.
    cluster.start_worker("deliver_only.log", "--no-schedule")
    emails = [f"lead-{i}-{uuid.uuid4().hex[:6]}@fund.com" for i in range(10)]
    submit_leads(cluster, emails)
    wait_for(
        lambda: cluster.scalar("SELECT count(*) FROM outbox WHERE status <> 'delivered'") == 0,
        "every notification",
    )
    time.sleep(2)  # a duplicate would arrive within a poll or two
    with cluster.engine.connect() as conn:
        ids = {str(i) for (i,) in conn.execute(text("SELECT id FROM outbox"))}
    deliveries = Counter(delivery for delivery, _ in Receiver.got)
    assert set(deliveries) == ids and set(deliveries.values()) == {1}, deliveries
    by_email = Counter(body["data"]["email"] for _, body in Receiver.got)
    assert all(by_email[e] == 1 for e in emails)


def test_killing_the_worker_mid_delivery_loses_nothing(cluster: Cluster) -> None:
    cluster.stop_workers()
    email = f"in-flight-{uuid.uuid4().hex[:6]}@fund.com"
    Receiver.hold.add(email)
    submit_leads(cluster, [email])
    worker = cluster.start_worker("mid_delivery.log", "--no-schedule")
    wait_for(lambda: Receiver.held, "the delivery to reach the receiver")
    worker.send_signal(signal.SIGKILL)
    assert worker.wait(timeout=30) == -signal.SIGKILL
    Receiver.release.set()
    [(delivery, _)] = Receiver.held
    state = "SELECT status || ':' || attempts FROM outbox WHERE id = :id"
    assert cluster.scalar(state, id=int(delivery)) == "pending:0"  # claimed, not lost

    # A fresh worker takes the row over once the dead worker's claim lapses.
    cluster.start_worker("after_delivery_kill.log", "--no-schedule")
    wait_for(
        lambda: cluster.scalar(state, id=int(delivery)) == "delivered:1",
        "the redelivery",
        CLAIM_SECONDS + DEADLINE,
    )
    assert [d for d, body in Receiver.got if body["data"]["email"] == email] == [delivery]
    cluster.stop_workers()


def test_two_concurrent_evaluators_write_one_event_per_rule_and_date(cluster: Cluster) -> None:
    assert cluster.scalar("SELECT count(*) FROM snapshots") > 0  # prices from the worker
    rules = []
    for symbol in TICKERS.split(","):
        # No direction: fires when the 63-session move is at least 0.01% either way.
        added = cluster.cli(
            "alerts", "add", "--kind", "price_move", "--symbol", symbol, "--threshold", "0.01%"
        )
        assert added.returncode == 0, added.stderr
        rules.append(int(added.stdout.strip()))
    evaluators = [
        subprocess.Popen(
            [sys.executable, "-m", "app", "alerts", "evaluate", "--json"],
            cwd=REPO_ROOT,
            env={**os.environ, **cluster.env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        for _ in range(2)
    ]
    cluster.procs.extend(evaluators)
    outputs = [p.communicate(timeout=START_TIMEOUT) for p in evaluators]
    assert [p.returncode for p in evaluators] == [0, 0], [err for _, err in outputs]
    reported = [(e["rule"], e["date"]) for out, _ in outputs for e in json.loads(out)]
    with cluster.engine.connect() as conn:
        stored = conn.execute(
            text("SELECT rule_id, date FROM alert_events WHERE rule_id = ANY(:ids)"),
            {"ids": rules},
        ).all()
    assert stored, "no rule fired: the test would prove nothing"
    assert max(Counter(stored).values()) == 1
    # Each event was reported by exactly one of the two evaluators.
    assert sorted(reported) == sorted((r, str(d)) for r, d in stored)
