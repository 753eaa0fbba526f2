"""ORM tables of alerts: rules, the events they fire, and the scheduler's lease.

At most one event per rule per trigger date is a database constraint, not a check in
code, so evaluators racing in several processes cannot duplicate an event.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, utcnow

RULE_KINDS = ("price_move", "relative_move", "pair", "sentiment", "drawdown")
DIRECTIONS = ("above", "below")


class AlertRule(Base):
    """A condition watched after every refresh and note save.

    - price_move: ``symbols`` (one), ``window`` sessions, ``threshold`` (0.1 = 10 %).
    - relative_move: ``symbols`` (basket A, equal-weighted) vs ``against`` (basket B).
    - pair: ``pair_id``; ``measure`` "move" (since entry) or "zscore" (1 year).
    - sentiment: ``symbols`` (one); ``measure`` "stance" or "tone"; ``threshold`` a score.
    - drawdown: ``symbols`` (one), ``threshold`` (0.2 = a 20 % fall from the high).
    ``direction`` "above" or "below" the threshold; None for moves means either way
    (the absolute move crosses the threshold).
    """

    __tablename__ = "alert_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    symbols: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    against: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    pair_id: Mapped[int | None] = mapped_column(
        ForeignKey("saved_pairs.id", ondelete="CASCADE"), index=True
    )
    window: Mapped[int | None] = mapped_column(Integer)
    threshold: Mapped[float] = mapped_column(Float, nullable=False)
    direction: Mapped[str | None] = mapped_column(String(8))
    measure: Mapped[str | None] = mapped_column(String(16))
    webhook_url: Mapped[str | None] = mapped_column(String(1000))
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_by: Mapped[str] = mapped_column(String(120), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class AlertEvent(Base):
    """A rule that fired on a trigger date (a session date)."""

    __tablename__ = "alert_events"
    __table_args__ = (UniqueConstraint("rule_id", "date", name="uq_alert_events_rule_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    rule_id: Mapped[int] = mapped_column(
        ForeignKey("alert_rules.id", ondelete="CASCADE"), nullable=False
    )
    date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    value: Mapped[float] = mapped_column(Float, nullable=False)
    threshold: Mapped[float] = mapped_column(Float, nullable=False)
    message: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime, nullable=False, default=utcnow, index=True
    )


class SchedulerLease(Base):
    """Who runs the scheduler: one row per job name, held until ``expires_at``.

    The holder renews it while alive; a crashed holder's lease lapses and another
    process takes over. On PostgreSQL an advisory lock guards the same role, and the
    row still records holder, last run and next run for /healthz and the admin page.
    """

    __tablename__ = "scheduler_lease"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str | None] = mapped_column(String(200))
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_run_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_status: Mapped[str | None] = mapped_column(String(200))
    next_run_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
