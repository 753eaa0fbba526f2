"""A real server with two worker processes under 200 concurrent demo requests.

50 distinct emails, 4 posts each, all at once: exactly 50 leads, every post answered
(no 5xx), every submission counted. With Redis reachable the rate limits live there,
shared by both processes; a second test proves that they really are shared.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from bs4 import BeautifulSoup
from sqlalchemy import create_engine, func, select

from app import migrate
from app.leads.models import Lead

REPO = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/0"
pytestmark = [pytest.mark.slow, pytest.mark.timeout(180)]


def redis_reachable() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except Exception:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db_url: str, storage: str, **env: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": db_url,
        "DISPERSION_ENV": "test",
        "DISPERSION_SECRET_KEY": "concurrency-test-secret-key",
        "DISPERSION_DEMO_MIN_FILL_SECONDS": "0",
        "DISPERSION_RATE_LIMIT_STORAGE": storage,
        **env,
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--workers", "2", "--port", str(port)],
        cwd=REPO, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(proc.stderr.read().decode() if proc.stderr else "server died")
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("server did not start")


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'concurrency.db'}"
    migrate.upgrade(url)
    return url


@pytest.fixture
def server_factory() -> Iterator:  # type: ignore[type-arg]
    procs: list[subprocess.Popen] = []

    def start(db_url: str, storage: str, **env: str) -> str:
        proc, base = start_server(db_url, storage, **env)
        procs.append(proc)
        return base

    yield start
    for proc in procs:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


async def one_request(base: str, email: str, index: int) -> int:
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        page = BeautifulSoup((await client.get("/demo")).text, "html.parser")
        hidden = {
            str(i["name"]): str(i.get("value", ""))
            for i in page.select("form#demo-form input[type=hidden]")
        }
        data = {
            **hidden,
            "full_name": f"Prospect {index}",
            "email": email,
            "company": f"Firm {email.split('@')[1]}",
            "role": "Analyst",
            "aum": "> $10B",
            "interests": ["research"],
            "message": f"post {index}",
            "consent": "yes",
            "website": "",
        }
        return (await client.post("/demo", data=data)).status_code


async def burst(base: str, emails: list[str]) -> list[int]:
    return await asyncio.gather(*(one_request(base, e, i) for i, e in enumerate(emails)))


def test_200_concurrent_posts_from_50_emails_make_50_leads(db_url: str, server_factory) -> None:  # type: ignore[no-untyped-def]
    storage = REDIS_URL if redis_reachable() else "memory://"
    base = server_factory(
        db_url, storage,
        DISPERSION_DEMO_RATE_LIMIT_IP="100000/minute",
        DISPERSION_DEMO_RATE_LIMIT_EMAIL="1000/minute",
    )  # fmt: skip
    run = uuid.uuid4().hex[:8]
    emails = [f"pm{i}@fund-{run}-{i}.com" for i in range(50)] * 4
    started = time.perf_counter()
    statuses = asyncio.run(burst(base, emails))
    elapsed = time.perf_counter() - started
    counts = Counter(statuses)
    engine = create_engine(db_url)
    with engine.connect() as conn:
        leads = conn.scalar(select(func.count(Lead.id)))
        submissions = conn.scalar(select(func.sum(Lead.submissions)))
        distinct = conn.scalar(select(func.count(func.distinct(Lead.email_normalized))))
    engine.dispose()
    print(
        f"\nconcurrency: {len(statuses)} posts in {elapsed:.2f}s, statuses {dict(counts)}, "
        f"leads {leads}, submissions {submissions}, storage {storage}"
    )
    assert not [s for s in statuses if s >= 500]
    assert counts == {200: 200}
    assert leads == 50 and distinct == 50 and submissions == 200


def test_rate_limits_are_shared_by_the_worker_processes(db_url: str, server_factory) -> None:  # type: ignore[no-untyped-def]
    if not redis_reachable():
        pytest.skip(f"Redis not reachable at {REDIS_URL}: limits can't be shared across processes")
    base = server_factory(
        db_url, REDIS_URL,
        DISPERSION_DEMO_RATE_LIMIT_IP="100000/minute",
        DISPERSION_DEMO_RATE_LIMIT_EMAIL="3/minute",
    )  # fmt: skip
    email = f"limit-{uuid.uuid4().hex[:10]}@fund.com"
    statuses = asyncio.run(burst(base, [email] * 12))
    # Twelve posts spread over two processes: exactly three get through in total.
    assert Counter(statuses) == {200: 3, 429: 9}
