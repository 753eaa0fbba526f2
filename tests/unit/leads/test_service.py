"""Storage rules: one lead per email per 24 h, even under concurrent submissions."""

from __future__ import annotations

import threading

from sqlalchemy import Engine, func, select

from app.config import Settings
from app.db import session_scope
from app.leads.forms import validate
from app.leads.models import Lead, LeadEvent
from app.leads.service import submit
from app.leads.workflow import InvalidTransition, change_status, next_statuses


def request(email: str = "pm@fund.com", **overrides: object):  # type: ignore[no-untyped-def]
    data = {
        "full_name": "P M", "email": email, "company": "Fund", "role": "Trader",
        "aum": "< $100M", "interests": [], "message": "", "consent": "yes", **overrides,
    }  # fmt: skip
    parsed, errors = validate(data)
    assert parsed is not None, errors
    return parsed


def test_concurrent_submissions_of_one_email_make_one_lead(engine: Engine) -> None:
    settings = Settings(database_url=str(engine.url), env="test")
    barrier = threading.Barrier(8)
    references: list[str] = []

    def post(i: int) -> None:
        barrier.wait()
        references.append(
            submit(engine, request("Same@Fund.com", message=str(i)), settings).reference
        )

    threads = [threading.Thread(target=post, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(references)) == 1
    with session_scope(engine) as session:
        assert session.scalar(select(func.count(Lead.id))) == 1
        assert session.scalar(select(Lead.submissions)) == 8
        assert session.scalar(select(func.count(LeadEvent.id))) == 8


def test_status_transitions(engine: Engine) -> None:
    settings = Settings(database_url=str(engine.url), env="test")
    lead_id = submit(engine, request(), settings).lead_id
    assert next_statuses("new") == ("contacted", "closed")
    assert next_statuses("closed") == ()
    with session_scope(engine) as session:
        lead = session.get(Lead, lead_id)
        try:
            change_status(session, lead, "qualified", actor="admin")
        except InvalidTransition:
            pass
        else:
            raise AssertionError("new → qualified must be refused")
        change_status(session, lead, "contacted", actor="admin", note="called")
    with session_scope(engine) as session:
        lead = session.get(Lead, lead_id)
        assert lead.status == "contacted"
        stale = Lead(id=lead_id, status="new")  # what a second admin saw before the change
        try:
            change_status(session, stale, "contacted", actor="other")
        except InvalidTransition as exc:
            assert "someone else" in str(exc)
        else:
            raise AssertionError("a stale status change must be refused")
