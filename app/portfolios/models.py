"""ORM tables of saved pairs (long and short legs with weights, a fixed entry date) and
saved portfolios (signed weights), owned by the user who saved them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, utcnow


class SavedPair(Base):
    """``long_legs`` / ``short_legs``: {"SPY": 0.5, "QQQ": 0.5}; weights within a side
    sum to 1. The entry date is fixed when the pair is saved: P&L counts from it."""

    __tablename__ = "saved_pairs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    long_legs: Mapped[dict[str, float]] = mapped_column(JSON, nullable=False)
    short_legs: Mapped[dict[str, float]] = mapped_column(JSON, nullable=False)
    entry_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    created_by: Mapped[str] = mapped_column(String(120), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class SavedPortfolio(Base):
    """Signed weights ({"NVDA": 0.4, "VTWO": -0.2}); the rest of the capital is cash."""

    __tablename__ = "saved_portfolios"
    __table_args__ = (UniqueConstraint("owner", "name", name="uq_saved_portfolios_owner_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    owner: Mapped[str] = mapped_column(String(120), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    weights: Mapped[dict[str, float]] = mapped_column(JSON, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
