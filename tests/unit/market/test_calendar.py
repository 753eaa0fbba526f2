import datetime as dt

import pytest

from app.market.calendar import is_stale, last_completed_session

UTC = dt.UTC


def at(day: str, hhmm: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{hhmm}:00").replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Tuesday 2026-11-24: before the close (21:00 UTC) + 2 h grace, Monday is the latest.
        (at("2026-11-24", "15:00"), "2026-11-23"),
        (at("2026-11-24", "22:59"), "2026-11-23"),
        (at("2026-11-24", "23:00"), "2026-11-24"),
        # Weekend: Friday's session.
        (at("2026-11-21", "12:00"), "2026-11-20"),
        (at("2026-11-22", "23:30"), "2026-11-20"),
        # Monday morning: still Friday.
        (at("2026-11-23", "13:00"), "2026-11-20"),
        # Thanksgiving (Thursday 2026-11-26) is a holiday: Wednesday's session.
        (at("2026-11-26", "23:30"), "2026-11-25"),
        # Black Friday closes early (13:00 ET = 18:00 UTC): done by 20:00 UTC.
        (at("2026-11-27", "20:00"), "2026-11-27"),
        (at("2026-11-27", "19:59"), "2026-11-25"),
        # Independence Day observed on Friday 2026-07-03; the weekend follows.
        (at("2026-07-05", "12:00"), "2026-07-02"),
        # New Year's Day 2026 (Thursday).
        (at("2026-01-01", "23:30"), "2025-12-31"),
    ],
)
def test_last_completed_session(now: dt.datetime, expected: str) -> None:
    assert last_completed_session(now) == dt.date.fromisoformat(expected)


def test_plain_date_means_end_of_day() -> None:
    assert last_completed_session(dt.date(2026, 11, 24)) == dt.date(2026, 11, 24)
    assert last_completed_session(dt.date(2026, 11, 22)) == dt.date(2026, 11, 20)
    assert last_completed_session(dt.date(2025, 12, 25)) == dt.date(2025, 12, 24)


def test_naive_datetime_is_utc() -> None:
    assert last_completed_session(dt.datetime(2026, 11, 24, 23, 0)) == dt.date(2026, 11, 24)


def test_timezone_aware_input_is_converted() -> None:
    new_york = dt.timezone(dt.timedelta(hours=-5))
    # 18:30 in New York is 23:30 UTC: the day's session is complete.
    assert last_completed_session(dt.datetime(2026, 11, 24, 18, 30, tzinfo=new_york)) == dt.date(
        2026, 11, 24
    )


def test_is_stale() -> None:
    saturday = at("2026-11-21", "12:00")
    assert not is_stale(dt.date(2026, 11, 20), saturday)
    assert is_stale(dt.date(2026, 11, 19), saturday)
    assert is_stale(None, saturday)
    # A bar newer than expected (e.g. intraday) is never stale.
    assert not is_stale(dt.date(2026, 11, 24), at("2026-11-24", "15:00"))


def test_grace_is_configurable() -> None:
    now = at("2026-11-24", "21:30")
    assert last_completed_session(now, grace=dt.timedelta(0)) == dt.date(2026, 11, 24)
    assert last_completed_session(now) == dt.date(2026, 11, 23)
