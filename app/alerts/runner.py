"""The worker's loop: scheduled refreshes (lease holder only) and outbox delivery (everyone).

Each poll, every worker tries to take or renew the scheduler lease. The holder asks the
pure planner (`app.alerts.scheduler.next_run`) whether a refresh is due and, if so,
refreshes prices and then evaluates alert rules; every worker then delivers the outbox,
whose rows carry their own leases. A stop request (SIGTERM/SIGINT) is honoured between
jobs: the current one finishes, the lease is released, the loop returns.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Sized
from typing import Any

from sqlalchemy import Engine, func, select

from app.alerts import lease as leases
from app.alerts.scheduler import NextRun, next_run
from app.config import Settings
from app.db import utcnow
from app.market.ingest import RefreshError
from app.market.models import RefreshRun
from app.ops.telemetry import alert_evaluation

log = logging.getLogger(__name__)

EvaluateRules = Callable[[Engine, Settings], object]
Clock = Callable[[], dt.datetime]
Deliver = Callable[[Engine, Settings, str], int]
SUCCEEDED = ("ok", "partial")
NOT_AVAILABLE = "not available"

_missing_service_logged = False


def evaluate_with_alert_service(engine: Engine, settings: Settings) -> object:
    """The default hook: `app.alerts.service.evaluate`, imported when first needed; a
    build without it skips evaluation (and says so once)."""
    global _missing_service_logged
    try:
        from app.alerts.service import evaluate  # type: ignore[import-not-found]
    except ImportError as exc:
        if not _missing_service_logged:
            log.info("alert evaluation is not available (%s); refreshes go on without it", exc)
            _missing_service_logged = True
        return NOT_AVAILABLE
    with alert_evaluation():
        return evaluate(engine, settings)


def _describe(result: object) -> str:
    if isinstance(result, str):
        return result
    if isinstance(result, int) and not isinstance(result, bool):
        return f"{result} events"
    if isinstance(result, Sized) and not isinstance(result, str):
        return f"{len(result)} events"
    return "evaluated"


class Scheduler:
    """Runs the refresh job when the planner says it is due, as the lease holder only."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        lease: leases.Lease,
        *,
        evaluate_rules: EvaluateRules = evaluate_with_alert_service,
        clock: Clock = utcnow,
    ) -> None:
        self.engine, self.settings, self.lease = engine, settings, lease
        self.evaluate_rules, self.clock = evaluate_rules, clock
        self.holding: bool | None = None  # unknown until the first try, which is logged
        self._planned: NextRun | None = None

    def plan(self, now: dt.datetime) -> tuple[NextRun, dict[str, Any]]:
        """The next run from the latest refresh, whoever ran it (a worker or the CLI),
        and the lease row as it stands."""
        with self.engine.connect() as conn:
            state = leases.read_state(conn, self.lease.name) or {}
            manual = conn.execute(
                select(func.max(RefreshRun.started_at)).where(RefreshRun.status.in_(SUCCEEDED))
            ).scalar()
        last_run, last_ok = state.get("last_run_at"), state.get("last_status") != "failed"
        if manual is not None and (last_run is None or manual > last_run):
            last_run, last_ok = manual, True
        planned = next_run(
            now,
            last_run,
            interval=dt.timedelta(seconds=self.settings.refresh_interval_seconds),
            after_close=dt.timedelta(seconds=self.settings.refresh_after_close_seconds),
            last_ok=last_ok,
        )
        return planned, state

    def tick(self) -> bool:
        """One scheduling step; True when a refresh ran."""
        if not self._hold():
            return False
        now = self.clock()
        planned, state = self.plan(now)
        if planned.due(now):
            self._run(now, planned)
            return True
        if planned != self._planned:  # write the plan once, not every poll
            self._publish(planned, state.get("details") or {})
        return False

    def _hold(self) -> bool:
        held = self.lease.acquire()
        if held != self.holding:
            self.holding = held
            if held:
                log.info("scheduler lease taken by %s", self.lease.holder)
            else:
                log.info(
                    "scheduler lease held by another worker; %s only delivers", self.lease.holder
                )
        return held

    def _publish(self, planned: NextRun, details: dict[str, Any]) -> None:
        details = {**details, "next_reason": planned.reason}
        leases.record(self.lease, next_run_at=planned.at, details=details)
        self._planned = planned
        log.info("next refresh at %s UTC (%s)", f"{planned.at:%Y-%m-%d %H:%M}", planned.reason)

    def _run(self, started: dt.datetime, planned: NextRun) -> None:
        log.info("scheduled refresh started (%s)", planned.reason)
        with leases.kept_alive(self.lease):
            status, details = self._refresh()
            if status in SUCCEEDED:
                details["alerts"] = self._evaluate()
        details["reason"] = planned.reason
        leases.record(self.lease, last_run_at=started, last_status=status)
        log.info("scheduled refresh finished: %s; %s", status, details.get("message", ""))
        self._publish(self.plan(self.clock())[0], details)

    def _symbols(self) -> list[str]:
        """The configured tickers plus the symbols analysts added from the web."""
        from app.market.universe import load_into

        load_into(self.engine, self.settings)
        return [*self.settings.tickers, *self.settings.extra_symbols]

    def _refresh(self) -> tuple[str, dict[str, Any]]:
        from app.market.service import run_refresh

        try:
            summary = run_refresh(
                self.engine,
                self.settings,
                source_name=self.settings.price_source,
                symbols=self._symbols(),
            )
        except RefreshError as exc:
            return "failed", {"message": str(exc)[:500]}
        except Exception as exc:  # e.g. a locked database: recorded, retried next interval
            log.exception("scheduled refresh failed")
            return "failed", {"message": f"{type(exc).__name__}: {exc}"[:500]}
        message = (
            f"run {summary.run_id} from {summary.source}: {summary.rows_written:,} rows written, "
            f"{summary.snapshots_written} snapshots"
        )
        return summary.status, {"message": message, "run_id": summary.run_id}

    def _evaluate(self) -> str:
        try:
            return _describe(self.evaluate_rules(self.engine, self.settings))
        except Exception as exc:  # alerts must never stop the price schedule
            log.exception("alert evaluation after the refresh failed")
            return f"failed: {type(exc).__name__}"

    def close(self) -> None:
        """Give the lease up so another worker can take over at once."""
        try:
            self.lease.release()
        except Exception:  # it lapses by itself after the TTL
            log.warning("could not release the scheduler lease", exc_info=True)
        if self.holding:
            log.info("scheduler lease released by %s", self.lease.holder)
        self.holding = None


def run_worker(
    engine: Engine,
    settings: Settings,
    name: str,
    stop: threading.Event,
    *,
    poll: float,
    scheduler: Scheduler | None,
    deliver: Deliver,
) -> None:
    """Poll until `stop` is set; a failing round is logged and retried, never fatal."""
    try:
        while not stop.is_set():
            # Deliver first: what is due goes out before a refresh that may take a while.
            try:
                deliver(engine, settings, name)
            except Exception:  # rows stay pending
                log.exception("delivery round failed; retrying")
            if scheduler is not None and not stop.is_set():
                try:
                    scheduler.tick()
                except Exception:
                    log.exception("scheduler round failed; retrying")
            stop.wait(poll)
    finally:
        if scheduler is not None:
            scheduler.close()
