"""Overall sentiment: a recency-weighted mean of note scores. Pure: no I/O, no clock.

Weighting
    A note published ``age`` days before the reference time weighs
    ``0.5 ** (age / HALF_LIFE_DAYS)``: a note 90 days old counts half as much as
    one published today, a note 180 days old a quarter. The score of a scope is
    ``sum(w_i * s_i) / sum(w_i)``.

    Because every weight decays at the same rate, the ratio of two weights does
    not change as time passes, so the mean does not depend on the reference time
    (as long as it is not before the newest note). The stored value therefore
    stays correct between note writes, and we reference ages to the newest note
    of the scope, which also keeps the weights far from floating-point underflow.

Scopes
    ``UNIVERSE`` uses each note's document score; a symbol uses each linked
    note's per-ticker score (the scorer's target-dependent reading, so "long SPY,
    short VTWO" counts for SPY and against VTWO).

History
    One point per calendar day on which the scope got a note: the score as of the
    end of that day, counting only notes published by then. Charts plot it as a
    step line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.sentiment.scorer import label_for

HALF_LIFE_DAYS = 90.0
# Scope key of the whole universe. Not "ALL": that is a real ticker (Allstate).
UNIVERSE = "_ALL"
_SECONDS_PER_DAY = 86_400.0


@dataclass(frozen=True)
class NotePoint:
    """What the overall computation needs from a note."""

    published_at: dt.datetime
    score: float
    tickers: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Summary:
    scope: str
    score: float | None
    label: str | None
    note_count: int
    as_of: dt.datetime | None  # publication time of the newest note counted
    half_life_days: float
    history: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "label": self.label,
            "note_count": self.note_count,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "half_life_days": self.half_life_days,
            "history": self.history,
        }


def decay_weight(age_days: float, half_life_days: float = HALF_LIFE_DAYS) -> float:
    """Weight of a note ``age_days`` old; 1.0 at age 0, 0.5 at one half-life."""
    return 0.5 ** (max(age_days, 0.0) / half_life_days)


def weighted_mean(
    points: Sequence[tuple[dt.datetime, float]],
    half_life_days: float = HALF_LIFE_DAYS,
    as_of: dt.datetime | None = None,
) -> float | None:
    """Recency-weighted mean of ``(published_at, score)``; None without points.

    ``as_of`` defaults to the newest point; any later reference gives the same
    result (see the module docstring).
    """
    if not points:
        return None
    reference = as_of or max(when for when, _ in points)
    num = den = 0.0
    for when, score in points:
        age = (reference - when).total_seconds() / _SECONDS_PER_DAY
        weight = decay_weight(age, half_life_days)
        num += weight * score
        den += weight
    return num / den


def _summarise(
    scope: str, points: list[tuple[dt.datetime, float]], half_life_days: float
) -> Summary:
    if not points:
        return Summary(scope, None, None, 0, None, half_life_days, [])
    points.sort(key=lambda p: p[0])
    history: list[dict[str, Any]] = []
    for index, (when, _) in enumerate(points):
        last_of_day = index + 1 == len(points) or points[index + 1][0].date() != when.date()
        if last_of_day:
            value = round(weighted_mean(points[: index + 1], half_life_days) or 0.0, 4)
            history.append(
                {
                    "date": when.date().isoformat(),
                    "score": value,
                    "label": label_for(value),
                    "note_count": index + 1,
                }
            )
    score = history[-1]["score"]
    return Summary(
        scope, score, label_for(score), len(points), points[-1][0], half_life_days, history
    )


def compute_overall(
    notes: Iterable[NotePoint],
    symbols: Sequence[str],
    half_life_days: float = HALF_LIFE_DAYS,
) -> dict[str, Summary]:
    """Summaries for ``UNIVERSE`` and each of ``symbols`` (in that order).

    Symbols without notes get a summary with ``score=None`` and ``note_count=0``.
    Per-ticker scores of symbols outside ``symbols`` are ignored.
    """
    universe: list[tuple[dt.datetime, float]] = []
    per_symbol: dict[str, list[tuple[dt.datetime, float]]] = {s: [] for s in symbols}
    for note in notes:
        universe.append((note.published_at, note.score))
        for symbol, score in note.tickers.items():
            if symbol in per_symbol:
                per_symbol[symbol].append((note.published_at, score))
    result = {UNIVERSE: _summarise(UNIVERSE, universe, half_life_days)}
    for symbol, points in per_symbol.items():
        result[symbol] = _summarise(symbol, points, half_life_days)
    return result
