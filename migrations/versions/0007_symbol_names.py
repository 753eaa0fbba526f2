"""symbol names, and symbols analysts add to the universe from the web

Revision ID: 0007
Revises: 0006

``symbols.name`` is filled by the next refresh (Yahoo's metadata, or a built-in name
for the default universe); until then pages show the symbol itself.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("symbols") as batch:
        batch.add_column(sa.Column("name", sa.String(length=200), nullable=True))
    op.create_table(
        "universe_symbols",
        sa.Column("symbol", sa.String(length=16), primary_key=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("added_by", sa.String(length=120), nullable=True),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("universe_symbols")
    with op.batch_alter_table("symbols") as batch:
        batch.drop_column("name")
