"""Saved pairs and saved portfolios: validation, storage, and the figures their pages show.

Validation collects every problem at once as ``{field: message}`` (``ValidationError``)
so a form can show each next to its field. Symbols must be in the configured universe:
the pages only have prices for those.

Pair figures come from app.market.pairs on the stored adjusted closes; the entry date
is the one saved with the pair, never the displayed period's start. The dates flagged on
a pair come from `pair_mark_sources` (alerts adds the dates its pair rules fired, see
app.alerts.triggers), so this package never imports alerts.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select

from app.db import session_scope
from app.market import pairs, store
from app.market.analytics import CHART_PERIODS, target_date
from app.portfolios.models import SavedPair, SavedPortfolio
from app.research.models import SentimentSummary

NAME_MAX = 120
# (engine, pair id) → marks {"date": ISO date, "value", "message", "rule_id"}.
MarkSource = Callable[[Engine, int], list[dict[str, Any]]]
pair_mark_sources: list[MarkSource] = []
MAX_LEGS_PER_SIDE = 10
MAX_LEG_WEIGHT = 100.0
MAX_SAVED_PORTFOLIOS = 100
DATE_MIN, DATE_MAX = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
SINCE_ENTRY = "ENTRY"
PAIR_PERIODS = (SINCE_ENTRY, *CHART_PERIODS)
# The research note's trade (2026-01-12, "Outlook: quality over small caps"): long SPY and
# QQQ in equal notional, short VTWO, entered on the note's date.
EXAMPLE_PAIR: dict[str, Any] = {
    "name": "Quality over small caps",
    "long_legs": {"SPY": 0.5, "QQQ": 0.5},
    "short_legs": {"VTWO": 1.0},
    "entry_date": dt.date(2026, 1, 12),
}


class ValidationError(ValueError):
    """Input that can't be saved; ``fields`` maps each field to what is wrong with it."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("; ".join(fields.values()))
        self.fields = fields


# -- validation --------------------------------------------------------------------


def clean_name(raw: object, errors: dict[str, str]) -> str:
    name = " ".join(str(raw or "").split())
    if not name:
        errors["name"] = "Give it a name."
    elif len(name) > NAME_MAX:
        errors["name"] = f"Use at most {NAME_MAX} characters."
    elif not name.isprintable():
        errors["name"] = "Use printable characters only."
    return name


def _leg_weight(raw: object) -> float | None:
    try:
        value = float(str(raw).strip().removesuffix("%")) if isinstance(raw, str) else float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) and 0 < value <= MAX_LEG_WEIGHT else None


def _side(
    key: str, legs: Mapping[str, object], universe: Sequence[str], errors: dict[str, str]
) -> dict[str, float]:
    what = "long" if key == "long_legs" else "short"
    cleaned: dict[str, float] = {}
    for symbol, raw in legs.items():
        sym = str(symbol).strip().upper()
        weight = _leg_weight(raw)
        if sym not in universe:
            errors[key] = f"{sym[:16]!r} is not in the universe ({', '.join(universe)})."
        elif weight is None:
            errors[key] = f"{sym}: the weight must be a number above 0 and at most 100."
        else:
            cleaned[sym] = weight
    if key not in errors and not cleaned:
        errors[key] = f"Choose at least one {what} leg."
    elif len(cleaned) > MAX_LEGS_PER_SIDE:
        errors[key] = f"Use at most {MAX_LEGS_PER_SIDE} {what} legs."
    total = sum(cleaned.values())
    return {s: w / total for s, w in cleaned.items()} if cleaned else {}


def _entry(raw: object, today: dt.date, errors: dict[str, str]) -> dt.date | None:
    if isinstance(raw, dt.date):
        day: dt.date | None = raw
    else:
        text = str(raw or "").strip()
        try:
            day = dt.date.fromisoformat(text) if len(text) == 10 and text.isascii() else None
        except ValueError:
            day = None
    if day is None:
        errors["entry_date"] = "Give the entry date as 2026-01-12."
    elif not DATE_MIN <= day <= DATE_MAX:
        errors["entry_date"] = "Use an entry date between 1900 and 2100."
    elif day > today:
        errors["entry_date"] = "The entry date can't be in the future."
    return day


def validate_pair(
    data: Mapping[str, Any], universe: Sequence[str], today: dt.date
) -> dict[str, Any]:
    """A pair ready to store: name, each side's weights scaled to sum to 1, entry date."""
    errors: dict[str, str] = {}
    name = clean_name(data.get("name"), errors)
    long_legs = _side("long_legs", data.get("long_legs") or {}, universe, errors)
    short_legs = _side("short_legs", data.get("short_legs") or {}, universe, errors)
    both = sorted(set(long_legs) & set(short_legs))
    if both:
        errors["short_legs"] = f"{', '.join(both)} can't be on both sides."
    entry = _entry(data.get("entry_date"), today, errors)
    if errors:
        raise ValidationError(errors)
    return {"name": name, "long_legs": long_legs, "short_legs": short_legs, "entry_date": entry}


