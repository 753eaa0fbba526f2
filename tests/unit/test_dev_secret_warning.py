"""Serving with the placeholder secret is loud in development, impossible in production."""

from __future__ import annotations

import logging
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pydantic import ValidationError

from app import migrate
from app.config import PLACEHOLDER_SECRET, Settings, warn_if_placeholder_secret
from tests.conftest import REPO_ROOT
from tests.support import free_port


@pytest.mark.parametrize("secret", [PLACEHOLDER_SECRET, ""])
def test_development_with_the_placeholder_secret_logs_a_warning(
    secret: str, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(env="development", secret_key=secret)
    with caplog.at_level(logging.WARNING, logger="app.config"):
        assert warn_if_placeholder_secret(settings)
    [record] = caplog.records
    assert record.levelno == logging.WARNING
    assert "placeholder secret key" in record.getMessage()
    assert "DISPERSION_SECRET_KEY" in record.getMessage()


@pytest.mark.parametrize(
    ("env", "secret"),
    [("development", "a-real-secret-from-the-environment"), ("test", PLACEHOLDER_SECRET)],
)
def test_a_real_secret_or_test_mode_stays_quiet(
    env: str, secret: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="app.config"):
        assert not warn_if_placeholder_secret(Settings(env=env, secret_key=secret))
    assert not caplog.records


def test_production_still_refuses_the_placeholder() -> None:
    with pytest.raises(ValidationError, match="DISPERSION_SECRET_KEY"):
        Settings(env="production", secret_key=PLACEHOLDER_SECRET)


def read_lines(stream, lines: queue.Queue[str]) -> None:  # type: ignore[no-untyped-def]
    for line in iter(stream.readline, ""):
        lines.put(line)


def test_serve_warns_before_it_starts_in_development(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    migrate.upgrade(url)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPERSION_ENV", "DISPERSION_SECRET_KEY")
    }
    env["DATABASE_URL"] = url
    command = [sys.executable, "-m", "app", "serve", "--port", str(free_port())]
    proc = subprocess.Popen(
        command, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=read_lines, args=(proc.stderr, lines), daemon=True).start()
    seen: list[str] = []
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not any("startup complete" in s for s in seen):
            try:
                seen.append(lines.get(timeout=0.5))
            except queue.Empty:
                assert proc.poll() is None, "server exited:\n" + "".join(seen)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
    output = "".join(seen)
    assert "Application startup complete" in output, output
    warnings = [s for s in seen if s.startswith("WARNING:") and "placeholder secret" in s]
    assert warnings, output
    assert "DISPERSION_SECRET_KEY" in warnings[0]
    assert seen.index(warnings[0]) < next(i for i, s in enumerate(seen) if "startup complete" in s)
