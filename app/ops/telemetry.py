"""Prometheus metrics recorded in-process by the web app, the worker and the refresh CLI.

With PROMETHEUS_MULTIPROC_DIR set (``python -m app serve`` sets it), every process
writes its samples to files in that directory and `/metrics` adds them up, so the
figures cover all uvicorn workers. The variable must be set before this module is
first imported: prometheus-client picks its storage at import time.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

from prometheus_client import Counter, Histogram

P = ParamSpec("P")
R = TypeVar("R")

REQUEST_SECONDS = Histogram(
    "dispersion_http_request_duration_seconds",
    "Time to answer an HTTP request, by route template, method and status class.",
    ["route", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
REFRESH_SECONDS = Histogram(
    "dispersion_refresh_duration_seconds",
    "Duration of price refreshes run by this deployment's processes, by source and outcome.",
    ["source", "status"],
    buckets=(1, 5, 15, 30, 60, 120, 300, 600, 1200, 3600),
)
REFRESH_ROWS = Counter(
    "dispersion_refresh_rows_written",
    "Price rows written by refreshes, by source.",
    ["source"],
)
ALERT_EVALUATION_SECONDS = Histogram(
    "dispersion_alert_evaluation_duration_seconds",
    "Time to evaluate every active alert rule once.",
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0),
)


def observe_refresh(source: str, status: str, seconds: float, rows_written: int) -> None:
    REFRESH_SECONDS.labels(source=source, status=status).observe(seconds)
    REFRESH_ROWS.labels(source=source).inc(max(rows_written, 0))


@contextmanager
def alert_evaluation() -> Iterator[None]:
    """Time one alert evaluation, whether it succeeds or raises."""
    started = time.perf_counter()
    try:
        yield
    finally:
        ALERT_EVALUATION_SECONDS.observe(time.perf_counter() - started)


def timed_alert_evaluation(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorator form of `alert_evaluation` for the call sites of alerts.service.evaluate."""

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with alert_evaluation():
            return fn(*args, **kwargs)

    return wrapper
