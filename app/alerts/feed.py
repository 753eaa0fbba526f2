"""The alert events feed: events newest first, events after an id for live streams,
and counts (all, per rule, unread since the last event a user saw).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from app.alerts.models import AlertEvent, AlertRule

# -- events ----------------------------------------------------------------------------


def list_events(
    engine: Engine, rule_id: int | None = None, limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    """Events newest first (by trigger date, then by when they were stored)."""
    query = (
        select(AlertEvent)
        .order_by(AlertEvent.date.desc(), AlertEvent.id.desc())
        .limit(limit)
        .offset(offset)
    )
    if rule_id is not None:
        query = query.where(AlertEvent.rule_id == rule_id)
    with Session(engine) as session:
        return [event_dict(e) for e in session.scalars(query)]


def event_dict(event: AlertEvent) -> dict[str, Any]:
    return {
        "id": event.id,
        "rule": event.rule_id,
        "date": event.date.isoformat(),
        "value": event.value,
        "threshold": event.threshold,
        "message": event.message,
        "created_at": event.created_at.isoformat(timespec="seconds"),
    }


def count_events(engine: Engine, rule_id: int | None = None) -> int:
    query = select(func.count()).select_from(AlertEvent)
    if rule_id is not None:
        query = query.where(AlertEvent.rule_id == rule_id)
    with Session(engine) as session:
        return int(session.scalar(query) or 0)


def latest_event_id(engine: Engine) -> int:
    with Session(engine) as session:
        return int(session.scalar(select(func.max(AlertEvent.id))) or 0)


def events_after(engine: Engine, after_id: int, limit: int = 50) -> list[dict[str, Any]]:
    """Events stored after ``after_id``, oldest first (for live streams)."""
    query = select(AlertEvent).where(AlertEvent.id > after_id).order_by(AlertEvent.id).limit(limit)
    with Session(engine) as session:
        return [event_dict(e) for e in session.scalars(query)]


def unread_count(engine: Engine, seen_id: int) -> int:
    query = select(func.count()).select_from(AlertEvent).where(AlertEvent.id > seen_id)
    with Session(engine) as session:
        return int(session.scalar(query) or 0)


def pair_marks(engine: Engine, pair_id: int) -> list[dict[str, Any]]:
    """Dates on which an alert rule watching this saved pair fired, oldest first."""
    query = (
        select(AlertEvent.date, AlertEvent.value, AlertEvent.message, AlertEvent.rule_id)
        .join(AlertRule, AlertRule.id == AlertEvent.rule_id)
        .where(AlertRule.pair_id == pair_id)
        .order_by(AlertEvent.date, AlertEvent.rule_id)
    )
    with engine.connect() as conn:
        return [
            {"date": day.isoformat(), "value": value, "message": message, "rule_id": rule_id}
            for day, value, message, rule_id in conn.execute(query)
        ]
