"""The refresh planner: in-session interval, one run after the close, nothing on nights,
weekends and holidays, early closes, first runs and retries, at fixed moments (UTC)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from app.alerts.scheduler import (
    AFTER_CLOSE,
    FIRST_RUN,
    IN_SESSION,
    NEXT_OPEN,
    RETRY,
    NextRun,
    next_run,
)

INTERVAL = dt.timedelta(minutes=15)
AFTER = dt.timedelta(minutes=20)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def plan(now: str, last: str | None, *, ok: bool = True) -> NextRun:
    return next_run(
        at(now), at(last) if last else None, interval=INTERVAL, after_close=AFTER, last_ok=ok
    )


@pytest.mark.parametrize("now", ["2026-07-15 15:00", "2026-07-18 03:00", "2026-07-03 12:00"])
def test_a_scheduler_that_never_ran_runs_at_once(now: str) -> None:
    assert plan(now, None) == NextRun(at(now), FIRST_RUN)


def test_in_session_runs_every_interval() -> None:
    # Wednesday 15 July 2026: the session is 13:30-20:00 UTC (09:30-16:00 New York).
    assert plan("2026-07-15 15:00", "2026-07-15 14:50") == NextRun(
        at("2026-07-15 15:05"), IN_SESSION
    )
    assert not plan("2026-07-15 15:00", "2026-07-15 14:50").due(at("2026-07-15 15:00"))
    assert plan("2026-07-15 15:06", "2026-07-15 14:50").due(at("2026-07-15 15:06"))


def test_first_run_of_the_session_is_at_the_open() -> None:
    planned = plan("2026-07-15 13:31", "2026-07-14 20:20")
    assert planned == NextRun(at("2026-07-15 13:30"), IN_SESSION)
    assert planned.due(at("2026-07-15 13:31"))


def test_before_the_open_waits_for_it() -> None:
    planned = plan("2026-07-15 12:00", "2026-07-14 20:20")
    assert planned == NextRun(at("2026-07-15 13:30"), NEXT_OPEN)
    assert not planned.due(at("2026-07-15 12:00"))


def test_a_missed_after_close_run_is_caught_up_before_the_open() -> None:
    # The worker was down at yesterday's close: the final bar is fetched as soon as it is back.
    planned = plan("2026-07-15 08:00", "2026-07-14 19:30")
    assert planned == NextRun(at("2026-07-14 20:20"), AFTER_CLOSE)
    assert planned.due(at("2026-07-15 08:00"))


def test_an_interval_reaching_past_the_close_becomes_the_after_close_run() -> None:
    assert plan("2026-07-15 19:50", "2026-07-15 19:48") == NextRun(
        at("2026-07-15 20:20"), AFTER_CLOSE
    )
    assert not plan("2026-07-15 20:05", "2026-07-15 19:48").due(at("2026-07-15 20:05"))
    assert plan("2026-07-15 20:21", "2026-07-15 19:48").due(at("2026-07-15 20:21"))


def test_after_the_after_close_run_nothing_until_the_next_open() -> None:
    assert plan("2026-07-15 23:00", "2026-07-15 20:20") == NextRun(
        at("2026-07-16 13:30"), NEXT_OPEN
    )


@pytest.mark.parametrize("now", ["2026-07-17 22:00", "2026-07-18 12:00", "2026-07-19 23:59"])
def test_weekend_waits_for_monday(now: str) -> None:
    assert plan(now, "2026-07-17 20:21") == NextRun(at("2026-07-20 13:30"), NEXT_OPEN)


def test_holiday_is_skipped() -> None:
    # Friday 3 July 2026 is Independence Day observed: Thursday's close, then Monday.
    assert plan("2026-07-03 15:00", "2026-07-02 20:30") == NextRun(
        at("2026-07-06 13:30"), NEXT_OPEN
    )
    # Thanksgiving (Thursday 26 November 2026): Wednesday, then Friday's open (EST, 14:30 UTC).
    assert plan("2026-11-26 16:00", "2026-11-25 21:30") == NextRun(
        at("2026-11-27 14:30"), NEXT_OPEN
    )


def test_early_close_moves_the_after_close_run() -> None:
    # Friday 27 November 2026 closes at 13:00 New York (18:00 UTC).
    assert plan("2026-11-27 17:55", "2026-11-27 17:50") == NextRun(
        at("2026-11-27 18:20"), AFTER_CLOSE
    )
    assert plan("2026-11-27 19:00", "2026-11-27 17:50").due(at("2026-11-27 19:00"))
    # Christmas Eve closes early too; the next session is Monday 28 December.
    assert plan("2026-12-25 12:00", "2026-12-24 18:20") == NextRun(
        at("2026-12-28 14:30"), NEXT_OPEN
    )


def test_daylight_saving_moves_the_open_in_utc() -> None:
    # US clocks go forward on Sunday 8 March 2026: Friday opens 14:30 UTC, Monday 13:30.
    assert plan("2026-03-06 14:40", "2026-03-05 21:20") == NextRun(
        at("2026-03-06 14:30"), IN_SESSION
    )
    assert plan("2026-03-07 12:00", "2026-03-06 21:20") == NextRun(
        at("2026-03-09 13:30"), NEXT_OPEN
    )


def test_a_failed_run_is_retried_after_one_interval_even_when_closed() -> None:
    assert plan("2026-07-18 10:05", "2026-07-18 10:00", ok=False) == NextRun(
        at("2026-07-18 10:15"), RETRY
    )
    # ...but never later than the regular plan.
    assert plan("2026-07-15 15:00", "2026-07-15 14:58", ok=False) == NextRun(
        at("2026-07-15 15:13"), IN_SESSION
    )


def test_aware_datetimes_are_read_in_utc() -> None:
    new_york = ZoneInfo("America/New_York")
    now = dt.datetime(2026, 7, 15, 11, 0, tzinfo=new_york)  # 15:00 UTC
    last = dt.datetime(2026, 7, 15, 10, 50, tzinfo=new_york)
    assert next_run(now, last, interval=INTERVAL, after_close=AFTER) == NextRun(
        at("2026-07-15 15:05"), IN_SESSION
    )
