"""Storing a demo request: one lead per email per 24 h, with its outbox rows, atomically."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import session_scope, utcnow
from app.leads.forms import DemoRequest
from app.leads.models import Lead, LeadEvent, LeadKey
from app.leads.references import new_reference
from app.notify import outbox

DEDUPE_WINDOW = dt.timedelta(hours=24)


@dataclass(frozen=True)
class Submission:
    reference: str
    lead_id: int
    created: bool


def _lock_email_key(session: Session, email_normalized: str, now: dt.datetime) -> LeadKey:
    """Create-or-lock the per-email row before reading anything.

    The INSERT takes SQLite's write lock (or waits on PostgreSQL for a concurrent insert
    of the same key) and FOR UPDATE locks an existing row, so two submissions of one
    email are serialised and the second sees the first's lead.
    """
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    session.execute(
        insert(LeadKey)
        .values(email_normalized=email_normalized, lead_id=None, updated_at=now)
        .on_conflict_do_nothing(index_elements=["email_normalized"])
    )
    return session.execute(
        select(LeadKey).where(LeadKey.email_normalized == email_normalized).with_for_update()
    ).scalar_one()


def _unused_reference(session: Session) -> str:
    while True:
        reference = new_reference()
        if session.scalar(select(Lead.id).where(Lead.reference == reference)) is None:
            return reference


def lead_payload(lead: Lead) -> dict[str, Any]:
    return {
        "reference": lead.reference,
        "full_name": lead.full_name,
        "email": lead.email,
        "company": lead.company,
        "role": lead.role,
        "aum": lead.aum,
        "interests": list(lead.interests),
        "message": lead.message,
        "free_mail": lead.free_mail,
        "status": lead.status,
        "submissions": lead.submissions,
        "created_at": lead.created_at.isoformat() + "Z",
        "updated_at": lead.updated_at.isoformat() + "Z",
    }


def _apply(lead: Lead, request: DemoRequest, now: dt.datetime) -> None:
    lead.full_name = request.full_name
    lead.email = request.email
    lead.email_normalized = request.email_normalized
    lead.company = request.company
    lead.role = request.role
    lead.aum = request.aum
    lead.interests = list(request.interests)
    lead.message = request.message
    lead.free_mail = request.free_mail
    lead.updated_at = now


# The fields a resubmission may change, as the lead page names them.
TRACKED = ("full_name", "email", "company", "role", "aum", "interests", "message")
MESSAGE_SHOWN = 300


def _shown(text: str) -> str:
    return text if len(text) <= MESSAGE_SHOWN else text[:MESSAGE_SHOWN] + "…"


def changes(lead: Lead, request: DemoRequest) -> dict[str, Any]:
    """What a resubmission changes on the lead: per field ``{"old", "new"}``; for
    interests ``{"added", "removed"}``. Empty when the request repeats the lead."""
    found: dict[str, Any] = {}
    for name in TRACKED:
        old, new = getattr(lead, name), getattr(request, name)
        if name == "interests":
            added = [i for i in new if i not in old]
            removed = [i for i in old if i not in new]
            if added or removed:
                found[name] = {"added": added, "removed": removed}
        elif old != new:
            found[name] = {"old": _shown(str(old)), "new": _shown(str(new))}
    return found


def save_request(session: Session, request: DemoRequest, settings: Settings) -> Submission:
    now = utcnow()
    key = _lock_email_key(session, request.email_normalized, now)
    lead = session.get(Lead, key.lead_id) if key.lead_id is not None else None
    created = lead is None or lead.created_at < now - DEDUPE_WINDOW
    details: dict[str, Any] | None = None
    if created:
        lead = Lead(reference=_unused_reference(session), status="new", submissions=1)
        lead.created_at = now
        _apply(lead, request, now)
        session.add(lead)
        session.flush()
        key.lead_id = lead.id
    else:
        assert lead is not None
        details = changes(lead, request)
        _apply(lead, request, now)
        lead.submissions += 1
    key.updated_at = now
    session.add(
        LeadEvent(
            lead_id=lead.id,
            at=now,
            actor="prospect",
            kind="created" if created else "resubmitted",
            to_status=lead.status,
            details=details,
        )
    )
    topic = "lead.created" if created else "lead.updated"
    outbox.enqueue(session, topic, lead_payload(lead), settings)
    return Submission(reference=lead.reference, lead_id=lead.id, created=created)


def submit(engine: Engine, request: DemoRequest, settings: Settings) -> Submission:
    """Commit the lead and its notifications together; returns once they're durable."""
    with session_scope(engine) as session:
        return save_request(session, request, settings)