# -- saved pairs ---------------------------------------------------------------------


def pair_dict(pair: SavedPair) -> dict[str, Any]:
    return {
        "id": pair.id,
        "name": pair.name,
        "long_legs": dict(pair.long_legs),
        "short_legs": dict(pair.short_legs),
        "entry_date": pair.entry_date.isoformat(),
        "created_by": pair.created_by,
        "created_at": pair.created_at.isoformat(timespec="seconds"),
    }


def create_pair(
    engine: Engine, data: Mapping[str, Any], universe: Sequence[str], user: str, today: dt.date
) -> dict[str, Any]:
    clean = validate_pair(data, universe, today)
    with session_scope(engine) as db:
        pair = SavedPair(**clean, created_by=user[:120])
        db.add(pair)
        db.flush()
        return pair_dict(pair)


def list_pairs(engine: Engine) -> list[dict[str, Any]]:
    with session_scope(engine) as db:
        return [pair_dict(p) for p in db.scalars(select(SavedPair).order_by(SavedPair.id))]


def get_pair(engine: Engine, pair_id: int) -> dict[str, Any] | None:
    with session_scope(engine) as db:
        pair = db.get(SavedPair, pair_id)
        return None if pair is None else pair_dict(pair)


def delete_pair(engine: Engine, pair_id: int) -> bool:
    """Deletes the pair (its alert rules and their events go with it, by foreign key)."""
    with session_scope(engine) as db:
        pair = db.get(SavedPair, pair_id)
        if pair is None:
            return False
        db.delete(pair)
        return True


def pair_marks(engine: Engine, pair_id: int | None) -> list[dict[str, Any]]:
    """Dates to flag on a saved pair's chart, from every mark source, oldest first."""
    if pair_id is None:
        return []
    marks = [mark for source in pair_mark_sources for mark in source(engine, pair_id)]
    return sorted(marks, key=lambda mark: mark["date"])


# -- pair figures --------------------------------------------------------------------


@dataclass(frozen=True)
class PairFigures:
    entry: dt.date | None  # the shared session the spread is rebased on
    as_of: dt.date | None
    pnl: float | None  # spread / 100 - 1 on as_of
    zscore: float | None
    correlation: float | None
    beta: float | None
    window: pd.DataFrame  # spread, zscore, correlation, beta on the displayed sessions


def _last(series: pd.Series) -> float | None:
    if series.empty:
        return None
    value = float(series.iloc[-1])
    return value if math.isfinite(value) else None


def pair_figures(
    closes: Mapping[str, pd.Series],
    long_legs: Mapping[str, float],
    short_legs: Mapping[str, float],
    entry: dt.date,
    period: str = SINCE_ENTRY,
) -> PairFigures:
    """The pair's figures on its latest shared session, and the displayed window.

    The window starts at the entry session (``SINCE_ENTRY``) or at the period's start,
    which may be before entry: the spread is still 100 at entry, so the P&L never moves.
    """
    empty = pd.DataFrame(columns=["spread", "zscore", "correlation", "beta"], dtype="float64")
    if any(closes.get(s) is None or closes[s].empty for s in [*long_legs, *short_legs]):
        return PairFigures(None, None, None, None, None, None, empty)
    history = pairs.spread_history(closes, long_legs, short_legs, entry)
    if history.empty:
        return PairFigures(None, None, None, None, None, None, empty)
    since = pairs.spread(closes, long_legs, short_legs, entry)
    entry_session, as_of = since.index[0], history.index[-1]
    z = pairs.zscore(history)
    rolling = pairs.rolling_correlation_beta(
        closes, long_legs, short_legs, history.index[0].date(), entry=entry
    )
    frame = pd.DataFrame(
        {"spread": history, "zscore": z, **{c: rolling[c] for c in rolling.columns}}
    )
    start = (
        entry_session if period == SINCE_ENTRY else pd.Timestamp(target_date(period, as_of.date()))
    )
    window = frame.loc[frame.index >= start]
    return PairFigures(
        entry=entry_session.date(),
        as_of=as_of.date(),
        pnl=float(since.iloc[-1] / 100.0 - 1.0),
        zscore=_last(z),
        correlation=_last(frame["correlation"]),
        beta=_last(frame["beta"]),
        window=window,
    )


# The longest view is 5Y, and its first day needs a trailing year for the z-score and 63
# sessions for correlation and beta: 7 years of closes before today cover it with room to
# spare, so a pair page costs the same whatever the length of the stored history.
HISTORY_DAYS = 7 * 366


