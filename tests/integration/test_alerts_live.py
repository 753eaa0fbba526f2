"""Alerts on the web: the analyst rule form answers inline, public visitors see the feed,
and a real server streams a new event to an SSE client within 2 s."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine

from app.alerts import service
from app.config import Settings
from app.market.service import run_refresh
from app.web.app import create_app
from tests.integration.leads_support import add_user, client_for, form_tokens, login, soup
from tests.support import free_port

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 7, 10)


def _prices(engine: Engine) -> Settings:
    settings = Settings(env="test")
    run_refresh(engine, settings, source_name="demo", symbols=settings.tickers, today=TODAY)
    return settings


@pytest.fixture
def web(engine: Engine, database_url: str):  # type: ignore[no-untyped-def]
    settings = _prices(engine)
    app = create_app(Settings(database_url=database_url, env="test"), engine)
    add_user(app, "ana", "analyst")
    return app, settings


def test_public_visitors_see_the_feed_but_no_form(web) -> None:  # type: ignore[no-untyped-def]
    app, _ = web
    client = client_for(app)
    page = soup(client.get("/alerts").text)
    assert page.select_one("#alert-feed") is not None
    assert page.select_one("form[action='/alerts/rules']") is None
    refused = client.post(
        "/alerts/rules", data={"kind": "price_move", "symbol": "SPY", "threshold": "5%"}
    )
    assert refused.status_code in (303, 403)
    assert client.get("/api/v1/alerts/rules").json() == []  # nothing was saved


def test_the_rule_form_answers_inline_and_saves_a_good_rule(web) -> None:  # type: ignore[no-untyped-def]
    app, _ = web
    client = client_for(app)
    assert login(client, "ana").status_code == 303
    tokens = form_tokens(client, "/alerts")
    bad = {
        "kind": "relative_move", "symbol": "SPY+NOPE", "against": "VTWO", "window": "0",
        "threshold": "lots", "webhook": "javascript:alert(1)",
    }  # fmt: skip
    response = client.post("/alerts/rules", data={**tokens, **bad}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    form = soup(response.text)
    assert form.select_one("section#rule-form") is not None  # the fragment, not a page
    assert form.select_one("html") is None
    for name in ("symbol", "window", "threshold", "webhook"):
        field = form.select_one(f"#r-{name}")
        assert field is not None and field.get("aria-invalid") == "true", name
        assert form.select_one(f"#r-{name}-error").get_text(strip=True)
    assert form.select_one("#r-symbol")["value"] == "SPY+NOPE"  # input kept
    assert service.list_rules(app.state.engine) == []
    good = {**bad, "symbol": "SPY+QQQ", "window": "63", "threshold": "10%", "webhook": ""}
    saved = client.post("/alerts/rules", data={**tokens, **good}, headers={"HX-Request": "true"})
    assert saved.status_code == 204 and saved.headers["HX-Redirect"] == "/alerts"
    [rule] = service.list_rules(app.state.engine)
    assert rule["description"] == "SPY+QQQ vs VTWO: relative move over 63 sessions beyond ±10.0 %"
    page = client.get("/alerts").text
    assert rule["description"] in page
    # Delete needs the CSRF token, then removes the rule.
    assert client.post(f"/alerts/rules/{rule['id']}/delete", data={}).status_code == 403
    tokens = form_tokens(client, "/alerts")
    deleted = client.post(f"/alerts/rules/{rule['id']}/delete", data=tokens)
    assert deleted.status_code == 303 and service.list_rules(app.state.engine) == []


def test_twins_and_hostile_parameters(web) -> None:  # type: ignore[no-untyped-def]
    app, settings = web
    service.add_rule(
        app.state.engine, {"kind": "drawdown", "symbol": "NVDA", "threshold": "1%"}, "t"
    )
    assert service.evaluate(app.state.engine, settings)
    client = client_for(app)
    body = client.get("/api/v1/alerts").json()
    assert body["total"] == 1 and body["events"][0]["message"].startswith("NVDA is ")
    assert client.get("/api/v1/alerts/rules").json()[0]["kind"] == "drawdown"
    assert client.get("/alerts.csv").text.splitlines()[0] == "id,rule,date,value,threshold,message"
    hostile = (
        "/alerts?page=0",
        "/alerts?page=x",
        "/api/v1/alerts?per_page=10000",
        "/api/v1/alerts?rule=-1",
        "/alerts.csv?rule=%00",
        "/alerts/stream?after=-5",
    )
    for path in hostile:
        response = client.get(path)
        assert 400 <= response.status_code < 500, path
    assert client.post("/alerts/rules/abc/delete").status_code == 303  # sign in first
    # The unread count: this browser has seen nothing yet, then everything.
    dashboard = soup(client.get("/").text)
    assert "NVDA is " in dashboard.select_one("#dashboard-alerts").get_text()


# -- a real server -------------------------------------------------------------------------


def _serve(db_url: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": db_url, "DISPERSION_ENV": "test",
           "DISPERSION_SECRET_KEY": "sse-test-secret-key"}  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--port", str(port)],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(proc.stderr.read().decode() if proc.stderr else "server died")
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("server did not start")


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_a_real_server_streams_a_new_event_within_two_seconds(
    engine: Engine, database_url: str, capsys: pytest.CaptureFixture
) -> None:
    settings = _prices(engine)
    service.add_rule(engine, {"kind": "drawdown", "symbol": "NVDA", "threshold": "1%"}, "t")
    proc, base = _serve(database_url)
    try:
        received: dict[str, float | str] = {}
        ready = threading.Event()

        def listen() -> None:
            for attempt in range(5):  # a real client: retry a connection that fails
                try:
                    with httpx.stream(
                        "GET", f"{base}/alerts/stream?after=0&badge=0",
                        timeout=httpx.Timeout(30.0, connect=10.0),
                    ) as response:  # fmt: skip
                        assert response.headers["content-type"].startswith("text/event-stream")
                        ready.set()
                        event = None
                        for line in response.iter_lines():
                            if line.startswith("event: "):
                                event = line.removeprefix("event: ")
                            elif line.startswith("data: ") and event == "alert":
                                received["at"] = time.monotonic()
                                received["data"] = line
                                return
                    return
                except httpx.TransportError:
                    time.sleep(0.5 * (attempt + 1))

        thread = threading.Thread(target=listen, daemon=True)
        thread.start()
        assert ready.wait(20), "the stream did not open"
        started = time.monotonic()
        [event] = service.evaluate(engine, settings)
        thread.join(10)
        assert "at" in received, "no event arrived"
        latency = float(received["at"]) - started
        with capsys.disabled():
            print(f"\nSSE latency: {latency * 1000:.0f} ms")
        assert latency < 2.0
        assert f"alert-event-{event['id']}" in str(received["data"])
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)  # open streams close on shutdown
        except subprocess.TimeoutExpired:
            proc.kill()
            pytest.fail("the server did not stop within 15 s (open streams kept it alive)")
