"""The csv source reads Yahoo export files exactly, and says where a bad file is wrong."""

from __future__ import annotations

import math
import re
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from app.market.sources import (
    BAR_COLUMNS,
    CsvSource,
    DemoSource,
    SourceError,
    YahooSource,
    make_source,
)

SHARED_PRICES = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "prices"
HEADER = "Date,Open,High,Low,Close,Adj Close,Volume"


@pytest.fixture
def shared_prices() -> Path:
    if not (SHARED_PRICES / "SPY.csv").is_file():
        pytest.skip(f"shared price data not found at {SHARED_PRICES}")
    return SHARED_PRICES


def write(directory: Path, symbol: str, *lines: str) -> Path:
    path = directory / f"{symbol}.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


GOOD = (
    HEADER,
    "2024-01-02,10.0,11.0,9.5,10.5,10.4,1000",
    "2024-01-03,10.5,12.0,10.0,11.5,11.4,2000",
    "2024-01-04,11.5,11.8,11.0,11.2,11.1,1500",
)


# -- the shared data, as it is ---------------------------------------------------


def test_shared_files_read_exactly(shared_prices: Path) -> None:
    result = CsvSource(shared_prices).fetch(["VTWO", "SPY", "QQQ", "NVDA", "MSFT", "IWM"])

    assert result.source == "csv"
    assert result.errors == {}
    for frame in result.frames.values():
        assert tuple(frame.columns) == BAR_COLUMNS
        assert frame.index.name == "date"
        assert frame.index.tz is None
        assert frame.index.is_monotonic_increasing
        assert (frame.index == frame.index.normalize()).all()
        assert all(dtype == np.float64 for dtype in frame.dtypes)

    vtwo = result.frames["VTWO"]
    assert len(vtwo) == 3974
    assert vtwo.index[0] == pd.Timestamp("2010-09-22")
    assert vtwo.index[-1] == pd.Timestamp("2026-07-13")
    for column in ("open", "high", "low", "volume"):
        assert vtwo[column].isna().all()
    assert vtwo["close"].notna().all()
    assert vtwo.loc["2010-09-22", "close"] == 21.15639114
    assert vtwo.loc["2010-09-22", "adj_close"] == 21.15639114

    spy = result.frames["SPY"]
    assert len(spy) == 8448
    assert spy.index[0] == pd.Timestamp("1993-01-29")
    assert spy.index[-1] == pd.Timestamp("2026-08-21")


def test_shared_row_matches_the_file(shared_prices: Path) -> None:
    line = next(
        row
        for row in (shared_prices / "SPY.csv").read_text().splitlines()
        if row.startswith("1993-02-01,")
    )
    expected = [float(cell) for cell in line.split(",")[1:]]

    row = CsvSource(shared_prices).fetch(["SPY"]).frames["SPY"].loc["1993-02-01"]

    assert row.tolist() == expected


def test_shared_range_filter(shared_prices: Path) -> None:
    result = CsvSource(shared_prices).fetch(
        ["VTWO", "SPY"], start=date(2026, 7, 1), end=date(2026, 7, 13)
    )
    assert result.frames["VTWO"].index[0] == pd.Timestamp("2026-07-01")
    assert result.frames["SPY"].index[-1] == pd.Timestamp("2026-07-13")
    assert len(result.frames["SPY"]) == len(result.frames["VTWO"]) == 8  # 3 July was a holiday


# -- tmp_path cases -------------------------------------------------------------


