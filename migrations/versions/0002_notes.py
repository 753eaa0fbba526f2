"""research notes, their tickers and the stored overall sentiment

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=120), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("label", sa.String(length=24), nullable=False),
        sa.Column("engine_version", sa.String(length=32), nullable=False),
        sa.Column("sentences", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug"),
    )
    with op.batch_alter_table("notes") as batch:
        batch.create_index("ix_notes_published_at", ["published_at"])
        batch.create_index("ix_notes_label", ["label"])
    op.create_table(
        "note_tickers",
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("symbol", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("label", sa.String(length=24), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.Column("explicit", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["note_id"], ["notes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("note_id", "symbol"),
    )
    with op.batch_alter_table("note_tickers") as batch:
        batch.create_index("ix_note_tickers_symbol", ["symbol"])
    op.create_table(
        "sentiment_summaries",
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("label", sa.String(length=24), nullable=True),
        sa.Column("note_count", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.DateTime(), nullable=True),
        sa.Column("half_life_days", sa.Float(), nullable=False),
        sa.Column("history", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("scope"),
    )


def downgrade() -> None:
    op.drop_table("sentiment_summaries")
    with op.batch_alter_table("note_tickers") as batch:
        batch.drop_index("ix_note_tickers_symbol")
    op.drop_table("note_tickers")
    with op.batch_alter_table("notes") as batch:
        batch.drop_index("ix_notes_label")
        batch.drop_index("ix_notes_published_at")
    op.drop_table("notes")
