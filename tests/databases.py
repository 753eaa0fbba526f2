"""The databases the suite runs on: SQLite always, PostgreSQL when it answers.

PostgreSQL stays fast by migrating one template database per session and cloning it
per test (`CREATE DATABASE ... TEMPLATE ...`, a file copy on the server), dropped
afterwards. DISPERSION_TEST_DATABASES (comma-separated, e.g. `sqlite`) restricts the
backends."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from tests.support import PG_ADMIN_URL

ALL_BACKENDS = ("sqlite", "postgresql")
PG_WHERE = "127.0.0.1:5432"


def selected_backends() -> list[str]:
    """The backends DISPERSION_TEST_DATABASES asks for (default: both)."""
    raw = os.environ.get("DISPERSION_TEST_DATABASES", ",".join(ALL_BACKENDS))
    chosen = [name.strip().lower() for name in raw.split(",") if name.strip()]
    unknown = sorted(set(chosen) - set(ALL_BACKENDS))
    if unknown:
        raise pytest.UsageError(f"DISPERSION_TEST_DATABASES: unknown backend(s) {unknown}")
    return [name for name in ALL_BACKENDS if name in chosen]


@cache
def postgres_unreachable() -> str | None:
    """Why the PostgreSQL variants skip, or None when PostgreSQL answers (asked once)."""
    engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        first_line = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        return f"PostgreSQL not reachable at {PG_WHERE} as postgres ({first_line})"
    finally:
        engine.dispose()
    return None


def skip_unless_postgres() -> None:
    reason = postgres_unreachable()
    if reason:
        pytest.skip(reason)


def pg_url(name: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def unique_name(prefix: str) -> str:
    # The pid keeps concurrent sessions on one server apart.
    return f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"


def _admin(sql: str) -> None:
    engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


def create_pg_database(name: str, template: str | None = None) -> str:
    clause = f' TEMPLATE "{template}"' if template else ""
    _admin(f'CREATE DATABASE "{name}"{clause}')
    return pg_url(name)


def drop_pg_database(url: str) -> None:
    _admin(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


def is_postgres(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


# A shared database's pristine copy: clones start from it because PostgreSQL cannot
# clone a database other sessions are connected to.
_PRISTINE: dict[str, str] = {}


def remember_pristine(url: str, template_name: str) -> None:
    _PRISTINE[url] = template_name


@contextmanager
def cloned_database(url: str, workdir: Path, name: str) -> Iterator[str]:
    """A private, writable copy of a database (a file copy for SQLite, a template clone
    for PostgreSQL), removed afterwards."""
    if not is_postgres(url):
        copy = workdir / f"{name}.db"
        shutil.copy(make_url(url).database or "", copy)
        yield f"sqlite:///{copy}"
        return
    source = _PRISTINE.get(url, make_url(url).database)
    clone = create_pg_database(unique_name(f"dispersion_{name}"), template=source)
    try:
        yield clone
    finally:
        drop_pg_database(clone)
