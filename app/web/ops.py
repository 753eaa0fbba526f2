"""`/metrics` (Prometheus text, for allowed networks only) and `/readyz` (readiness).

/metrics adds up every uvicorn worker's samples when PROMETHEUS_MULTIPROC_DIR is set
(multiprocess mode) and reads a few figures from the database at scrape time: outbox
depth and age of the oldest pending row, the last successful refresh and the scheduler
lease holder. Anyone else gets 404, as if the route did not exist: metrics describe the
deployment and are not for the internet (DISPERSION_METRICS_ALLOW).

/readyz answers 200 only when this process can serve: the database answers, its schema
is at the migrations' head and the vendored static assets are present.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import Engine, text

from app.alerts.lease import read_state
from app.config import PROJECT_ROOT, Settings
from app.db import utcnow
from app.ops.net import address_in, parse_networks
from app.web.ratelimit import client_address

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
# What the pages need to work: htmx and its SSE extension, and the charts library.
REQUIRED_ASSETS = (
    "static/vendor/htmx.min.js",
    "static/vendor/htmx-ext-sse.min.js",
    "static/vendor/lightweight-charts.standalone.production.js",
)


class DatabaseCollector(Collector):
    """Figures read at scrape time: one query for the outbox, one for the last refresh,
    one primary-key read for the lease. A failing database yields no samples (the
    scrape still answers, and dispersion_database_up says why they are missing)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def collect(self) -> Iterator[GaugeMetricFamily]:
        up = GaugeMetricFamily("dispersion_database_up", "1 when the database answered.")
        try:
            families = list(self._read())
        except Exception as exc:  # a scrape must not fail because the database did
            log.warning("metrics: database unavailable (%s)", type(exc).__name__)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from families

    def _read(self) -> Iterator[GaugeMetricFamily]:
        now = utcnow()
        with self.engine.connect() as conn:
            depth, oldest = conn.execute(
                text("SELECT COUNT(*), MIN(created_at) FROM outbox WHERE status = 'pending'")
            ).one()
            last = conn.execute(
                text(
                    "SELECT started_at, finished_at, rows_written FROM refresh_runs "
                    "WHERE status IN ('ok', 'partial') ORDER BY id DESC LIMIT 1"
                )
            ).first()
            lease = read_state(conn)
        yield _gauge(
            "dispersion_outbox_pending", "Notifications waiting to be delivered.", depth or 0
        )
        yield _gauge(
            "dispersion_outbox_oldest_pending_age_seconds",
            "Age of the oldest undelivered notification (0 when none).",
            _age(now, oldest),
        )
        if last is not None:
            yield _gauge(
                "dispersion_last_refresh_duration_seconds",
                "Duration of the latest successful refresh, whichever process ran it.",
                _seconds(last.started_at, last.finished_at),
            )
            yield _gauge(
                "dispersion_last_refresh_rows_written",
                "Rows written by the latest successful refresh.",
                last.rows_written or 0,
            )
            yield _gauge(
                "dispersion_last_refresh_age_seconds",
                "Time since the latest successful refresh finished.",
                _age(now, last.finished_at),
            )
        holder = GaugeMetricFamily(
            "dispersion_scheduler_lease_held",
            "1 for the worker holding the scheduler lease (holder label); 0 when it lapsed.",
            labels=["holder"],
        )
        if lease is not None and lease["holder"]:
            holder.add_metric([str(lease["holder"])], 1 if lease["active"] else 0)
        yield holder


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=float(value))


def _seconds(start: Any, end: Any) -> float:
    if start is None or end is None:
        return 0.0
    return max((_naive(end) - _naive(start)).total_seconds(), 0.0)


def _age(now: Any, moment: Any) -> float:
    return 0.0 if moment is None else _seconds(moment, now)


def _naive(moment: Any) -> Any:
    """SQLite returns strings for raw-SQL datetimes; PostgreSQL returns datetimes."""
    import datetime as dt

    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    return moment.replace(tzinfo=None)


def render_metrics(engine: Engine) -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        process = generate_latest(registry)
    else:  # one process: its own samples
        process = generate_latest(REGISTRY)
    database = CollectorRegistry(auto_describe=False)
    database.register(DatabaseCollector(engine))
    return process + generate_latest(database)


@router.get("/metrics")
def metrics(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    # The real client, not a trusted proxy on loopback relaying the internet's requests.
    if not address_in(client_address(request), parse_networks(tuple(settings.metrics_allow))):
        return JSONResponse({"error": "Not found"}, status_code=404)
    body = render_metrics(request.app.state.engine)
    return Response(body, media_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})


@lru_cache(maxsize=1)
def migration_heads() -> frozenset[str]:
    from alembic.script import ScriptDirectory

    from app.migrate import alembic_config

    return frozenset(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


def readiness(engine: Engine) -> dict[str, Any]:
    from alembic.runtime.migration import MigrationContext

    checks: dict[str, Any] = {}
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            current = frozenset(MigrationContext.configure(conn).get_current_heads())
        checks["database"] = {"ok": True}
        heads = migration_heads()
        checks["migrations"] = {
            "ok": current == heads,
            "current": sorted(current),
            "head": sorted(heads),
        }
    except Exception as exc:
        checks["database"] = {"ok": False, "error": type(exc).__name__}
        checks["migrations"] = {"ok": False, "error": "database unreachable"}
    missing = [path for path in REQUIRED_ASSETS if not (PROJECT_ROOT / path).is_file()]
    checks["assets"] = {"ok": not missing, "missing": missing}
    return {"ready": all(check["ok"] for check in checks.values()), "checks": checks}


@router.get("/readyz")
def readyz(request: Request) -> JSONResponse:
    state = readiness(request.app.state.engine)
    return JSONResponse(
        state, status_code=200 if state["ready"] else 503, headers={"Cache-Control": "no-store"}
    )
