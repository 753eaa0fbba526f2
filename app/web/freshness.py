"""What a sentiment gauge rests on: how many notes, and how old the newest one is.

A gauge is a recency-weighted mean, so with no recent note it still shows the last
reading at full strength (the weights decay together; see app.research.overall). A
reader can't tell that from the needle, so each gauge says what it rests on, and a
score whose newest note is more than ``STALE_AFTER_DAYS`` old is flagged as stale.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# "No note in 90 days": one half-life of the weighting, a quarter of the year.
STALE_AFTER_DAYS = 90


@dataclass(frozen=True)
class Freshness:
    note_count: int
    newest: dt.date | None  # publication date of the newest note counted
    age_days: int | None  # days from that date to today (0: published today)

    stale_after_days: int = STALE_AFTER_DAYS

    @property
    def empty(self) -> bool:
        return self.note_count == 0

    @property
    def stale(self) -> bool:
        """No note in the last STALE_AFTER_DAYS days (or none at all)."""
        return self.age_days is None or self.age_days > STALE_AFTER_DAYS

    @property
    def count_text(self) -> str:
        return f"{self.note_count} note{'' if self.note_count == 1 else 's'}"

    @property
    def age_text(self) -> str:
        """'newest today', 'newest yesterday', 'newest 12 days ago'."""
        if self.age_days is None:
            return ""
        if self.age_days <= 0:
            return "newest today"
        if self.age_days == 1:
            return "newest yesterday"
        return f"newest {self.age_days} days ago"

    @property
    def summary(self) -> str:
        """One line for people and screen readers: '3 notes, newest 12 days ago (2026-11-25)'."""
        if self.empty or self.newest is None:
            return "no research yet"
        text = f"{self.count_text}, {self.age_text} ({self.newest.isoformat()})"
        return f"{text}; stale: no note in {STALE_AFTER_DAYS} days" if self.stale else text


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.datetime.fromisoformat(value).date()


def freshness(note_count: int, as_of: dt.date | str | None, today: dt.date) -> Freshness:
    """``as_of`` is the newest note's publication time (a date, datetime or ISO text)."""
    newest = _as_date(as_of) if note_count else None
    age = None if newest is None else (today - newest).days
    return Freshness(note_count, newest, age)
