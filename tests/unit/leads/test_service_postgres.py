"""The one-lead-per-email rule on PostgreSQL, where writers really run in parallel."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, func, select, text

from app import migrate
from app.config import Settings
from app.db import make_engine, session_scope
from app.leads.models import Lead
from app.leads.service import submit
from tests.unit.leads.test_service import request

ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture
def pg_engine() -> Iterator[Engine]:
    try:
        admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
        admin.connect().close()
    except Exception as exc:
        pytest.skip(f"PostgreSQL not reachable at {ADMIN_URL}: {exc.__class__.__name__}")
    name = f"dispersion_leads_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_concurrent_submissions_make_one_lead_per_email(pg_engine: Engine) -> None:
    settings = Settings(database_url=str(pg_engine.url), env="test")
    barrier = threading.Barrier(12)
    errors: list[BaseException] = []

    def post(i: int) -> None:
        barrier.wait()
        try:
            submit(pg_engine, request(f"pm{i % 3}@fund.com", message=str(i)), settings)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=post, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with session_scope(pg_engine) as session:
        assert session.scalar(select(func.count(Lead.id))) == 3
        assert session.scalar(select(func.sum(Lead.submissions))) == 12
