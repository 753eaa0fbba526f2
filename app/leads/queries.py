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


DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)
SEARCH_MAX = 200
FREE_MAIL = {"yes": True, "no": False}


def _date(text: str) -> dt.date:
    """YYYY-MM-DD within 1900–2100 (adding a day to 9999-12-31 overflows)."""
    try:
        value = dt.date.fromisoformat(text) if len(text) == 10 and text.isascii() else None
    except ValueError:
        value = None
    if value is None:
        raise ValueError("use a date like 2026-07-13")
    if not DATE_MIN <= value <= DATE_MAX:
        raise ValueError(f"must be between {DATE_MIN} and {DATE_MAX}")
    return value


@dataclass(frozen=True)
class LeadFilter:
    status: str | None = None
    free_mail: bool | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    search: str = ""  # words to find in name, email or company (the "q" parameter)

    @classmethod
    def parse(
        cls,
        status: str | None = None,
        free_mail: str | None = None,
        since: str | None = None,
        until: str | None = None,
        search: str | None = None,
    ) -> tuple[LeadFilter, dict[str, str]]:
        """The filter from query parameters, and what is wrong with them (by name).
        A value that can't be used is left out of the filter and explained."""
        errors: dict[str, str] = {}
        status = (status or "").strip()
        if status and status not in STATUSES:
            errors["status"] = f"Status must be one of: {', '.join(STATUSES)}."
        flag_text = (free_mail or "").strip().lower()
        if flag_text and flag_text not in FREE_MAIL:
            errors["free_mail"] = "Free-mail must be “yes” or “no”."
        dates: dict[str, dt.date | None] = {}
        for name, label, text in (("since", "From", since), ("until", "To", until)):
            dates[name] = None
            if text and text.strip():
                try:
                    dates[name] = _date(text.strip())
                except ValueError as exc:
                    errors[name] = f"{label} date: {exc}."
        search = (search or "").strip()
        if len(search) > SEARCH_MAX:
            errors["q"] = f"Search: use at most {SEARCH_MAX} characters."
            search = ""
        elif "\x00" in search:
            errors["q"] = "Search: contains control characters."
            search = ""
        flt = cls(
            status=status if status in STATUSES else None,
            free_mail=FREE_MAIL.get(flag_text),
            since=dates["since"],
            until=dates["until"],
            search=search,
        )
        return flt, errors

    @classmethod
    def from_params(
        cls,
        status: str | None = None,
        free_mail: str | None = None,
        since: str | None = None,
        until: str | None = None,
        search: str | None = None,
    ) -> LeadFilter:
        """Lenient: values that can't be used are left out of the filter."""
        return cls.parse(status, free_mail, since, until, search)[0]

    def params(self) -> dict[str, str]:
        values = {
            "status": self.status or "",
            "free_mail": {True: "yes", False: "no"}.get(self.free_mail, ""),  # type: ignore[arg-type]
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
            "q": self.search,
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
        if self.search:
            # Literal search: % and _ typed by the admin match themselves.
            escaped = (
                self.search.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            )
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
