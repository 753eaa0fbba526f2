"""ORM tables. One name per idea: symbol, bar, snapshot, refresh run, note."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Meta(Base):
    """Small key/value facts, e.g. `data_version`, bumped by every write pages show."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)


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


class Note(Base):
    """A research note and the engine's reading of it (scored on every save)."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    slug: Mapped[str] = mapped_column(String(120), nullable=False, unique=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    author: Mapped[str] = mapped_column(String(120), nullable=False)
    published_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    score: Mapped[float] = mapped_column(Float, nullable=False)
    label: Mapped[str] = mapped_column(String(24), nullable=False, index=True)
    engine_version: Mapped[str] = mapped_column(String(32), nullable=False)
    # Per-sentence scores as the engine returned them, for highlighting.
    sentences: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False, default=list)
    source: Mapped[str] = mapped_column(String(16), nullable=False, default="api")

    tickers: Mapped[list[NoteTicker]] = relationship(
        back_populates="note",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="NoteTicker.symbol",
    )


class NoteTicker(Base):
    """A ticker linked to a note: found by the engine, given explicitly, or both."""

    __tablename__ = "note_tickers"

    note_id: Mapped[int] = mapped_column(
        ForeignKey("notes.id", ondelete="CASCADE"), primary_key=True
    )
    symbol: Mapped[str] = mapped_column(String(16), primary_key=True, index=True)
    score: Mapped[float] = mapped_column(Float, nullable=False)
    label: Mapped[str] = mapped_column(String(24), nullable=False)
    mentions: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # True when an author linked the ticker; such links survive a rescore even
    # when the engine no longer finds the ticker in the text.
    explicit: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # The engine's tone for the ticker and the explicit call that decided its stance
    # (None without one). NULL tone: stored before these columns; a rescore fills it.
    tone: Mapped[float | None] = mapped_column(Float)
    call_kind: Mapped[str | None] = mapped_column(String(32))
    call_text: Mapped[str | None] = mapped_column(Text)
    call_sentence: Mapped[int | None] = mapped_column(Integer)

    note: Mapped[Note] = relationship(back_populates="tickers")


class SentimentSummary(Base):
    """Overall sentiment of one scope (the universe or one symbol), stored on every
    note write so reads never recompute it. See app.research.overall."""

    __tablename__ = "sentiment_summaries"

    scope: Mapped[str] = mapped_column(String(16), primary_key=True)
    score: Mapped[float | None] = mapped_column(Float)
    label: Mapped[str | None] = mapped_column(String(24))
    note_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    as_of: Mapped[dt.datetime | None] = mapped_column(DateTime)
    half_life_days: Mapped[float] = mapped_column(Float, nullable=False)
    history: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False, default=list)
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


# Accounts, demo leads and the notification outbox live with their packages; importing
# them here registers their tables on Base.metadata for Alembic and create_all.
# Module imports (not names) so importing any of them first is not a circular-import error.
from app.accounts import models as _accounts_models  # noqa: E402, F401
from app.alerts import models as _alerts_models  # noqa: E402, F401
from app.leads import models as _leads_models  # noqa: E402, F401
from app.notify import models as _notify_models  # noqa: E402, F401
from app.portfolios import models as _portfolios_models  # noqa: E402, F401
from app.research import audit as _research_audit  # noqa: E402, F401
