"""What the admin scheduler page shows: the lease row, the exchange's hours now and the
latest refresh runs (whoever started them: the scheduler or `python -m app refresh`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.alerts.lease import read_state
from app.db import utcnow
from app.market.calendar import latest_session_hours
from app.market.models import RefreshRun

RUNS_SHOWN = 20


@dataclass(frozen=True)
class Exchange:
    """The exchange's hours around `now` (naive UTC)."""

    open_now: bool
    opened: dt.datetime
    closes: dt.datetime
    next_open: dt.datetime


@dataclass(frozen=True)
class SchedulerOverview:
    state: dict[str, Any] | None
    exchange: Exchange
    runs: list[RefreshRun]
    now: dt.datetime


def exchange_hours(now: dt.datetime) -> Exchange:
    opened, closes, next_open = latest_session_hours(now)
    return Exchange(now < closes, opened, closes, next_open)


def overview(engine: Engine, limit: int = RUNS_SHOWN) -> SchedulerOverview:
    now = utcnow()
    with engine.connect() as conn:
        state = read_state(conn)
    with Session(engine, expire_on_commit=False) as session:
        runs = list(session.scalars(select(RefreshRun).order_by(RefreshRun.id.desc()).limit(limit)))
    return SchedulerOverview(state, exchange_hours(now), runs, now)
