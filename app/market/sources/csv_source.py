"""Prices from a folder of `<SYMBOL>.csv` files in Yahoo's export format."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from .base import (
    BAR_COLUMNS,
    FetchResult,
    Progress,
    SourceError,
    bar_index,
    clip_range,
    finish_result,
    one_line,
    unique_symbols,
)

# Yahoo's export header -> our bar columns. Extra columns (dividends, splits) are ignored.
HEADER = {
    "Open": "open",
    "High": "high",
    "Low": "low",
    "Close": "close",
    "Adj Close": "adj_close",
    "Volume": "volume",
}
DATE_COLUMN = "Date"
DATE_FORMAT = "%Y-%m-%d"
_NUMERIC_DTYPES = dict.fromkeys(HEADER, "float64")
# Empty cells are how the export leaves a value out; older Yahoo exports wrote "null".
_MISSING = ["", "null", "NaN", "nan"]


class MalformedFile(Exception):
    """A file that cannot be read as bars; the message names the file and the place."""


class CsvSource:
    name = "csv"

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def fetch(
        self,
        symbols: Sequence[str],
        start: date | None = None,
        end: date | None = None,
        progress: Progress | None = None,
    ) -> FetchResult:
        if not self.directory.is_dir():
            raise SourceError(f"price directory not found: {self.directory}")
        result = FetchResult(source=self.name)
        for symbol in unique_symbols(symbols):
            path = self.directory / f"{symbol}.csv"
            try:
                frame = clip_range(read_bars(path), start, end)
            except FileNotFoundError:
                result.errors[symbol] = f"file not found: {path}"
            except MalformedFile as exc:
                result.errors[symbol] = one_line(exc)
            except OSError as exc:
                result.errors[symbol] = one_line(f"cannot read {path}: {exc}")
            else:
                result.frames[symbol] = frame
            if progress is not None:
                done = symbol in result.frames
                progress(
                    f"{symbol}: {len(result.frames[symbol])} bars"
                    if done
                    else f"{symbol}: {result.errors[symbol]}"
                )
        return finish_result(result, f"no readable price file in {self.directory}")


def read_bars(path: Path) -> pd.DataFrame:
    """Read one export file into the bar shape, keeping every row as written.

    The fast path lets pandas' C parser do all the work; only a failing file is read a
    second time, as text, to say where it is wrong.
    """
    try:
        raw = _read(path, {DATE_COLUMN: str, **_NUMERIC_DTYPES})
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        # Ragged rows (pandas names the line), an empty file, not text.
        raise MalformedFile(f"{path.name}: {exc}") from exc
    except ValueError as exc:  # a number the parser rejected: find where
        raise MalformedFile(_locate_bad_number(path) or f"{path.name}: {exc}") from exc

    if raw.empty:
        raise MalformedFile(f"{path.name}: no rows")

    dates = pd.to_datetime(raw[DATE_COLUMN], format=DATE_FORMAT, errors="coerce")
    bad = np.flatnonzero(dates.isna().to_numpy())
    if bad.size:
        row = int(bad[0])
        value = raw[DATE_COLUMN].iloc[row]
        shown = "an empty cell" if pd.isna(value) else repr(value)
        raise MalformedFile(
            f"{path.name} line {row + 2}, column {DATE_COLUMN}: {shown} is not a YYYY-MM-DD date"
        )

    # One float64 block straight from the parser's arrays: the cheap way to build it.
    values = raw.loc[:, list(HEADER)].to_numpy(dtype="float64")
    frame = pd.DataFrame(values, index=bar_index(dates), columns=list(BAR_COLUMNS))
    # Stable sort: files are ascending already; duplicates keep their order for the validator.
    if not frame.index.is_monotonic_increasing:
        frame = frame.sort_index(kind="stable")
    return frame


def _read(path: Path, dtype: dict[str, str] | type[str]) -> pd.DataFrame:
    # No usecols: with it pandas silently truncates rows that have extra fields.
    raw = pd.read_csv(path, dtype=dtype, keep_default_na=False, na_values=_MISSING)
    if not isinstance(raw.index, pd.RangeIndex):
        # pandas turns surplus leading fields into an index instead of failing.
        raise MalformedFile(f"{path.name} line 2: more fields than the header")
    missing = [c for c in (DATE_COLUMN, *HEADER) if c not in raw.columns]
    if missing:
        raise MalformedFile(f"{path.name}: missing column(s): {', '.join(missing)}")
    return raw


def _locate_bad_number(path: Path) -> str | None:
    """Find the first cell that is neither empty nor a number (line numbers count the header)."""
    text = _read(path, str)
    for column in HEADER:
        cells = text[column].str.strip()
        missing = cells.isin(_MISSING)
        parsed = pd.to_numeric(cells.where(~missing), errors="coerce")
        bad = np.flatnonzero((parsed.isna() & ~missing).to_numpy())
        if bad.size:
            row = int(bad[0])
            return (
                f"{path.name} line {row + 2}, column {column}: "
                f"{text[column].iloc[row]!r} is not a number"
            )
    return None
