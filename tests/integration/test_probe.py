"""scripts/probe.py against real servers on 127.0.0.1.

Dispersion itself (with an admin sign-in and the API token, so every route and body
check is reached) answers every hostile input below 500, whole, with the security
headers: the probe exits 0. A server that fails everything makes it exit 1 and name
the failures, so a pass means something.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from app.accounts.service import create_user
from app.config import Settings
from app.db import make_engine, session_scope
from tests.databases import cloned_database
from tests.integration.hostile_support import probe_module
from tests.support import free_port

REPO = Path(__file__).resolve().parents[2]
ADMIN, PASSWORD, TOKEN = "probe-admin", "correct horse battery", "probe-api-token"
pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


def wait_until_up(base: str, proc: subprocess.Popen) -> None:  # type: ignore[type-arg]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(proc.stderr.read().decode() if proc.stderr else "server died")
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


@pytest.fixture
def server(site_db: tuple[str, Settings], tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A real server on a copy of the site database (prices, sample notes, an admin)."""
    with cloned_database(site_db[0], tmp_path, "probe") as url:
        yield from _serve(url, tmp_path)


def _serve(url: str, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        create_user(session, ADMIN, "admin", PASSWORD)
    engine.dispose()
    port = free_port()
    log = tmp_path / "server.log"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DISPERSION_ENV": "test",
        "DISPERSION_SECRET_KEY": "probe-test-secret-key-0123456789",
        "DISPERSION_API_TOKEN": TOKEN,
        "DISPERSION_RATE_LIMIT_STORAGE": "memory://",
    }
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "app", "serve", "--port", str(port)],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base, proc)
            yield base, log
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_dispersion_passes_the_probe(
    server: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    base, log = server
    probe = probe_module()
    args = [base, "--username", ADMIN, "--password", PASSWORD, "--api-token", TOKEN]
    code = probe.main(args)
    out = capsys.readouterr().out
    assert code == 0, out[-5000:]
    assert "answered below 500" in out
    for route in ("GET /research/{ref}", "POST /api/v1/research", "GET /admin/leads.csv"):
        assert route in out  # admin and API writes were reached, not skipped
    assert "Traceback" not in log.read_text(errors="replace")


class _Failing(BaseHTTPRequestHandler):
    """Answers every request 500, without security headers."""

    def _fail(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        self.rfile.read(length)
        self.send_response(500)
        self.send_header("content-length", "0")
        self.end_headers()

    do_GET = do_POST = _fail

    def log_message(self, *_args: object) -> None:
        pass


def test_the_probe_fails_on_server_errors(capsys: pytest.CaptureFixture[str]) -> None:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Failing)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        code = probe_module().main([f"http://127.0.0.1:{httpd.server_address[1]}"])
    finally:
        httpd.shutdown()
        httpd.server_close()
    out = capsys.readouterr().out
    assert code == 1
    assert "requests failed" in out and "/research/%C2%B2  → 500" in out
