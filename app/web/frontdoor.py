"""The front door: what a visitor who is not signed in sees first at ``/``.

Three promises, each shown with a live example from the stored data: the research
engine's reading of a ticker with the sentence it rests on, the example pair's spread
since entry, and the latest alert (or, before any has fired, what the sample rule would
have said on past prices). Computed once per data version, like every page.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from app.web.gauge import gauge

log = logging.getLogger(__name__)
RECENT_NOTES = 8
SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 240.0, 64.0, 4.0


def research_example(engine: Engine) -> dict[str, Any] | None:
    """The newest note with an explicit call: its strongest-scored ticker, the stance
    and the sentence that decided it."""
    from app.research.note_queries import list_notes
    from app.sentiment.splitter import strip_markdown

    for note in list_notes(engine, per_page=RECENT_NOTES).items:
        called = [t for t in note.tickers if t.call_kind and t.call_text]
        if not called:
            continue
        row = max(called, key=lambda t: (abs(t.score), t.symbol))
        return {
            "symbol": row.symbol,
            "score": row.score,
            "label": row.label,
            "gauge": gauge(row.score),
            "quote": " ".join(strip_markdown(row.call_text or "").split()),
            "note": {
                "id": note.id,
                "title": note.title,
                "published": note.published_at.date(),
            },
        }
    return None


def sparkline(values: Sequence[float], base: float = 100.0) -> dict[str, Any] | None:
    """An SVG polyline of ``values`` (at least two) with the ``base`` line, scaled to
    SPARK_WIDTH × SPARK_HEIGHT."""
    points = [float(v) for v in values if v is not None and math.isfinite(float(v))]
    if len(points) < 2:
        return None
    low, high = min(*points, base), max(*points, base)
    span = (high - low) or 1.0
    step = SPARK_WIDTH / (len(points) - 1)

    def to_y(value: float) -> float:
        return round(SPARK_PAD + (high - value) / span * (SPARK_HEIGHT - 2 * SPARK_PAD), 1)

    coords = [(round(i * step, 1), to_y(v)) for i, v in enumerate(points)]
    return {
        "width": SPARK_WIDTH,
        "height": SPARK_HEIGHT,
        "points": " ".join(f"{x},{yy}" for x, yy in coords),
        "base_y": to_y(base),
        "end": coords[-1],
        "up": points[-1] >= base,
    }


def pair_example(engine: Engine) -> dict[str, Any] | None:
    """The example pair's spread since its entry (100 at entry) and its P&L."""
    from app.portfolios import service as pairs

    pair = pairs.EXAMPLE_PAIR
    report = pairs.pair_report(engine, pair)
    window = report.get("window")
    if report.get("as_of") is None or window is None or "spread" not in window:
        return None
    spread = window["spread"].dropna()
    entry = report.get("entry_session")
    if entry:
        spread = spread.loc[spread.index >= pd.Timestamp(entry)]
    line = sparkline(spread.tolist())
    if line is None:
        return None
    return {
        "name": pair["name"],
        "long_text": pairs.legs_text(pair["long_legs"]),
        "short_text": pairs.legs_text(pair["short_legs"]),
        "entry": entry,
        "as_of": report["as_of"],
        "pnl": report["pnl"],
        "line": line,
    }


BACKTEST_DAYS = 3 * 366


def _sample_rule() -> Any:
    """The seeded rule (app.alerts.service.SEED) as plain data, not stored."""
    from app.alerts import rules

    return rules.Rule(
        id=0,
        kind="relative_move",
        threshold=0.10,
        symbols=("SPY", "QQQ"),
        against=("VTWO",),
        window=63,
    )


def alert_example(engine: Engine) -> dict[str, Any] | None:
    """The newest alert event; else the last session on which the seeded rule (stored
    or not) would have fired on the stored prices; None when neither exists."""
    from app.alerts import rules
    from app.alerts import service as alerts

    latest = alerts.list_events(engine, limit=1)
    if latest:
        event = latest[0]
        try:
            rule = alerts.get_rule(engine, event["rule"])
        except alerts.RuleNotFoundError:  # deleted since it fired
            rule = None
        return {
            "fired": True,
            "message": event["message"],
            "date": dt.date.fromisoformat(event["date"]),
            "rule": rule["description"] if rule else None,
        }
    rule = _sample_rule()
    try:
        # The last firing is what the page shows: a few recent years are enough, and a
        # cold render then costs the same whatever the length of the stored history.
        since = dt.date.today() - dt.timedelta(days=BACKTEST_DAYS)
        history = rules.backtest(rule, alerts.load_data(engine, [rule], since))
    except Exception:  # missing symbols or too short a history: no example, no error page
        log.exception("front door: backtest of the sample rule failed")
        return None
    if not history:
        return None
    day, firing = history[-1]
    return {
        "fired": False,
        "message": firing.message,
        "date": day,
        "rule": rules.describe(rule),
        "count": len(history),
    }


def front_door(engine: Engine) -> dict[str, Any]:
    return {
        "research": research_example(engine),
        "pair": pair_example(engine),
        "alert": alert_example(engine),
    }
