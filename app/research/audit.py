"""The audit trail of research notes: who created, edited or deleted a note, and what changed.

A row has no foreign key to the note, so the record of a deletion survives the note.
Rows are written in the same transaction as the change they describe.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import utcnow
from app.research.models import NoteAudit

ACTIONS = ("created", "updated", "deleted")
# Long text fields are recorded as changed, not copied: the audit is not a version store.
SUMMARISED = ("body",)
SHOWN_MAX = 200


def _shown(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, str) and len(value) > SHOWN_MAX:
        return value[:SHOWN_MAX] + "…"
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Per field that differs: old → new (the body only as "changed")."""
    changes: dict[str, Any] = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        if name in SUMMARISED:
            changes[name] = {"changed": True, "chars": len(str(new or ""))}
        else:
            changes[name] = {"old": _shown(old), "new": _shown(new)}
    return changes


def record(
    session: Session,
    note_id: int,
    action: str,
    actor: str,
    title: str,
    changes: dict[str, Any] | None = None,
) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    session.add(
        NoteAudit(
            note_id=note_id,
            action=action,
            actor=actor[:120] or "unknown",
            at=utcnow(),
            title=title[:200],
            changes=changes or {},
        )
    )


def history(session: Session, note_id: int) -> list[NoteAudit]:
    """Oldest first."""
    query = select(NoteAudit).where(NoteAudit.note_id == note_id)
    return list(session.scalars(query.order_by(NoteAudit.at, NoteAudit.id)))
