"""When the scheduler refreshes prices next (pure: the clock and the last run are passed in).

Refreshes run on an interval while the exchange (XNYS) is in session, once more shortly
after the close so the day's final bar is picked up, and not at all on nights, weekends
and holidays. A scheduler that has never refreshed runs at once, whatever the hour, so a
fresh install gets prices. A failed run is retried after one interval, even when the
exchange is closed, but never later than the regular plan.

All datetimes are naive UTC, like the database columns they come from and go to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.market.calendar import latest_session_hours

IN_SESSION = "in session"
AFTER_CLOSE = "after the close"
NEXT_OPEN = "next session's open"
FIRST_RUN = "first run"
RETRY = "retry after a failure"


@dataclass(frozen=True)
class NextRun:
    """The next refresh time and why it was chosen (shown on the admin page)."""

    at: dt.datetime
    reason: str

    def due(self, now: dt.datetime) -> bool:
        return self.at <= _naive(now)


def _naive(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def next_run(
    now: dt.datetime,
    last_run: dt.datetime | None,
    *,
    interval: dt.timedelta,
    after_close: dt.timedelta,
    last_ok: bool = True,
) -> NextRun:
    """The next refresh at or after the last one (`at <= now` means due now).

    `last_run` is when the latest refresh started (None: never); `last_ok` says whether
    it succeeded.
    """
    now = _naive(now)
    if last_run is None:
        return NextRun(now, FIRST_RUN)
    last_run = _naive(last_run)
    opened, closed, next_open = latest_session_hours(now)
    final = closed + after_close
    if now < closed and last_run < opened:
        plan = NextRun(opened, IN_SESSION)  # the first refresh of the session
    elif now < closed and last_run + interval < closed:
        plan = NextRun(last_run + interval, IN_SESSION)
    elif last_run < final:
        plan = NextRun(final, AFTER_CLOSE)
    else:
        plan = NextRun(next_open, NEXT_OPEN)
    retry = last_run + interval
    if not last_ok and retry < plan.at:
        return NextRun(retry, RETRY)
    return plan