def test_missing_directory_raises(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(
        SourceError, match=f"^price directory not found: {re.escape(str(missing))}$"
    ):
        CsvSource(missing).fetch(["SPY"])


def test_missing_file_is_an_error_for_that_symbol(tmp_path: Path) -> None:
    write(tmp_path, "SPY", *GOOD)
    lines: list[str] = []

    result = CsvSource(tmp_path).fetch(["SPY", "QQQ"], progress=lines.append)

    assert list(result.frames) == ["SPY"]
    assert result.errors == {"QQQ": f"file not found: {tmp_path / 'QQQ.csv'}"}
    assert lines == ["SPY: 3 bars", f"QQQ: file not found: {tmp_path / 'QQQ.csv'}"]


def test_values_and_shape(tmp_path: Path) -> None:
    write(tmp_path, "SPY", *GOOD)

    frame = CsvSource(tmp_path).fetch(["SPY"]).frames["SPY"]

    expected = pd.DataFrame(
        [
            [10.0, 11.0, 9.5, 10.5, 10.4, 1000.0],
            [10.5, 12.0, 10.0, 11.5, 11.4, 2000.0],
            [11.5, 11.8, 11.0, 11.2, 11.1, 1500.0],
        ],
        index=pd.DatetimeIndex(["2024-01-02", "2024-01-03", "2024-01-04"], name="date").as_unit(
            "ns"
        ),
        columns=list(BAR_COLUMNS),
    )
    pd.testing.assert_frame_equal(frame, expected)


def test_all_missing_raises(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"no readable price file .*SPY: file not found"):
        CsvSource(tmp_path).fetch(["SPY", "QQQ"])


def test_malformed_date_names_file_line_and_column(tmp_path: Path) -> None:
    write(tmp_path, "SPY", *GOOD)
    write(tmp_path, "BAD", HEADER, GOOD[1], "2024-13-01,1,2,0.5,1.5,1.5,100")

    result = CsvSource(tmp_path).fetch(["SPY", "BAD"])

    assert result.errors == {
        "BAD": "BAD.csv line 3, column Date: '2024-13-01' is not a YYYY-MM-DD date"
    }
    assert "SPY" in result.frames


def test_malformed_number_names_file_line_and_column(tmp_path: Path) -> None:
    write(tmp_path, "BAD", HEADER, GOOD[1], GOOD[2], "2024-01-04,11.5,11.8,oops,11.2,11.1,1500")
    write(tmp_path, "SPY", *GOOD)

    result = CsvSource(tmp_path).fetch(["BAD", "SPY"])

    assert result.errors == {"BAD": "BAD.csv line 4, column Low: 'oops' is not a number"}


def test_missing_adj_close_is_malformed(tmp_path: Path) -> None:
    # We never guess adjustment from Close.
    write(tmp_path, "SPY", *GOOD)
    write(tmp_path, "RAW", "Date,Open,High,Low,Close,Volume", "2024-01-02,10,11,9.5,10.5,1000")

    result = CsvSource(tmp_path).fetch(["SPY", "RAW"])

    assert result.errors == {"RAW": "RAW.csv: missing column(s): Adj Close"}


def test_ragged_line_is_malformed(tmp_path: Path) -> None:
    write(tmp_path, "SPY", *GOOD)
    write(tmp_path, "BAD", HEADER, GOOD[1], "2024-01-03,1,2,3,4,5,6,7,8")

    result = CsvSource(tmp_path).fetch(["SPY", "BAD"])

    assert result.errors["BAD"].startswith("BAD.csv: ")
    assert "line 3" in result.errors["BAD"]


def test_empty_cells_and_null_are_nan_and_rows_are_kept(tmp_path: Path) -> None:
    write(
        tmp_path,
        "SPY",
        HEADER,
        "2024-01-02,,,,10.5,10.4,",
        "2024-01-03,null,null,null,null,null,null",
        "2024-01-03,10.5,12.0,10.0,11.5,11.4,2000",
    )

    frame = CsvSource(tmp_path).fetch(["SPY"]).frames["SPY"]

    # Nothing repaired or dropped: the validator reports NaN closes and duplicates.
    assert len(frame) == 3
    assert math.isnan(frame["open"].iloc[0]) and math.isnan(frame["volume"].iloc[0])
    assert frame.iloc[1].isna().all()
    assert frame.index.duplicated().sum() == 1


def test_extra_columns_are_ignored(tmp_path: Path) -> None:
    write(
        tmp_path,
        "SPY",
        HEADER + ",Dividends,Stock Splits",
        "2024-01-02,10.0,11.0,9.5,10.5,10.4,1000,0.0,0.0",
    )

    frame = CsvSource(tmp_path).fetch(["SPY"]).frames["SPY"]

    assert tuple(frame.columns) == BAR_COLUMNS
    assert frame["close"].iloc[0] == 10.5


def test_start_end_filter_is_inclusive(tmp_path: Path) -> None:
    write(tmp_path, "SPY", *GOOD)
    source = CsvSource(tmp_path)

    both = source.fetch(["SPY"], start=date(2024, 1, 3), end=date(2024, 1, 3)).frames["SPY"]
    since = source.fetch(["SPY"], start=date(2024, 1, 3)).frames["SPY"]
    until = source.fetch(["SPY"], end=date(2024, 1, 3)).frames["SPY"]
    after = source.fetch(["SPY"], start=date(2024, 2, 1)).frames["SPY"]

    assert list(both.index) == [pd.Timestamp("2024-01-03")]
    assert list(since.index) == [pd.Timestamp("2024-01-03"), pd.Timestamp("2024-01-04")]
    assert list(until.index) == [pd.Timestamp("2024-01-02"), pd.Timestamp("2024-01-03")]
    assert after.empty and tuple(after.columns) == BAR_COLUMNS


def test_two_thousand_files_read_quickly(tmp_path: Path) -> None:
    rows = "\n".join(
        f"{d:%Y-%m-%d},10.0,11.0,9.5,10.5,10.4,1000"
        for d in pd.bdate_range("2016-01-01", periods=2520)
    )
    symbols = [f"S{i:04d}" for i in range(2000)]
    for symbol in symbols:
        (tmp_path / f"{symbol}.csv").write_text(f"{HEADER}\n{rows}\n")

    started = time.perf_counter()
    result = CsvSource(tmp_path).fetch(symbols)
    elapsed = time.perf_counter() - started

    assert len(result.frames) == 2000 and not result.errors
    assert elapsed < 30, f"2,000 files took {elapsed:.1f}s"


# -- the factory ----------------------------------------------------------------


def test_make_source_by_name(tmp_path: Path) -> None:
    assert isinstance(make_source("csv", seed=7, history_years=10, csv_dir=tmp_path), CsvSource)
    assert isinstance(make_source("demo", seed=3, history_years=10), DemoSource)
    assert make_source("demo", seed=3, history_years=10).seed == 3
    assert isinstance(make_source("yahoo", seed=7, history_years=10), YahooSource)
    assert make_source("yahoo", seed=7, history_years=5).history_years == 5


def test_make_source_rejects_unknown_names(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown price source 'auto'"):
        make_source("auto", seed=7, history_years=10)
    with pytest.raises(ValueError, match="needs a directory"):
        make_source("csv", seed=7, history_years=10)
