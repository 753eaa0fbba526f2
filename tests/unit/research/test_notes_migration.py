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


def test_0006_adds_tone_and_call_columns_and_keeps_rows(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    engine = create_engine(url)
    migrate.upgrade(url, "0005")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO notes (id, slug, title, body, author, published_at, created_at,"
            " updated_at, score, label, engine_version, sentences, source) VALUES (1, 'n', 't',"
            " 'b', 'a', '2026-01-02', '2026-01-02', '2026-01-02', -0.3, 'mildly negative',"
            " 'fin-1.4', '[]', 'api')"
        )
        conn.exec_driver_sql(
            "INSERT INTO note_tickers (note_id, symbol, score, label, mentions, explicit)"
            " VALUES (1, 'VTWO', -0.3, 'mildly negative', 2, 0)"
        )
    migrate.upgrade(url, "0006")
    added = {"tone", "call_kind", "call_text", "call_sentence"}
    columns = {c["name"]: c for c in inspect(engine).get_columns("note_tickers")}
    assert added <= set(columns) and all(columns[c]["nullable"] for c in added)
    with engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT symbol, score, tone, call_kind, call_text, call_sentence FROM note_tickers"
        ).one()
    assert tuple(row) == ("VTWO", -0.3, None, None, None, None)
    (fk,) = inspect(engine).get_foreign_keys("note_tickers")  # batch mode kept the cascade
    assert fk["options"].get("ondelete") == "CASCADE"

    migrate.downgrade(url, "0005")
    assert not added & {c["name"] for c in inspect(engine).get_columns("note_tickers")}
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM note_tickers").scalar() == 1
    engine.dispose()
