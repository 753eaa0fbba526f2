"""Command: worker — deliver outbox notifications (webhooks, email) with retries.

Several workers may run at once: each claims rows with a lease before delivering.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import sys
import threading

from app.config import get_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    worker = subparsers.add_parser("worker", help="deliver queued notifications")
    worker.add_argument("--once", action="store_true", help="deliver what is due, then exit")
    worker.add_argument("--poll", type=float, default=None, help="seconds between polls")
    worker.set_defaults(func=cmd_worker)


def cmd_worker(args: argparse.Namespace) -> int:
    from app.db import get_engine
    from app.notify.outbox import run_once

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    settings = get_settings()
    engine = get_engine()
    name = f"{socket.gethostname()}:{os.getpid()}"
    if args.once:
        delivered = run_once(engine, settings, name)
        print(f"delivered {delivered}", file=sys.stderr)
        return 0

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    poll = args.poll or settings.worker_poll_seconds
    logging.info("worker %s polling every %.1fs", name, poll)
    while not stop.is_set():
        try:
            run_once(engine, settings, name)
        except Exception:  # a database hiccup must not end the worker; rows stay pending
            logging.exception("delivery round failed; retrying")
        stop.wait(poll)
    logging.info("worker %s stopped", name)
    return 0
