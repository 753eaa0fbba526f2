"""`python -m app serve --workers 2`: /metrics adds up both workers (prometheus-client
multiprocess mode) and every access line is one JSON object carrying the request id."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import REPO_ROOT
from tests.support import free_port

TIMEOUT = httpx.Timeout(60.0, connect=20.0)
ROUTE = "/readyz"


def get(url: str, **kwargs: object) -> httpx.Response:
    """A fresh connection per request (so the kernel spreads them over the workers),
    retried on transport errors like a real client."""
    for attempt in range(5):
        try:
            return httpx.get(url, timeout=TIMEOUT, **kwargs)  # type: ignore[arg-type]
        except httpx.TransportError:
            time.sleep(0.2 * 2**attempt)
    raise AssertionError(f"{url} kept failing in transport")


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    url = database_url
    metrics_dir = tmp_path / "prom"
    metrics_dir.mkdir()
    (metrics_dir / "counter_999999.db").write_bytes(b"stale")  # a dead process's file
    log = tmp_path / "serve.log"
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DISPERSION_ENV": "test",
        "DISPERSION_LOG_FORMAT": "json",
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
    }
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "app", "serve", "--workers", "2", "--port", str(port)],
            cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, log.read_text()
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "server did not start:\n" + log.read_text()
            time.sleep(0.3)
        yield base, metrics_dir, log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def route_count(text: str) -> float:
    total = 0.0
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if (
                sample.name == "dispersion_http_request_duration_seconds_count"
                and sample.labels["route"] == ROUTE
            ):
                total += sample.value
    return total


def pids(metrics_dir: Path) -> set[str]:
    return {
        m.group(1)
        for p in metrics_dir.glob("histogram_*.db")
        if (m := re.search(r"_(\d+)\.db$", p.name))
    }


def test_metrics_add_up_across_two_workers_and_logs_are_json(
    server: tuple[str, Path, Path],
) -> None:
    base, metrics_dir, log = server
    assert not (metrics_dir / "counter_999999.db").exists()  # cleaned at start
    sent = 0
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(10):  # until both workers have answered some (nearly always at once)
            ids = [f"ops-{sent + i}" for i in range(16)]
            results = list(
                pool.map(lambda rid: get(base + ROUTE, headers={"X-Request-ID": rid}), ids)
            )
            assert all(r.status_code == 200 for r in results)
            assert [r.headers["x-request-id"] for r in results] == ids
            sent += len(ids)
            if len(pids(metrics_dir)) >= 2:
                break
    assert len(pids(metrics_dir)) >= 2, "one worker answered everything"

    response = get(base + "/metrics")
    assert response.status_code == 200
    assert route_count(response.text) == sent  # both workers' samples, added up

    deadline = time.monotonic() + 10
    while True:  # log lines are flushed per line; give the last ones a moment
        lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
        access = {line["request_id"]: line for line in lines if line.get("path") == ROUTE}
        if len(access) >= sent or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert {f"ops-{i}" for i in range(sent)} <= set(access)
    assert all(entry["status"] == 200 and entry["method"] == "GET" for entry in access.values())
    assert not [raw for raw in log.read_text().splitlines() if raw and not raw.startswith("{")]


def test_serve_sweeps_metrics_dirs_of_dead_servers(tmp_path: Path) -> None:
    from app.cli.market import METRICS_DIR_PREFIX, sweep_metrics_dirs

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    gone = tmp_path / f"{METRICS_DIR_PREFIX}{dead.pid}-abc"
    live = tmp_path / f"{METRICS_DIR_PREFIX}{os.getpid()}-def"
    for path in (gone, live):
        path.mkdir()
        (path / "histogram_1.db").write_bytes(b"x")
    sweep_metrics_dirs(tmp_path)
    assert not gone.exists() and live.exists()
