"""Price sources: fetch daily bars and convert them to one shape; no business rules here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .base import BAR_COLUMNS, FetchResult, PriceSource, SourceError
from .csv_source import CsvSource
from .demo_source import DemoSource
from .yahoo_source import YahooSource

SOURCE_NAMES = ("yahoo", "csv", "demo")

__all__ = [
    "BAR_COLUMNS",
    "SOURCE_NAMES",
    "CsvSource",
    "DemoSource",
    "FetchResult",
    "PriceSource",
    "SourceError",
    "YahooSource",
    "make_source",
]


def make_source(
    name: str,
    *,
    seed: int,
    history_years: int,
    csv_dir: Path | None = None,
    session: Any = None,
    cache_dir: Path | None = None,
) -> PriceSource:
    """Build a source by name. `auto` is the refresh service's policy, not a source.
    ``seed`` and ``history_years`` come from Settings (demo_seed, history_years)."""
    key = name.strip().lower()
    if key == "yahoo":
        return YahooSource(session=session, history_years=history_years, cache_dir=cache_dir)
    if key == "csv":
        if csv_dir is None:
            raise ValueError("price source 'csv' needs a directory (DISPERSION_CSV_DIR)")
        return CsvSource(csv_dir)
    if key == "demo":
        return DemoSource(seed=seed, history_years=history_years)
    raise ValueError(f"unknown price source {name!r}: expected one of {', '.join(SOURCE_NAMES)}")
