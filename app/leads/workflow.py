"""Lead status workflow: new → contacted → qualified / closed, with an audit trail."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from app.db import utcnow
from app.leads.models import Lead, LeadEvent

STATUSES = ("new", "contacted", "qualified", "closed")
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("contacted", "closed"),
    "contacted": ("qualified", "closed"),
    "qualified": ("closed",),
    "closed": (),
}


class InvalidTransition(ValueError):
    pass


def next_statuses(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def change_status(
    session: Session, lead: Lead, to_status: str, actor: str, note: str | None = None
) -> LeadEvent:
    from_status = lead.status
    if to_status not in next_statuses(from_status):
        raise InvalidTransition(f"A {from_status} lead can't become {to_status}.")
    now = utcnow()
    # Conditional on the status we saw: two admins acting at once can't both move it.
    moved = session.execute(
        update(Lead)
        .where(Lead.id == lead.id, Lead.status == from_status)
        .values(status=to_status, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        raise InvalidTransition("The lead was changed by someone else; reload and try again.")
    session.refresh(lead)
    event = LeadEvent(
        lead_id=lead.id,
        actor=actor,
        kind="status",
        from_status=from_status,
        to_status=to_status,
        detail=note or None,
        at=now,
    )
    session.add(event)
    return event
