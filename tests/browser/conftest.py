"""Browser tests: Debian's Chromium drives a real uvicorn server on a temporary
database with demo prices, the sample notes and one analyst account."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import ConsoleMessage, Page, Request, Response

from app.config import PROJECT_ROOT
from tests.conftest import BACKENDS
from tests.databases import create_pg_database, drop_pg_database, skip_unless_postgres, unique_name
from tests.support import free_port as _free_port

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
ANALYST = ("ana", "correct horse battery staple")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _is_browser(item: pytest.Item) -> bool:
    return "tests/browser" in str(item.fspath)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Browser tests run last: Playwright's sync API keeps an event loop running in the
    # main thread for the rest of the session, which breaks later `asyncio.run` calls.
    items[:] = [i for i in items if not _is_browser(i)] + [i for i in items if _is_browser(i)]
    if CHROMIUM.exists() and (PROJECT_ROOT / "static" / "vendor" / "htmx.min.js").exists():
        return
    reason = (
        f"{CHROMIUM} not found: apt-get install -y chromium chromium-driver"
        if not CHROMIUM.exists()
        else "static/vendor is empty: run `npm ci && node scripts/vendor.mjs`"
    )
    for item in items:
        if _is_browser(item):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": LAUNCH_ARGS}


@pytest.fixture(scope="session", params=BACKENDS)
def live_db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The live server's database: demo prices, the sample notes and the analyst, once
    per backend."""
    from app.accounts.service import create_user
    from app.db import make_engine, session_scope
    from tests.integration.conftest import build_site_db, fill_site_db

    pg_url = None
    if request.param == "postgresql":
        skip_unless_postgres()
        pg_url = url = create_pg_database(unique_name("dispersion_browser"))
        fill_site_db(url)
    else:
        url, _settings = build_site_db(tmp_path_factory.mktemp("browser") / "site.db")
    try:
        engine = make_engine(url)
        with session_scope(engine) as db:
            create_user(db, ANALYST[0], "analyst", ANALYST[1])
        engine.dispose()
        yield url
    finally:
        if pg_url:
            drop_pg_database(pg_url)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory, live_db_url: str) -> Iterator[str]:
    url = live_db_url
    port = _free_port()
    # Demo prices for symbols analysts add from the web: no network needed.
    env = {**os.environ, "DATABASE_URL": url, "DISPERSION_ENV": "test"}
    env["DISPERSION_PRICE_SOURCE"] = "demo"
    log = open(tmp_path_factory.mktemp("server") / "server.log", "w+")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"server did not start:\n{log.read()[-3000:]}")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def base_url(live_server: str) -> str:
    return live_server


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@dataclass
class Problems:
    console: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def all(self) -> list[str]:
        return self.console + self.failed


@pytest.fixture
def problems(page: Page) -> Iterator[Problems]:
    found = Problems()

    def on_console(msg: ConsoleMessage) -> None:
        if msg.type == "error" or "Content Security Policy" in msg.text:
            found.console.append(f"{msg.type}: {msg.text}")

    def on_failed(request: Request) -> None:
        # A navigation cancels requests still in flight (e.g. the favicon): not a failure.
        if request.failure != "net::ERR_ABORTED":
            found.failed.append(f"{request.url}: {request.failure}")

    def on_response(response: Response) -> None:
        if response.status >= 400:
            found.failed.append(f"{response.url}: HTTP {response.status}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: found.console.append(f"pageerror: {exc}"))
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    yield found
