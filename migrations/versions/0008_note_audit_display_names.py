"""note audit trail, users' display names, what changed on a lead resubmission

Revision ID: 0008
Revises: 0007

``note_audit`` has no foreign key to ``notes``: the row that records a deletion must
outlive the note. Users get an optional ``display_name`` (pages show it instead of the
login name). ``lead_events.details`` holds, for a resubmission, each changed field's
old and new value.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "note_audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_note_audit_note_id", "note_audit", ["note_id"])
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("display_name", sa.String(length=120), nullable=True))
    with op.batch_alter_table("lead_events") as batch:
        batch.add_column(sa.Column("details", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("lead_events") as batch:
        batch.drop_column("details")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("display_name")
    op.drop_index("ix_note_audit_note_id", table_name="note_audit")
    op.drop_table("note_audit")
