"""Number and date formatting for templates: explicit signs with the Unicode minus,
units after a no-break space, one date style (2026-07-13) everywhere."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from jinja2 import Environment

MINUS = "\u2212"
NBSP = "\u00a0"
MISSING = "—"
# Upper bounds (in %) of the colour buckets of returns; beyond the last is the darkest.
HEAT_STEPS = (1.0, 5.0, 15.0)


def _finite(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def signed(value: Any, digits: int = 2, sign: bool = True) -> str:
    """1.234 → '+1.23'; −0.5 → '−0.50'; None → '—'. Zero gets no sign."""
    number = _finite(value)
    if number is None:
        return MISSING
    text = f"{abs(number):,.{digits}f}"
    if float(text.replace(",", "")) == 0:
        return text
    if number < 0:
        return MINUS + text
    return ("+" + text) if sign else text


def pct(value: Any, digits: int = 1, sign: bool = True) -> str:
    """A decimal fraction as a percentage: 0.042 → '+4.2 %'."""
    number = _finite(value)
    return MISSING if number is None else f"{signed(number * 100, digits, sign)}{NBSP}%"


def pp(value: Any, digits: int = 1) -> str:
    """A difference of two returns in percentage points: 0.013 → '+1.3 pp'."""
    number = _finite(value)
    return MISSING if number is None else f"{signed(number * 100, digits)}{NBSP}pp"


def num(value: Any, digits: int = 2, sign: bool = False) -> str:
    return signed(value, digits, sign)


def sentiment_figure(value: Any) -> str:
    """A sentiment score, cut (not rounded) to two decimals: 0.1486 shows as +0.14, so
    the figure never crosses into the next label band (neutral ends below 0.15)."""
    number = _finite(value)
    if number is None:
        return MISSING
    return signed(math.trunc(round(number * 100, 6)) / 100, 2, True)


def thousands(value: Any) -> str:
    number = _finite(value)
    return MISSING if number is None else signed(round(number), 0, sign=False)


def isodate(value: Any) -> str:
    """Dates as 2026-07-13; datetimes and ISO strings are cut to their date."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)[:10]


def _shown(value: Any, digits: int) -> float | None:
    """The value as a percentage rounded to what pct/pp show: 0.0004 at 1 digit is 0.0."""
    number = _finite(value)
    return None if number is None else round(number * 100, digits)


def arrow(value: Any, digits: int = 1) -> str:
    """▲ for up, ▼ for down, nothing for flat or missing (colour is never alone).

    ``digits`` is the precision the value is shown with (pct/pp): a value that shows as
    0.0 gets no arrow.
    """
    shown = _shown(value, digits)
    if shown is None or shown == 0:
        return ""
    return "▲" if shown > 0 else "▼"


def direction(value: Any, digits: int = 1) -> str:
    """CSS modifier for up/down/flat/missing values, at the shown precision."""
    shown = _shown(value, digits)
    if shown is None:
        return "na"
    return "up" if shown > 0 else "down" if shown < 0 else "flat"


def heat(value: Any) -> str:
    """Colour bucket of a return (heat-n3 … heat-0 … heat-p3) on a diverging scale."""
    number = _finite(value)
    if number is None:
        return "heat-na"
    size = abs(number) * 100
    level = sum(1 for step in HEAT_STEPS if size >= step)
    if level == 0:
        return "heat-0"
    return f"heat-{'p' if number > 0 else 'n'}{level}"


def sentiment_class(label: str | None) -> str:
    return {
        "negative": "neg2",
        "mildly negative": "neg1",
        "neutral": "neutral",
        "mildly positive": "pos1",
        "positive": "pos2",
    }.get(label or "", "none")


FILTERS = {
    "signed": signed,
    "pct": pct,
    "pp": pp,
    "num": num,
    "sentiment": sentiment_figure,
    "thousands": thousands,
    "isodate": isodate,
    "arrow": arrow,
    "direction": direction,
    "heat": heat,
    "sentiment_class": sentiment_class,
}


def install(env: Environment) -> None:
    env.filters.update(FILTERS)
