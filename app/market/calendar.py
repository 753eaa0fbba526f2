"""Which daily bar the exchange calendar says we should have by now (pure: the clock
is always passed in).

A session counts as completed once its close, plus a grace period for the data
provider to publish the bar, has passed. Weekends, holidays and early closes come
from exchange-calendars (XNYS), not from a hand-written list.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import exchange_calendars as xcals
import pandas as pd

EXCHANGE = "XNYS"
# Daily bars usually appear within an hour or two of the close.
DEFAULT_GRACE = dt.timedelta(hours=2)
_FIRST_YEAR = 2000


@lru_cache(maxsize=4)
def _calendar(last_year: int) -> xcals.ExchangeCalendar:
    return xcals.get_calendar(EXCHANGE, start=f"{_FIRST_YEAR}-01-01", end=f"{last_year}-12-31")


def _utc(now: dt.datetime) -> pd.Timestamp:
    stamp = pd.Timestamp(now)
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def last_completed_session(
    now: dt.datetime | dt.date, grace: dt.timedelta = DEFAULT_GRACE
) -> dt.date:
    """The latest session whose close + `grace` is at or before `now`.

    A naive datetime is read as UTC. A plain date means the end of that day, so
    every session on or before it counts as completed.
    """
    if not isinstance(now, dt.datetime):
        now = dt.datetime.combine(now, dt.time(23, 59, 59), tzinfo=dt.UTC)
        grace = dt.timedelta(0)
    stamp = _utc(now)
    cal = _calendar(stamp.year + 1)
    session = cal.date_to_session(stamp.tz_localize(None).normalize(), direction="previous")
    while cal.session_close(session) + grace > stamp:
        session = cal.previous_session(session)
    return session.date()


def is_stale(
    latest_bar: dt.date | None, now: dt.datetime | dt.date, grace: dt.timedelta = DEFAULT_GRACE
) -> bool:
    """True when the latest stored bar is older than the last completed session."""
    return latest_bar is None or latest_bar < last_completed_session(now, grace)


def _naive_utc(stamp: pd.Timestamp) -> dt.datetime:
    return stamp.tz_convert("UTC").tz_localize(None).to_pydatetime()


def latest_session_hours(now: dt.datetime) -> tuple[dt.datetime, dt.datetime, dt.datetime]:
    """(open, close, next session's open) of the latest session that opened at or before
    `now`: the one in progress, or the last one if the exchange is closed.

    Naive UTC in and out (a naive `now` is read as UTC). Early closes come from the
    calendar, so `close` is 13:00 New York time on those days.
    """
    stamp = _utc(now)
    cal = _calendar(stamp.year + 1)
    session = cal.date_to_session(stamp.tz_localize(None).normalize(), direction="previous")
    while cal.session_open(session) > stamp:
        session = cal.previous_session(session)
    following = cal.next_session(session)
    return (
        _naive_utc(cal.session_open(session)),
        _naive_utc(cal.session_close(session)),
        _naive_utc(cal.session_open(following)),
    )
