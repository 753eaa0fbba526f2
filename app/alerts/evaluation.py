"""Alert evaluation and backtests, and the data they read.

Evaluation reads the rules and their data, asks the pure rules (app.alerts.rules)
whether each fires, and writes the events with INSERT … ON CONFLICT DO NOTHING on
(rule, date) together with their outbox rows in one transaction. The database's
unique key, not a check in code, is what keeps two evaluators racing from writing
the same event twice. When something was inserted the data version is bumped, so
page caches and live streams in every process see the new events.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app import data_version
from app.alerts import rules
from app.alerts.models import AlertEvent, AlertRule
from app.alerts.rule_store import RuleNotFoundError, _load_rules
from app.config import Settings
from app.db import session_scope
from app.market import store
from app.notify import outbox
from app.research.models import Note, NoteTicker, SentimentSummary

log = logging.getLogger(__name__)

TOPIC = "alert.fired"

# -- data ------------------------------------------------------------------------------


def _stance_series(session: Session, symbol: str) -> pd.Series:
    row = session.get(SentimentSummary, symbol)
    history = row.history if row is not None else []
    return pd.Series(
        {pd.Timestamp(p["date"]): float(p["score"]) for p in history}, dtype="float64"
    ).sort_index()


def _tone_series(session: Session, symbol: str) -> pd.Series:
    """Recency-weighted tone (mean score of the sentences naming the ticker) as of the end
    of each day a note about it was published; weighted like the stance."""
    from app.research.overall import weighted_mean

    points: list[tuple[dt.datetime, float]] = []
    query = (
        select(Note.published_at, Note.sentences)
        .join(NoteTicker, NoteTicker.note_id == Note.id)
        .where(NoteTicker.symbol == symbol)
        .order_by(Note.published_at)
    )
    for published_at, sentences in session.execute(query):
        scores = [s["score"] for s in sentences or [] if symbol in (s.get("tickers") or [])]
        if scores:
            points.append((published_at, sum(scores) / len(scores)))
    out: dict[pd.Timestamp, float] = {}
    for i, (when, _) in enumerate(points):
        if i + 1 == len(points) or points[i + 1][0].date() != when.date():
            out[pd.Timestamp(when.date())] = round(weighted_mean(points[: i + 1]) or 0.0, 4)
    return pd.Series(out, dtype="float64")


def _symbols_needed(rule: rules.Rule) -> set[str]:
    if rule.kind == "sentiment":
        return set()
    if rule.kind == "pair":
        return set(rule.pair.long_legs) | set(rule.pair.short_legs) if rule.pair else set()
    return {*rule.symbols, *rule.against}


def load_data(
    engine: Engine, rule_list: Sequence[rules.Rule], since: dt.date | None = None
) -> rules.Data:
    """Closes (from ``since``, else all) and sentiment series for ``rule_list`` (read,
    never computed by the engine)."""
    symbols = sorted(set().union(*(_symbols_needed(r) for r in rule_list)) if rule_list else [])
    closes: dict[str, pd.Series] = {}
    with engine.connect() as conn:
        for symbol in symbols:
            series = store.load_closes(conn, symbol, since)
            if not series.empty:
                series.index = pd.DatetimeIndex(series.index)
                closes[symbol] = series
    sentiment: dict[tuple[str, str], pd.Series] = {}
    with Session(engine) as session:
        for r in rule_list:
            if r.kind == "sentiment":
                key = (r.measure or "stance", r.symbols[0])
                if key not in sentiment:
                    loader = _tone_series if key[0] == "tone" else _stance_series
                    sentiment[key] = loader(session, key[1])
    return rules.Data(closes=closes, sentiment=sentiment)


# -- evaluation ------------------------------------------------------------------------


def _insert(session: Session) -> Any:
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def event_payload(rule_id: int, day: dt.date, fired: rules.Firing, text: str) -> dict[str, Any]:
    return {
        "rule": rule_id,
        "date": day.isoformat(),
        "value": fired.value,
        "threshold": fired.threshold,
        "message": fired.message,
        "rule_text": text,
    }


def store_events(
    engine: Engine,
    settings: Settings,
    found: Sequence[tuple[AlertRule, rules.Rule, dt.date, rules.Firing]],
) -> list[dict[str, Any]]:
    """Insert events (skipping any already stored for that rule and date) with their
    outbox rows, in one transaction. Returns the events this call inserted."""
    inserted: list[dict[str, Any]] = []
    if not found:
        return inserted
    with session_scope(engine) as session:
        insert = _insert(session)
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        for row, rule, day, fired in found:
            new_id = session.execute(
                insert(AlertEvent)
                .values(
                    rule_id=row.id,
                    date=day,
                    value=fired.value,
                    threshold=fired.threshold,
                    message=fired.message,
                    created_at=now,
                )
                .on_conflict_do_nothing(index_elements=["rule_id", "date"])
                .returning(AlertEvent.id)
            ).scalar()
            if new_id is None:
                continue  # another evaluator (or an earlier run) stored it
            payload = {"id": new_id, **event_payload(row.id, day, fired, rules.describe(rule))}
            outbox.enqueue_alert(session, TOPIC, payload, settings, row.webhook_url)
            inserted.append(payload)
        if inserted:
            data_version.bump(session.connection())
    return inserted


def evaluate(
    engine: Engine,
    settings: Settings,
    as_of: dt.date | None = None,
    kinds: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """Evaluate every active rule on its latest session (or on ``as_of`` only) and store
    the events that fire. Returns the events inserted by this call."""
    with Session(engine) as session:
        loaded = _load_rules(session)
        session.expunge_all()
    if kinds is not None:
        loaded = [(row, rule) for row, rule in loaded if rule.kind in kinds]
    data = load_data(engine, [rule for _, rule in loaded])
    found: list[tuple[AlertRule, rules.Rule, dt.date, rules.Firing]] = []
    for row, rule in loaded:
        day = as_of or rules.latest_date(rule, data)
        if day is None:
            continue
        fired = rules.evaluate(rule, data, day)
        if fired is not None:
            found.append((row, rule, day, fired))
    return store_events(engine, settings, found)


def evaluate_quietly(engine: Engine, settings: Settings, kinds: Sequence[str] | None = None) -> int:
    """The hook after a refresh or a note save: evaluation never fails the write that
    triggered it (the next refresh or an explicit `alerts evaluate` catches up)."""
    try:
        return len(evaluate(engine, settings, kinds=kinds))
    except Exception:
        log.exception("alert evaluation failed")
        return 0


def after_note_save(engine: Engine, settings: Settings) -> int:
    return evaluate_quietly(engine, settings, kinds=("sentiment",))


def backtest(
    engine: Engine, rule_id: int, start: dt.date | None = None, end: dt.date | None = None
) -> list[dict[str, Any]]:
    """The dates (with values) on which the rule would have fired in [start, end]."""
    with Session(engine) as session:
        found = _load_rules(session, active_only=False, ids=[rule_id])
    if not found:
        raise RuleNotFoundError(f"no alert rule {rule_id}")
    rule = found[0][1]
    data = load_data(engine, [rule])
    return [
        {"date": day.isoformat(), "value": f.value, "threshold": f.threshold, "message": f.message}
        for day, f in rules.backtest(rule, data, start, end)
    ]
