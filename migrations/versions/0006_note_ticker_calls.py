"""each note ticker's tone and explicit call (kind, text, evidence sentence)

Revision ID: 0006
Revises: 0005

Rows stored before this revision get NULLs; ``python -m app notes rescore`` fills them
(it rescores any note with a ticker whose tone is missing).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("note_tickers") as batch:
        batch.add_column(sa.Column("tone", sa.Float(), nullable=True))
        batch.add_column(sa.Column("call_kind", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("call_text", sa.Text(), nullable=True))
        batch.add_column(sa.Column("call_sentence", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("note_tickers") as batch:
        batch.drop_column("call_sentence")
        batch.drop_column("call_text")
        batch.drop_column("call_kind")
        batch.drop_column("tone")
