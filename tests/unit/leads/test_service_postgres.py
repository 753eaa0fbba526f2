"""The one-lead-per-email rule on PostgreSQL, where writers really run in parallel."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, select

from app.config import Settings
from app.db import make_engine, session_scope
from app.leads.models import Lead
from app.leads.service import submit
from tests.support import throwaway_postgres
from tests.unit.leads.test_service import request


@pytest.fixture
def pg_engine() -> Iterator[Engine]:
    with throwaway_postgres("dispersion_leads") as url:
        engine = make_engine(url)
        try:
            yield engine
        finally:
            engine.dispose()


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
