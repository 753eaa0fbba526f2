"""Live alert delivery: one poller per web process, fanned out to its SSE clients.

Every process asks the database one cheap question every ``interval`` seconds (the
largest alert event id) in a single background task, whatever the number of open
streams; each stream only waits on an in-memory signal and reads the new events when
the id moves. Evaluators in any process (the worker, the CLI, another web process)
are seen this way without a message bus. The poller starts with the first stream and
stops when the app shuts down; sse-starlette ends open streams on server shutdown.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from sqlalchemy import Engine

from app.alerts.feed import latest_event_id

log = logging.getLogger(__name__)

POLL_SECONDS = 0.5


class AlertBroadcaster:
    def __init__(self, engine: Engine, interval: float = POLL_SECONDS) -> None:
        self.engine = engine
        self.interval = interval
        self.latest = 0
        self._tick = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closed = False

    async def ensure_started(self) -> None:
        if self._task is None and not self._closed:
            self.latest = await asyncio.to_thread(latest_event_id, self.engine)
            if self._task is None:
                self._task = asyncio.create_task(self._run(), name="alert-poller")

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                latest = await asyncio.to_thread(latest_event_id, self.engine)
            except Exception as exc:  # the database may be briefly away: keep polling
                log.warning("alert poller: %s", exc)
                continue
            if latest != self.latest:
                self.latest = latest
                self._wake()

    def _wake(self) -> None:
        tick, self._tick = self._tick, asyncio.Event()
        tick.set()

    async def wait_beyond(self, seen: int, timeout: float) -> int:
        """The latest event id once it is beyond ``seen`` (or after ``timeout``)."""
        tick = self._tick
        if self.latest > seen or self._closed:
            return self.latest
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(tick.wait(), timeout)
        return self.latest

    @property
    def closed(self) -> bool:
        return self._closed

    async def stop(self) -> None:
        self._closed = True
        self._wake()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
