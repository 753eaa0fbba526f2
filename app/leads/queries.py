"""Admin lead lists: filter by status, free-mail flag and date; search name/email/company."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from app.leads.models import Lead, LeadEvent
from app.leads.workflow import STATUSES

PAGE_SIZE = 50


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@dataclass(frozen=True)
class LeadFilter:
    status: str | None = None
    free_mail: bool | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    q: str = ""

    @classmethod
    def from_params(
        cls,
        status: str | None = None,
        free_mail: str | None = None,
        since: str | None = None,
        until: str | None = None,
        q: str | None = None,
    ) -> LeadFilter:
        """Unknown values are ignored rather than refused: a filter form never errors."""
        flag = {"yes": True, "no": False}.get((free_mail or "").lower())
        return cls(
            status=status if status in STATUSES else None,
            free_mail=flag,
            since=_date(since),
            until=_date(until),
            q=(q or "").strip()[:200],
        )

    def params(self) -> dict[str, str]:
        values = {
            "status": self.status or "",
            "free_mail": {True: "yes", False: "no"}.get(self.free_mail, ""),  # type: ignore[arg-type]
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
            "q": self.q,
        }
        return {k: v for k, v in values.items() if v}

    def apply(self, query: Select) -> Select:  # type: ignore[type-arg]
        if self.status:
            query = query.where(Lead.status == self.status)
        if self.free_mail is not None:
            query = query.where(Lead.free_mail.is_(self.free_mail))
        if self.since:
            query = query.where(Lead.created_at >= dt.datetime.combine(self.since, dt.time()))
        if self.until:
            end = dt.datetime.combine(self.until + dt.timedelta(days=1), dt.time())
            query = query.where(Lead.created_at < end)
        if self.q:
            # Literal search: % and _ typed by the admin match themselves.
            escaped = self.q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            pattern = f"%{escaped}%"
            query = query.where(
                or_(
                    *(
                        func.lower(column).like(pattern, escape="\\")
                        for column in (Lead.full_name, Lead.email, Lead.company)
                    )
                )
            )
        return query


def count_leads(session: Session, flt: LeadFilter) -> int:
    return session.scalar(flt.apply(select(func.count(Lead.id)))) or 0


def list_leads(session: Session, flt: LeadFilter, page: int = 1) -> list[Lead]:
    query = flt.apply(select(Lead)).order_by(Lead.created_at.desc(), Lead.id.desc())
    offset = (max(page, 1) - 1) * PAGE_SIZE
    return list(session.scalars(query.offset(offset).limit(PAGE_SIZE)))


def iter_leads(session: Session, flt: LeadFilter) -> Iterator[Lead]:
    query = flt.apply(select(Lead)).order_by(Lead.created_at.desc(), Lead.id.desc())
    yield from session.scalars(query.execution_options(yield_per=500))


def lead_events(session: Session, lead_id: int) -> list[LeadEvent]:
    query = select(LeadEvent).where(LeadEvent.lead_id == lead_id)
    return list(session.scalars(query.order_by(LeadEvent.at, LeadEvent.id)))
