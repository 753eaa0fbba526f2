"""Chart data for pages: rebased lines, their table twin and CSV.

Reads only the window a chart shows, so a page costs the same with 5 or 30 years of
history stored. Values go to the browser as JSON; the same numbers fill the tables.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from app.market import store
from app.market.analytics import index_return, rebased_lines, target_date

# Extra calendar days read before a window so its base bar (on or before the start) exists.
LOOKBACK_DAYS = 10
MAX_PEERS = 6


def points(series: pd.Series) -> list[list[Any]]:
    dates = series.index.strftime("%Y-%m-%d").tolist()
    return [[d, round(float(v), 4)] for d, v in zip(dates, series.to_numpy(), strict=True)]


def sample_rule(period: str) -> str | None:
    """Rows of a chart's table twin: every bar up to 6M, weekly for a year, else monthly."""
    if period in ("1W", "1M", "3M", "6M"):
        return None
    if period in ("YTD", "1Y"):
        return "W-FRI"
    return "ME"


def sample(frame: pd.DataFrame, period: str) -> pd.DataFrame:
    rule = sample_rule(period)
    if rule is None or frame.empty:
        return frame
    sampled = frame.resample(rule).last().dropna(how="all")
    # Keep the true first and last bars (resampling labels rows by period end).
    sampled.index = frame.index[frame.index.searchsorted(sampled.index, side="right") - 1]
    first = frame.iloc[[0]]
    out = pd.concat([first, sampled])
    return out[~out.index.duplicated(keep="last")]


def relative_chart(
    engine: Engine,
    symbol: str,
    as_of: dt.date,
    *,
    benchmark: str,
    peers: Sequence[str],
    period: str,
) -> dict[str, Any]:
    """The symbol, its benchmark and peers rebased to 100 at the start of `period`."""
    start = target_date(period, as_of)
    lines = list(dict.fromkeys([symbol, benchmark, *peers[:MAX_PEERS]]))
    closes = store.closes_by_symbol(engine, lines, start - dt.timedelta(days=LOOKBACK_DAYS))
    columns = rebased_lines(closes, start, as_of)
    series = [
        {
            "symbol": name,
            "role": "ticker" if name == symbol else "benchmark" if name == benchmark else "peer",
            "return": round(index_return(values), 6),
            "end": str(values.index[-1].date()),
            "points": points(values),
        }
        for name, values in columns.items()
    ]
    frame = pd.DataFrame(columns)
    return {
        "symbol": symbol,
        "benchmark": benchmark,
        "period": period,
        # Values are an index (100 at the start); the page labels them as % change.
        "unit": "index_100",
        "start": str(frame.index[0].date()) if len(frame) else None,
        "as_of": as_of.isoformat(),
        "series": series,
        "table": table(frame, period),
    }


def table(frame: pd.DataFrame, period: str) -> dict[str, Any]:
    """Rows for a chart's <table> twin (sampled for long periods)."""
    rows = sample(frame, period)
    return {
        "columns": list(frame.columns),
        "sampled": sample_rule(period) is not None and len(rows) < len(frame),
        "rows": [
            [idx.strftime("%Y-%m-%d"), *(None if _nan(v) else round(float(v), 2) for v in row)]
            for idx, row in zip(rows.index, rows.to_numpy(), strict=True)
        ],
    }


def _nan(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def chart_csv(chart: dict[str, Any]) -> str:
    """Every bar of every line: date, then one column per symbol, rebased to 100 at the
    start (the file name says so too: 112.4 means +12.4 % since the start)."""
    frame = pd.DataFrame(
        {
            s["symbol"]: pd.Series(
                [v for _, v in s["points"]], index=[d for d, _ in s["points"]], dtype="float64"
            )
            for s in chart["series"]
        }
    ).sort_index()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", *frame.columns])
    for day, row in zip(frame.index, frame.to_numpy(), strict=True):
        writer.writerow([day, *("" if _nan(v) else f"{v:.4f}" for v in row)])
    return out.getvalue()
