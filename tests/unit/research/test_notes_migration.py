"""Migration 0002: the notes tables come and go with their revision."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, inspect

from app import migrate

NOTE_TABLES = {"notes", "note_tickers", "sentiment_summaries"}


def test_0002_upgrade_and_downgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    engine = create_engine(url)
    migrate.upgrade(url, "0001")
    assert not NOTE_TABLES & set(inspect(engine).get_table_names())

    migrate.upgrade(url, "0002")
    inspector = inspect(engine)
    assert set(inspector.get_table_names()) >= NOTE_TABLES
    assert {c["name"] for c in inspector.get_columns("notes")} >= {
        "slug", "title", "body", "author", "published_at", "score", "label",
        "engine_version", "sentences", "source",
    }  # fmt: skip
    assert inspector.get_pk_constraint("note_tickers")["constrained_columns"] == [
        "note_id",
        "symbol",
    ]
    (fk,) = inspector.get_foreign_keys("note_tickers")
    assert fk["referred_table"] == "notes" and fk["options"].get("ondelete") == "CASCADE"
    assert any(u["column_names"] == ["slug"] for u in inspector.get_unique_constraints("notes"))

    migrate.downgrade(url, "0001")
    tables = set(inspect(engine).get_table_names())
    assert not NOTE_TABLES & tables
    assert {"bars", "symbols", "snapshots"} <= tables
    engine.dispose()
