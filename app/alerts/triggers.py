"""What alerts watch: the writes of other domains that can make a rule fire.

Market runs its refresh listeners after every refresh, research its write listeners
after every note write, and the pair report asks its mark sources which dates to flag.
Alerts plugs into all three here, so the dependency points one way (alerts → market,
research, portfolios) and none of those packages imports alerts. Importing `app.alerts`
connects them (see the package's `__init__`); every entry point (the web app, the CLI
and its worker) imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Engine

from app.alerts.evaluation import after_note_save, evaluate_quietly
from app.alerts.feed import pair_marks
from app.config import Settings
from app.market import service as market_service
from app.ops import telemetry
from app.portfolios import service as portfolios_service
from app.research import note_store

Hook = TypeVar("Hook", bound=Callable[..., object])


def after_refresh(engine: Engine, settings: Settings) -> int:
    """Every rule looks at the new prices; a failing evaluation never fails the refresh."""
    with telemetry.alert_evaluation():
        return evaluate_quietly(engine, settings)


def _add(hooks: list[Hook], hook: Hook) -> None:
    if hook not in hooks:  # connecting twice must not evaluate twice
        hooks.append(hook)


def connect() -> None:
    _add(market_service.refresh_listeners, after_refresh)
    _add(note_store.write_listeners, after_note_save)
    _add(portfolios_service.pair_mark_sources, pair_marks)
