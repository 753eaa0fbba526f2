"""ORM tables of research: notes, their linked tickers, the stored overall sentiment
and the notes' audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, utcnow


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


class NoteAudit(Base):
    """Who created, edited or deleted a note, and what changed (see app.research.audit).

    No foreign key to the note, so the record of a deletion survives the note."""

    __tablename__ = "note_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    note_id: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    action: Mapped[str] = mapped_column(String(16), nullable=False)
    actor: Mapped[str] = mapped_column(String(120), nullable=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    # The note's title at the time: a deleted note's rows still say which note it was.
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    # {field: {"old": ..., "new": ...}}; for "body" only {"changed": true, "chars": n}.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
