"""Command: worker — scheduled price refreshes and alert evaluation (one worker at a
time holds the scheduler lease), and outbox delivery (webhooks, email) with retries.

Several workers may run at once: outbox rows are claimed with per-row leases, and only
the scheduler lease holder refreshes. SIGTERM or SIGINT finishes the current job,
releases the lease and exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import logging
import os
import signal
import socket
import sys
import threading

from app.config import get_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    worker = subparsers.add_parser(
        "worker", help="scheduled refreshes and alerts; deliver queued notifications"
    )
    worker.add_argument("--once", action="store_true", help="deliver what is due, then exit")
    worker.add_argument("--poll", type=float, default=None, help="seconds between polls")
    worker.add_argument(
        "--no-schedule", action="store_true", help="deliver notifications only, never refresh"
    )
    worker.set_defaults(func=cmd_worker)


def cmd_worker(args: argparse.Namespace) -> int:
    from app.alerts.lease import make_lease
    from app.alerts.runner import Scheduler, run_worker
    from app.db import get_engine
    from app.notify.outbox import run_once
    from app.notify.senders import default_senders
    from app.ops import logs

    settings = get_settings()
    logs.configure(settings.effective_log_format)
    engine = get_engine()
    name = f"{socket.gethostname()}:{os.getpid()}"
    senders = default_senders()
    if args.once:
        delivered = run_once(engine, settings, name, senders)
        print(f"delivered {delivered}", file=sys.stderr)
        return 0

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    poll = args.poll or settings.worker_poll_seconds
    scheduler = None
    if not args.no_schedule:
        ttl = dt.timedelta(seconds=settings.scheduler_lease_seconds)
        scheduler = Scheduler(engine, settings, make_lease(engine, name, ttl))
    logging.info("worker %s polling every %.1fs", name, poll)
    run_worker(
        engine,
        settings,
        name,
        stop,
        poll=poll,
        scheduler=scheduler,
        deliver=functools.partial(run_once, senders=senders),
    )
    logging.info("worker %s stopped", name)
    return 0
