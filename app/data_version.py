"""A counter that changes whenever data shown on pages changes.

Writers bump it inside their own transaction (a refresh, a note save), so a reader
that sees the new version also sees the new data. Page caches in every process key
their entries by it, which invalidates them across processes and hosts.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Connection, Engine, String, text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base

KEY = "data_version"


class Meta(Base):
    """Small key/value facts, e.g. `data_version`, bumped by every write pages show."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)


def bump(conn: Connection) -> None:
    """Increment the version within the caller's transaction.

    One upsert, not UPDATE-then-INSERT: on PostgreSQL two first writers would both
    find no row and the second INSERT would fail on the primary key."""
    conn.execute(
        text(
            "INSERT INTO meta (key, value) VALUES (:key, 1) "
            "ON CONFLICT (key) DO UPDATE SET value = meta.value + 1"
        ),
        {"key": KEY},
    )


def read(engine: Engine) -> int:
    with engine.connect() as conn:
        value = conn.execute(text("SELECT value FROM meta WHERE key = :key"), {"key": KEY}).scalar()
    return int(value or 0)
