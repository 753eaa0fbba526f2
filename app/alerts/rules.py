"""Alert rules, evaluated purely: (rule, data, date) -> maybe a Firing.

Firing semantics (documented in the README, shared by evaluation and backtests)
    A rule fires on a session when its condition holds on that session:
    - moves (price_move, relative_move, pair "move"/"zscore") with a direction fire when
      the value is at or beyond the threshold on that side (``above``: value >= +t,
      ``below``: value <= -t); without a direction when ``|value| >= t``;
    - sentiment fires when the score is at or beyond the threshold in the direction
      (``above``: value >= t, ``below``: value <= t), on a day a note moved it;
    - drawdown fires when the fall from the 1-year high is at least the threshold.
    A condition that holds on consecutive sessions fires on each of them; the database
    keeps at most one event per rule per date, so re-evaluating a session never repeats.

Values (decimal fractions: 0.1 = 10 %)
    - price_move: ``P[t] / P[t - window] - 1``, ``t - window`` counted in the symbol's
      sessions.
    - relative_move: equal-weighted basket A return minus basket B return over the same
      two dates: session ``t`` and the session ``window`` sessions earlier, on the sessions
      every symbol of both baskets has (so each close is that day's close).
    - pair: the saved pair's spread (app.market.pairs): the move since its entry date
      (``spread / 100 - 1``) or the 1-year (252-session) z-score of the spread.
    - sentiment: the ticker's recency-weighted stance or tone as of the end of a day on
      which a note about it was published (the stored overall-sentiment history).
    - drawdown: ``P[t] / max(P over [1Y base date, t]) - 1`` (SPEC 3), reported as the fall.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from app.market import pairs
from app.market.analytics import target_date

MOVE_KINDS = ("price_move", "relative_move", "pair")


@dataclass(frozen=True)
class PairSpec:
    """What a pair rule needs from a saved pair."""

    id: int
    name: str
    long_legs: Mapping[str, float]
    short_legs: Mapping[str, float]
    entry_date: dt.date


@dataclass(frozen=True)
class Rule:
    """A rule as plain data (the ORM row's fields; see app.alerts.models.AlertRule)."""

    id: int
    kind: str
    threshold: float
    symbols: tuple[str, ...] = ()
    against: tuple[str, ...] = ()
    window: int | None = None
    direction: str | None = None
    measure: str | None = None
    pair: PairSpec | None = None


@dataclass(frozen=True)
class Firing:
    value: float
    threshold: float
    message: str


@dataclass(frozen=True)
class Data:
    """Inputs of evaluation: adjusted closes by symbol, and sentiment series by
    (measure, symbol), each indexed by date (ascending)."""

    closes: Mapping[str, pd.Series] = field(default_factory=dict)
    sentiment: Mapping[tuple[str, str], pd.Series] = field(default_factory=dict)


# -- wording -------------------------------------------------------------------------


def pct(value: float, signed: bool = True) -> str:
    """12.4 % with an explicit sign and a true minus: "+12.4 %", "−3.0 %"; a move under
    1 % keeps two decimals, so a small threshold never reads as "0.0 %"."""
    percent = abs(value) * 100
    text = f"{percent:.{2 if 0 < percent < 1 else 1}f} %"
    if not signed:
        return text
    return ("−" if value < 0 else "+") + text


def _num(value: float, signed: bool = True) -> str:
    text = f"{abs(value):.2f}"
    if not signed:
        return text
    return ("−" if value < 0 else "+") + text


def basket_name(symbols: Sequence[str]) -> str:
    return "+".join(symbols)


def subject(rule: Rule) -> str:
    """What the rule watches, e.g. "SPY+QQQ vs VTWO"."""
    if rule.kind == "relative_move":
        return f"{basket_name(rule.symbols)} vs {basket_name(rule.against)}"
    if rule.kind == "pair":
        return f"pair “{rule.pair.name}”" if rule.pair else "a deleted pair"
    return basket_name(rule.symbols)


def _fmt(rule: Rule, value: float, signed: bool = True) -> str:
    zscore = rule.kind == "pair" and rule.measure == "zscore"
    if rule.kind == "sentiment" or zscore:
        return _num(value, signed)
    return pct(value, signed)


def _bound(rule: Rule) -> str:
    """The threshold as a condition: "beyond ±10.0 %", "above +10.0 %", "below −0.30"."""
    threshold = rule.threshold
    if rule.kind == "sentiment":
        return f"{rule.direction} {_fmt(rule, threshold)}"
    if rule.kind == "drawdown":
        return f"of at least {_fmt(rule, threshold, signed=False)}"
    if rule.direction is None:
        return f"beyond ±{_fmt(rule, threshold, signed=False)}"
    return f"{rule.direction} {_fmt(rule, threshold if rule.direction == 'above' else -threshold)}"


def describe(rule: Rule) -> str:
    """The rule as a sentence, e.g. "SPY+QQQ vs VTWO: relative move over 63 sessions
    beyond ±10.0 %"."""
    name = subject(rule)
    if rule.kind == "price_move":
        return f"{name}: move over {rule.window} sessions {_bound(rule)}"
    if rule.kind == "relative_move":
        return f"{name}: relative move over {rule.window} sessions {_bound(rule)}"
    if rule.kind == "pair":
        what = "1-year z-score of the spread" if rule.measure == "zscore" else "move since entry"
        return f"{name}: {what} {_bound(rule)}"
    if rule.kind == "sentiment":
        return f"{name}: research {rule.measure or 'stance'} {_bound(rule)}"
    return f"{name}: drawdown from the 1-year high {_bound(rule)}"


def message(rule: Rule, value: float) -> str:
    """The event as a sentence, e.g. "SPY+QQQ vs VTWO moved +12.4 % in 63 sessions,
    above +10.0 %"."""
    name = subject(rule)
    threshold = rule.threshold
    side = rule.direction or ("above" if value >= 0 else "below")
    if rule.kind in ("price_move", "relative_move"):
        bound = _fmt(rule, threshold if side == "above" else -threshold)
        return f"{name} moved {_fmt(rule, value)} in {rule.window} sessions, {side} {bound}"
    if rule.kind == "pair":
        bound = _fmt(rule, threshold if side == "above" else -threshold)
        if rule.measure == "zscore":
            return f"{name}: spread z-score {_fmt(rule, value)}, {side} {bound}"
        return f"{name} moved {_fmt(rule, value)} since entry, {side} {bound}"
    if rule.kind == "sentiment":
        what = rule.measure or "stance"
        return (
            f"{name} research {what} {_fmt(rule, value)}, {rule.direction} {_fmt(rule, threshold)}"
        )
    fall, limit = pct(value, signed=False), pct(threshold, signed=False)
    return f"{name} is {fall} below its 1-year high, beyond {limit}"


# -- values ----------------------------------------------------------------------------


def _shared(closes: Mapping[str, pd.Series], symbols: Sequence[str]) -> pd.DataFrame:
    """Closes of ``symbols`` on the dates all of them have, oldest first."""
    frame = pd.concat({s: closes[s] for s in symbols}, axis=1, join="inner")
    return frame.sort_index().dropna()


def _basket_returns(frame: pd.DataFrame, symbols: Sequence[str], window: int) -> pd.Series:
    return (frame[list(symbols)] / frame[list(symbols)].shift(window) - 1).mean(axis=1)


def _drawdown(closes: pd.Series) -> pd.Series:
    """Fall from the running high since each session's 1-year base date (SPEC 3)."""
    closes = closes.sort_index().dropna()
    dates = pd.DatetimeIndex(closes.index)
    values = closes.to_numpy(dtype="float64")
    out = np.full(len(values), np.nan)
    for index, day in enumerate(dates):
        base = target_date("1Y", day.date())
        start = int(np.searchsorted(dates.values, np.datetime64(base), side="right")) - 1
        if start < 0:
            continue
        out[index] = values[index] / values[start : index + 1].max() - 1
    return pd.Series(out, index=dates)


def values(rule: Rule, data: Data) -> pd.Series:
    """The rule's value on every session it can be evaluated on (NaN dropped)."""
    try:
        series = _values(rule, data)
    except KeyError:  # a symbol without prices: nothing to evaluate
        return pd.Series(dtype="float64")
    series.index = pd.DatetimeIndex(series.index)
    return series.dropna()


def _values(rule: Rule, data: Data) -> pd.Series:
    closes = data.closes
    if rule.kind == "price_move":
        series = closes[rule.symbols[0]].sort_index().dropna()
        return series / series.shift(rule.window or 1) - 1
    if rule.kind == "relative_move":
        frame = _shared(closes, [*rule.symbols, *rule.against])
        window = rule.window or 1
        return _basket_returns(frame, rule.symbols, window) - _basket_returns(
            frame, rule.against, window
        )
    if rule.kind == "pair":
        if rule.pair is None:
            return pd.Series(dtype="float64")
        pair = rule.pair
        if rule.measure == "zscore":
            first = dt.date(1900, 1, 1)  # the z-score ignores rebasing: use all history
            return pairs.zscore(pairs.spread(closes, pair.long_legs, pair.short_legs, first))
        spread = pairs.spread(closes, pair.long_legs, pair.short_legs, pair.entry_date)
        return spread.loc[spread.index >= pd.Timestamp(pair.entry_date)] / 100.0 - 1
    if rule.kind == "sentiment":
        return data.sentiment.get((rule.measure or "stance", rule.symbols[0]), pd.Series())
    if rule.kind == "drawdown":
        return _drawdown(closes[rule.symbols[0]])
    raise ValueError(f"unknown rule kind {rule.kind!r}")


def holds(rule: Rule, value: float) -> bool:
    """Whether ``value`` meets the rule's condition (see the module docstring)."""
    threshold = rule.threshold
    if rule.kind == "drawdown":
        return -value >= threshold
    if rule.kind == "sentiment":
        return value >= threshold if rule.direction == "above" else value <= threshold
    if rule.direction == "above":
        return value >= threshold
    if rule.direction == "below":
        return value <= -threshold
    return abs(value) >= threshold


def firing(rule: Rule, value: float) -> Firing | None:
    if not holds(rule, value):
        return None
    return Firing(value=float(value), threshold=rule.threshold, message=message(rule, value))


def evaluate(rule: Rule, data: Data, date: dt.date) -> Firing | None:
    """The rule on ``date``: a Firing when its condition holds that session, else None
    (also when ``date`` is not a session the rule can be evaluated on)."""
    series = values(rule, data)
    key = pd.Timestamp(date)
    if key not in series.index:
        return None
    return firing(rule, float(series.loc[key]))


def latest_date(rule: Rule, data: Data) -> dt.date | None:
    """The latest session the rule can be evaluated on."""
    series = values(rule, data)
    return None if series.empty else series.index[-1].date()


def backtest(
    rule: Rule, data: Data, start: dt.date | None = None, end: dt.date | None = None
) -> list[tuple[dt.date, Firing]]:
    """Every session in [start, end] on which the rule would have fired, oldest first."""
    series = values(rule, data)
    if start is not None:
        series = series.loc[series.index >= pd.Timestamp(start)]
    if end is not None:
        series = series.loc[series.index <= pd.Timestamp(end)]
    fired = [(day.date(), firing(rule, float(v))) for day, v in series.items()]
    return [(day, f) for day, f in fired if f is not None]
