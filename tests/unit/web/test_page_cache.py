import datetime as dt

import pytest
from sqlalchemy import Engine

from app import data_version
from app.web.page_cache import CachedPage, PageCache

NOW = dt.datetime(2026, 11, 24, 15, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def clock() -> Clock:
    return Clock()


def make(engine: Engine, clock: Clock, seconds: float = 0.5, **kw: object) -> PageCache:
    return PageCache(engine, seconds, clock=clock, now=lambda: NOW, **kw)  # type: ignore[arg-type]


def bump(engine: Engine) -> None:
    with engine.begin() as conn:
        data_version.bump(conn)


def test_version_is_read_at_most_once_per_interval(engine: Engine, clock: Clock) -> None:
    cache = make(engine, clock)
    first = cache.version()
    bump(engine)
    assert cache.version() == first  # not checked again yet
    clock.t = 0.6
    assert cache.version() == first + 1


def test_zero_interval_checks_every_time(engine: Engine, clock: Clock) -> None:
    cache = make(engine, clock, seconds=0)
    first = cache.version()
    bump(engine)
    assert cache.version() == first + 1


def test_lookup_and_etags_follow_the_data_version(engine: Engine, clock: Clock) -> None:
    cache = make(engine, clock, seconds=0)
    key = ("/", b"", False)
    assert cache.lookup(key) is None
    version, session, today = cache.state()
    assert session == dt.date(2026, 11, 23)  # Tuesday before the close: Monday's session
    assert today == NOW.date()
    cache.put((version, session, today, *key), CachedPage(b"x", "text/html"))
    etag, page = cache.lookup(key)  # type: ignore[misc]
    assert page.body == b"x" and etag == cache.etag(key)
    assert etag != cache.etag(("/", b"", True))  # htmx fragments differ
    assert etag != cache.etag(("/", b"period=3Y", False))
    bump(engine)
    assert cache.lookup(key) is None
    assert cache.etag(key) != etag


def test_entries_are_bounded(engine: Engine, clock: Clock) -> None:
    cache = make(engine, clock, max_entries=3)
    state = cache.state()
    for i in range(5):
        cache.put((*state, f"/{i}"), CachedPage(b"", "text/html"))
    assert cache.get((*state, "/0")) is None
    assert cache.get((*state, "/4")) is not None


def test_memo_computes_once_per_version(engine: Engine, clock: Clock) -> None:
    cache = make(engine, clock, seconds=0)
    calls = []
    assert cache.memo(("a",), lambda: calls.append(1) or 1) == 1
    assert cache.memo(("a",), lambda: calls.append(1) or 2) == 1
    bump(engine)
    assert cache.memo(("a",), lambda: calls.append(1) or 3) == 3
    assert len(calls) == 2


def test_a_new_day_renders_pages_again(engine: Engine, clock: Clock) -> None:
    """Pages say how old the newest note is, so yesterday's page is not today's."""
    now = [NOW]
    cache = PageCache(engine, 0, clock=clock, now=lambda: now[0])  # type: ignore[arg-type]
    key = ("/", b"", False)
    cache.put((*cache.state(), *key), CachedPage(b"x", "text/html"))
    etag = cache.etag(key)
    now[0] = NOW + dt.timedelta(hours=2)
    assert cache.lookup(key) == (etag, CachedPage(b"x", "text/html"))
    now[0] = NOW + dt.timedelta(hours=10)  # past midnight UTC
    assert cache.lookup(key) is None and cache.etag(key) != etag
