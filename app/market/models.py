"""ORM tables of prices: symbols, the analyst-added universe, daily bars, the
precomputed snapshots and the refresh runs that wrote them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, utcnow


class Symbol(Base):
    __tablename__ = "symbols"

    symbol: Mapped[str] = mapped_column(String(16), primary_key=True)
    # The instrument's name (Yahoo's metadata, else a built-in name; NULL: unknown).
    name: Mapped[str | None] = mapped_column(String(200))
    first_date: Mapped[dt.date | None] = mapped_column(Date)
    last_date: Mapped[dt.date | None] = mapped_column(Date)
    bar_count: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str | None] = mapped_column(String(16))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class UniverseSymbol(Base):
    """A symbol an analyst added to the universe from the web, and the state of the
    background fetch of its prices: queued, fetching, ready or failed."""

    __tablename__ = "universe_symbols"

    symbol: Mapped[str] = mapped_column(String(16), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="queued")
    message: Mapped[str | None] = mapped_column(Text)
    added_by: Mapped[str | None] = mapped_column(String(120))
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class Bar(Base):
    """One day of prices. Returns always use adj_close."""

    __tablename__ = "bars"
    __table_args__ = {"sqlite_with_rowid": False}  # clustered by (symbol, date)

    symbol: Mapped[str] = mapped_column(
        String(16), ForeignKey("symbols.symbol", ondelete="CASCADE"), primary_key=True
    )
    date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    open: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    low: Mapped[float | None] = mapped_column(Float)
    close: Mapped[float | None] = mapped_column(Float)
    adj_close: Mapped[float] = mapped_column(Float, nullable=False)
    volume: Mapped[int | None] = mapped_column(BigInteger)


class Snapshot(Base):
    """Precomputed metrics of one symbol as of its latest bar."""

    __tablename__ = "snapshots"

    symbol: Mapped[str] = mapped_column(
        String(16), ForeignKey("symbols.symbol", ondelete="CASCADE"), primary_key=True
    )
    as_of: Mapped[dt.date] = mapped_column(Date, nullable=False)
    benchmark: Mapped[str] = mapped_column(String(16), nullable=False)
    metrics: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    refresh_run_id: Mapped[int | None] = mapped_column(ForeignKey("refresh_runs.id"))
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class RefreshRun(Base):
    __tablename__ = "refresh_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(16), nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="running")
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    symbols_requested: Mapped[int] = mapped_column(Integer, default=0)
    rows_received: Mapped[int] = mapped_column(Integer, default=0)
    rows_written: Mapped[int] = mapped_column(Integer, default=0)
    snapshots_written: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    warnings: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    timings: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    message: Mapped[str | None] = mapped_column(Text)
