from __future__ import annotations

import datetime as dt

import numpy as np

from app.market.validation import validate_bars
from tests.unit.market.fake_source import frame

TODAY = dt.date(2024, 7, 1)


def test_clean_frame_passes_sorted() -> None:
    result = validate_bars("X", frame(["2024-06-28", "2024-06-27"], [2.0, 1.0]), TODAY)
    assert result.error is None and not result.warnings
    assert list(result.frame["adj_close"]) == [1.0, 2.0]


def test_rows_without_close_are_dropped_and_reported() -> None:
    f = frame(["2024-06-26", "2024-06-27"], [1.0, 2.0])
    f.iloc[0, f.columns.get_loc("adj_close")] = np.nan
    result = validate_bars("X", f, TODAY)
    assert len(result.frame) == 1
    assert result.warnings == ["dropped 1 rows without a close: 2024-06-26"]


def test_empty_and_all_nan_frames_fail() -> None:
    assert validate_bars("X", frame([], []), TODAY).error == "no bars received"
    f = frame(["2024-06-26"], [np.nan])
    assert validate_bars("X", f, TODAY).error == "every row lacks a close"


def test_empty_ohlcv_cells_are_allowed() -> None:
    f = frame(["2024-06-26"], [5.0])
    f[["open", "high", "low", "volume"]] = np.nan
    assert validate_bars("X", f, TODAY).error is None


def test_conflicting_duplicates_reject_the_symbol() -> None:
    f = frame(["2024-06-27", "2024-06-27"], [1.0, 1.5])
    assert "conflicting duplicate dates: 2024-06-27" in validate_bars("X", f, TODAY).error


def test_non_positive_and_future_rows_reject_the_symbol() -> None:
    assert "non-positive" in validate_bars("X", frame(["2024-06-27"], [0.0]), TODAY).error
    neg_close = frame(["2024-06-27"], [3.0])
    neg_close["close"] = -3.0
    assert "non-positive" in validate_bars("X", neg_close, TODAY).error
    future = validate_bars("X", frame(["2024-07-02"], [3.0]), TODAY)
    assert future.error == "dates in the future: 2024-07-02"


def test_missing_columns_reject() -> None:
    f = frame(["2024-06-27"], [3.0]).drop(columns=["adj_close"])
    assert validate_bars("X", f, TODAY).error == "missing columns: adj_close"
