"""What a gauge rests on: the wording and the 90-day stale rule."""

from __future__ import annotations

import datetime as dt

from app.web.freshness import STALE_AFTER_DAYS, freshness

TODAY = dt.date(2026, 12, 7)


def test_count_and_age_of_the_newest_note() -> None:
    f = freshness(3, "2026-11-25T00:00:00", TODAY)
    assert (f.note_count, f.newest, f.age_days) == (3, dt.date(2026, 11, 25), 12)
    assert f.summary == "3 notes, newest 12 days ago (2026-11-25)"
    assert not f.stale and not f.empty
    assert freshness(1, dt.datetime(2026, 12, 7, 9), TODAY).summary == (
        "1 note, newest today (2026-12-07)"
    )
    assert freshness(2, dt.date(2026, 12, 6), TODAY).age_text == "newest yesterday"


def test_stale_after_ninety_days_without_a_note() -> None:
    assert STALE_AFTER_DAYS == 90
    assert not freshness(4, TODAY - dt.timedelta(days=90), TODAY).stale
    old = freshness(4, TODAY - dt.timedelta(days=91), TODAY)
    assert old.stale
    assert old.summary == "4 notes, newest 91 days ago (2026-09-07); stale: no note in 90 days"


def test_no_notes_at_all() -> None:
    f = freshness(0, None, TODAY)
    assert f.empty and f.stale and f.newest is None
    assert f.summary == "no research yet"
