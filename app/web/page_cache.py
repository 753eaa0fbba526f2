"""Rendered pages cached per process, keyed by the data version.

Pages never query or render per request: the first request for a page after the data
changed renders it; every other request is served from memory. The data version
(app.data_version) is read at most once per `check_seconds`, so a refresh or note save
in any process invalidates every process's cache within that interval.

ETags are derived from what the content depends on (data version, route and query,
HX-Request, the expected trading session, today's date and the build of templates and assets), so a
conditional GET is answered with 304 without rendering anything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine

from app import __version__, data_version
from app.config import PROJECT_ROOT
from app.market.calendar import last_completed_session

MAX_ENTRIES = 512
SESSION_CHECK_SECONDS = 60.0
T = TypeVar("T")


def build_id(root: Path = PROJECT_ROOT) -> str:
    """Changes when templates or our own assets change (same value in every worker)."""
    digest = hashlib.sha1(__version__.encode())
    for folder in ("templates", "static/css", "static/js"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                stat = path.stat()
                digest.update(
                    f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}".encode()
                )
    return digest.hexdigest()[:10]


@dataclass(frozen=True)
class CachedPage:
    body: bytes
    media_type: str
    status_code: int = 200
    headers: dict[str, str] = field(default_factory=dict)


class PageCache:
    def __init__(
        self,
        engine: Engine,
        check_seconds: float,
        *,
        max_entries: int = MAX_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        self.engine = engine
        self.check_seconds = check_seconds
        self.max_entries = max_entries
        self.build = build_id()
        self._clock = clock
        self._now = now
        self._lock = threading.Lock()
        self._version = -1
        self._version_checked = float("-inf")
        self._session: dt.date | None = None
        self._session_checked = float("-inf")
        self._pages: OrderedDict[tuple[object, ...], CachedPage] = OrderedDict()
        self._values: dict[tuple[object, ...], object] = {}
        self._etags: dict[tuple[object, ...], str] = {}
        # Called with the new version whenever it changes (e.g. reload the universe).
        self.listeners: list[Callable[[int], None]] = []

    # -- what the content depends on -------------------------------------------------

    def version(self) -> int:
        now = self._clock()
        if self.check_seconds <= 0 or now - self._version_checked >= self.check_seconds:
            current = data_version.read(self.engine)
            with self._lock:
                changed = current != self._version
                if changed:
                    self._pages.clear()
                    self._values.clear()
                    self._etags.clear()
                self._version = current
                self._version_checked = now
            if changed:
                for listener in self.listeners:
                    listener(current)
        return self._version

    def expected_session(self) -> dt.date:
        """The last completed exchange session (decides the stale banner)."""
        now = self._clock()
        if self._session is None or now - self._session_checked >= SESSION_CHECK_SECONDS:
            self._session = last_completed_session(self._now())
            self._session_checked = now
        return self._session

    def today(self) -> dt.date:
        """The UTC date: pages say how old things are ("newest note 12 days ago")."""
        return self._now().date()

    def state(self) -> tuple[int, dt.date, dt.date]:
        """Data version, expected session and today's date: a page is rendered again
        when any of them changes."""
        return self.version(), self.expected_session(), self.today()

    def etag(self, key: tuple[object, ...]) -> str:
        version, session, today = self.state()
        full = (version, session, today, *key)
        tag = self._etags.get(full)
        if tag is None:
            raw = repr((self.build, version, session.isoformat(), today.isoformat(), key))
            tag = f'"{version}-{hashlib.sha1(raw.encode()).hexdigest()[:16]}"'
            with self._lock:
                if len(self._etags) >= self.max_entries * 4:
                    self._etags.clear()  # bounded however many distinct URLs are asked for
                self._etags[full] = tag
        return tag

    def lookup(self, key: tuple[object, ...]) -> tuple[str, CachedPage] | None:
        """The current page for `key` and its ETag, or None when it isn't rendered yet."""
        page = self._pages.get((*self.state(), *key))
        return None if page is None else (self.etag(key), page)

    # -- entries ----------------------------------------------------------------------

    def get(self, key: tuple[object, ...]) -> CachedPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: tuple[object, ...], page: CachedPage) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.max_entries:
                self._pages.popitem(last=False)

    def memo(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        """Any value computed once per data version and session, e.g. the footer facts."""
        full = (*self.state(), *key)
        with self._lock:
            if full in self._values:
                return self._values[full]  # type: ignore[return-value]
        value = compute()
        with self._lock:
            self._values[full] = value
        return value

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._values.clear()
            self._etags.clear()
