"""The ticker header's figures from bars: last close, day change, volume, 52-week range."""

from __future__ import annotations

import pandas as pd
import pytest

from app.market.quote import header_stats, year_before


def bars(rows: list[tuple[str, float | None, float | None, float | None, float | None]]):
    """(date, high, low, close, volume) rows as a bar frame."""
    frame = pd.DataFrame(rows, columns=["date", "high", "low", "close", "volume"])
    frame.index = pd.DatetimeIndex(frame.pop("date"))
    return frame.astype("float64")


def test_last_close_day_change_and_volume() -> None:
    got = header_stats(
        bars(
            [
                ("2026-07-09", 101.0, 99.0, 100.0, 1_000.0),
                ("2026-07-10", 103.0, 100.0, 102.0, 2_000.0),
                ("2026-07-13", 102.5, 98.0, 99.45, 3_500.0),
            ]
        )
    )
    assert got is not None
    assert got["as_of"] == "2026-07-13"
    assert got["close"] == 99.45 and got["previous_close"] == 102.0
    assert got["change"] == pytest.approx(-2.55)
    assert got["change_pct"] == pytest.approx(-2.55 / 102.0)
    assert got["volume"] == 3_500.0


def test_52_week_range_uses_highs_and_lows_of_the_last_year_only() -> None:
    got = header_stats(
        bars(
            [
                ("2025-07-11", 500.0, 1.0, 250.0, 1.0),  # more than a year before: ignored
                ("2025-07-13", 400.0, 2.0, 200.0, 1.0),  # exactly a year before: ignored
                ("2025-07-14", 130.0, 70.0, 100.0, 1.0),  # first day of the range
                ("2026-01-05", 140.0, 90.0, 120.0, 1.0),
                ("2026-07-13", 121.0, 100.0, 110.0, 1.0),
            ]
        )
    )
    assert got is not None
    assert (got["low_52w"], got["high_52w"]) == (70.0, 140.0)
    assert got["range_from"] == "2025-07-14"
    assert got["position"] == pytest.approx((110.0 - 70.0) / (140.0 - 70.0))


def test_missing_highs_and_lows_fall_back_to_closes() -> None:
    got = header_stats(
        bars(
            [
                ("2026-07-09", None, None, 90.0, None),
                ("2026-07-10", None, None, 130.0, None),
                ("2026-07-13", None, None, 100.0, None),
            ]
        )
    )
    assert got is not None
    assert (got["low_52w"], got["high_52w"]) == (90.0, 130.0)
    assert got["volume"] is None
    assert got["position"] == pytest.approx(0.25)


def test_rows_without_a_close_are_skipped_and_one_bar_has_no_change() -> None:
    got = header_stats(bars([("2026-07-10", 11.0, 9.0, 10.0, 5.0), ("2026-07-13", 1, 1, None, 1)]))
    assert got is not None and got["as_of"] == "2026-07-10"
    assert got["change"] is None and got["change_pct"] is None
    assert header_stats(bars([("2026-07-13", 1.0, 1.0, None, 1.0)])) is None


def test_a_flat_range_has_no_position() -> None:
    got = header_stats(
        bars([("2026-07-10", 5.0, 5.0, 5.0, 1.0), ("2026-07-13", 5.0, 5.0, 5.0, 1.0)])
    )
    assert got is not None and got["position"] is None and got["change"] == 0.0


def test_year_before_a_leap_day() -> None:
    assert str(year_before(pd.Timestamp("2028-02-29").date())) == "2027-02-28"
    assert str(year_before(pd.Timestamp("2026-07-13").date())) == "2025-07-13"