def load_closes(
    engine: Engine, symbols: Sequence[str], since: dt.date | None = None
) -> dict[str, pd.Series]:
    with engine.connect() as conn:
        return {s: store.load_closes(conn, s, since) for s in dict.fromkeys(symbols)}


def pair_report(
    engine: Engine, pair: Mapping[str, Any], period: str = SINCE_ENTRY
) -> dict[str, Any]:
    """A saved pair (or the example) with its figures, window and alert marks."""
    long_legs, short_legs = pair["long_legs"], pair["short_legs"]
    entry = pair["entry_date"]
    entry = dt.date.fromisoformat(entry) if isinstance(entry, str) else entry
    since = min(entry, dt.date.today()) - dt.timedelta(days=HISTORY_DAYS)
    figures = pair_figures(
        load_closes(engine, [*long_legs, *short_legs], since), long_legs, short_legs, entry, period
    )
    return {
        **{k: v for k, v in pair.items() if k != "entry_date"},
        "entry_date": entry.isoformat(),
        "entry_session": figures.entry.isoformat() if figures.entry else None,
        "as_of": figures.as_of.isoformat() if figures.as_of else None,
        "period": period,
        "pnl": figures.pnl,
        "zscore": figures.zscore,
        "correlation": figures.correlation,
        "beta": figures.beta,
        "alerts": pair_marks(engine, pair.get("id")),
        "window": figures.window,
    }


def legs_text(legs: Mapping[str, float]) -> str:
    """{"SPY": 0.5, "QQQ": 0.5} → "SPY 50 % + QQQ 50 %"; one leg → "VTWO"."""
    if len(legs) == 1:
        return next(iter(legs))
    return " + ".join(f"{s} {w * 100:.0f}\u00a0%" for s, w in legs.items())


# -- saved portfolios ----------------------------------------------------------------


def portfolio_dict(row: SavedPortfolio) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "weights": dict(row.weights),
        "updated_at": row.updated_at.isoformat(timespec="seconds"),
    }


def save_portfolio(
    engine: Engine, owner: str, name: object, weights: Mapping[str, float]
) -> dict[str, Any]:
    """Saves (or replaces, by name) one of ``owner``'s portfolios."""
    errors: dict[str, str] = {}
    clean = clean_name(name, errors)
    if not weights:
        errors["weights"] = "Compute a portfolio before saving it."
    if errors:
        raise ValidationError(errors)
    with session_scope(engine) as db:
        row = db.scalars(
            select(SavedPortfolio).where(
                SavedPortfolio.owner == owner, SavedPortfolio.name == clean
            )
        ).first()
        if row is None:
            count = len(
                db.scalars(select(SavedPortfolio.id).where(SavedPortfolio.owner == owner)).all()
            )
            if count >= MAX_SAVED_PORTFOLIOS:
                raise ValidationError(
                    {"name": f"You have {MAX_SAVED_PORTFOLIOS} saved portfolios; delete one first."}
                )
            row = SavedPortfolio(owner=owner, name=clean, weights=dict(weights))
            db.add(row)
        else:
            row.weights = dict(weights)
            row.updated_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        db.flush()
        return portfolio_dict(row)


def list_portfolios(engine: Engine, owner: str) -> list[dict[str, Any]]:
    with session_scope(engine) as db:
        rows = db.scalars(
            select(SavedPortfolio)
            .where(SavedPortfolio.owner == owner)
            .order_by(SavedPortfolio.name)
        )
        return [portfolio_dict(r) for r in rows]


def delete_portfolio(engine: Engine, owner: str, portfolio_id: int) -> bool:
    """Deletes one of ``owner``'s portfolios; someone else's is left alone (False)."""
    with session_scope(engine) as db:
        row = db.get(SavedPortfolio, portfolio_id)
        if row is None or row.owner != owner:
            return False
        db.delete(row)
        return True


# -- research stance -----------------------------------------------------------------


def ticker_stances(engine: Engine, symbols: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The stored per-ticker sentiment (score, label, notes, as of) of each symbol."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                SentimentSummary.scope,
                SentimentSummary.score,
                SentimentSummary.label,
                SentimentSummary.note_count,
                SentimentSummary.as_of,
            ).where(SentimentSummary.scope.in_(list(symbols)))
        ).all()
    found = {
        scope: {"score": score, "label": label, "note_count": count, "as_of": as_of}
        for scope, score, label, count, as_of in rows
    }
    empty = {"score": None, "label": None, "note_count": 0, "as_of": None}
    return {s: found.get(s, dict(empty)) for s in symbols}


def weighted_stance(
    weights: Mapping[str, float], stances: Mapping[str, Mapping[str, Any]]
) -> float | None:
    """Σ w_i × score_i over the positions whose ticker has a score (None if none has)."""
    scored = [
        (w, stances[s]["score"]) for s, w in weights.items() if stances[s]["score"] is not None
    ]
    return sum(w * float(score) for w, score in scored) if scored else None
