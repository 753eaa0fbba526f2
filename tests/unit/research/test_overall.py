"""Overall sentiment: recency-weighted means, checked by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from app.research.overall import (
    HALF_LIFE_DAYS,
    UNIVERSE,
    NotePoint,
    compute_overall,
    decay_weight,
    weighted_mean,
)

T0 = dt.datetime(2026, 6, 1, 12, 0)


def test_half_life_is_documented_and_halves_the_weight() -> None:
    assert HALF_LIFE_DAYS == 90.0
    assert decay_weight(0) == 1.0
    assert decay_weight(90) == pytest.approx(0.5)
    assert decay_weight(180) == pytest.approx(0.25)


def test_two_notes_one_half_life_apart() -> None:
    # Weights 1 (newest) and 0.5 (90 days older): (0.6·1 − 0.3·0.5) / 1.5 = 0.3.
    points = [(T0, 0.6), (T0 - dt.timedelta(days=90), -0.3)]
    assert weighted_mean(points, half_life_days=90) == pytest.approx(0.3, abs=1e-12)


def test_two_notes_known_ages_and_other_half_life() -> None:
    # Ages 10 and 40 days, half-life 30: weights 2^(-1/3) and 2^(-4/3).
    as_of = T0 + dt.timedelta(days=10)
    points = [(T0, 0.8), (T0 - dt.timedelta(days=30), -0.4)]
    w1, w2 = 2 ** (-10 / 30), 2 ** (-40 / 30)
    expected = (w1 * 0.8 + w2 * -0.4) / (w1 + w2)
    assert weighted_mean(points, half_life_days=30, as_of=as_of) == pytest.approx(expected)
    # Exponential decay: the mean does not depend on the reference time.
    later = as_of + dt.timedelta(days=400)
    assert weighted_mean(points, half_life_days=30, as_of=later) == pytest.approx(expected)


def test_no_points_means_no_score() -> None:
    assert weighted_mean([]) is None


def test_universe_uses_document_scores_and_symbols_their_own() -> None:
    notes = [
        NotePoint(T0, 0.5, {"SPY": 0.7, "VTWO": -0.6}),
        NotePoint(T0 - dt.timedelta(days=90), -0.2, {"VTWO": -0.2}),
    ]
    result = compute_overall(notes, ["VTWO", "SPY", "NVDA"], half_life_days=90)
    assert list(result) == [UNIVERSE, "VTWO", "SPY", "NVDA"]

    universe = result[UNIVERSE]
    assert universe.score == pytest.approx((0.5 - 0.2 * 0.5) / 1.5, abs=1e-4)
    assert universe.note_count == 2
    assert universe.as_of == T0
    assert universe.label == "mildly positive"

    vtwo = result["VTWO"]
    assert vtwo.score == pytest.approx((-0.6 - 0.2 * 0.5) / 1.5, abs=1e-4)
    assert vtwo.label == "mildly negative"
    assert vtwo.note_count == 2

    assert result["SPY"].score == pytest.approx(0.7)
    assert result["SPY"].note_count == 1

    nvda = result["NVDA"]
    assert (nvda.score, nvda.label, nvda.note_count, nvda.history) == (None, None, 0, [])


def test_history_has_one_point_per_note_day_as_of_that_day() -> None:
    day1 = dt.datetime(2026, 1, 5, 9)
    notes = [
        NotePoint(day1, 0.4),
        NotePoint(day1.replace(hour=15), 0.2),  # same day: one point
        NotePoint(day1 + dt.timedelta(days=90), -0.8),
    ]
    history = compute_overall(notes, [], half_life_days=90)[UNIVERSE].history
    assert [h["date"] for h in history] == ["2026-01-05", "2026-04-05"]
    assert [h["note_count"] for h in history] == [2, 3]
    w_morning = 0.5 ** (6 / 24 / 90)  # 6 hours older than the afternoon note
    first = (0.4 * w_morning + 0.2) / (w_morning + 1)
    assert history[0]["score"] == pytest.approx(first, abs=1e-4)
    # The last note is exactly 90 days after the morning note, 89.75 after the afternoon one.
    w_old_m, w_old_a = 0.5, 0.5 ** (89.75 / 90)
    last = (0.4 * w_old_m + 0.2 * w_old_a - 0.8) / (w_old_m + w_old_a + 1)
    assert history[1]["score"] == pytest.approx(last, abs=1e-4)
    assert history[1]["label"] == "mildly negative"


def test_symbols_outside_the_universe_are_ignored() -> None:
    result = compute_overall([NotePoint(T0, 0.3, {"TSLA": 0.9})], ["SPY"])
    assert set(result) == {UNIVERSE, "SPY"}
    assert result["SPY"].note_count == 0
