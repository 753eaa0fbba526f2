"""The outbox: notifications written with the change they report, delivered later.

`enqueue` runs inside the caller's transaction, so a notification exists exactly when
its lead (or alert) does. Workers claim due rows with a lease, deliver outside any
transaction, then record the attempt and either finish the row or schedule a retry
with exponential backoff. The channels to deliver through are the caller's: the worker
passes them in (see app.notify.channels).
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine, or_, select, update
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import session_scope, utcnow
from app.notify.channels import DeliveryError, Sender
from app.notify.models import OutboxAttempt, OutboxMessage

log = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 3600.0


def enqueue(session: Session, topic: str, payload: dict[str, Any], settings: Settings) -> int:
    """Add one row per configured channel; returns how many were added."""
    rows: list[OutboxMessage] = []
    if settings.lead_webhook_url:
        rows.append(
            OutboxMessage(
                topic=topic, channel="webhook", target=settings.lead_webhook_url, payload=payload
            )
        )
    if settings.smtp_url and settings.notify_email:
        rows.append(
            OutboxMessage(
                topic=topic, channel="email", target=settings.notify_email, payload=payload
            )
        )
    now = utcnow()
    for row in rows:
        row.status, row.attempts, row.next_attempt_at, row.created_at = "pending", 0, now, now
    session.add_all(rows)
    return len(rows)


def enqueue_alert(
    session: Session,
    topic: str,
    payload: dict[str, Any],
    settings: Settings,
    webhook_url: str | None,
) -> int:
    """Rows for an alert event: its rule's own webhook (signed with the webhook secret
    on delivery, like every webhook) and an email when SMTP is configured."""
    rows: list[OutboxMessage] = []
    if webhook_url:
        rows.append(
            OutboxMessage(topic=topic, channel="webhook", target=webhook_url, payload=payload)
        )
    if settings.smtp_url and settings.notify_email:
        rows.append(
            OutboxMessage(
                topic=topic, channel="email", target=settings.notify_email, payload=payload
            )
        )
    now = utcnow()
    for row in rows:
        row.status, row.attempts, row.next_attempt_at, row.created_at = "pending", 0, now, now
    session.add_all(rows)
    return len(rows)


def backoff_seconds(attempts: int, base: float, jitter: float = 0.1) -> float:
    """Delay before the next try after `attempts` failures: base, 2·base, 4·base, … (capped)."""
    delay = min(base * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS)
    return delay * (1 + random.uniform(-jitter, jitter))


def claim_due(engine: Engine, worker: str, claim_seconds: float, limit: int = 20) -> list[int]:
    """Ids of due rows this worker now holds for ``claim_seconds``
    (``Settings.outbox_claim_seconds``). Safe with several workers: each claim is a
    conditional UPDATE that only one of them can win."""
    now = utcnow()
    free = or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now)
    with session_scope(engine) as session:
        candidates = session.scalars(
            select(OutboxMessage.id)
            .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now, free)
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit)
        ).all()
    claimed: list[int] = []
    for message_id in candidates:
        with session_scope(engine) as session:
            won = session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message_id, OutboxMessage.status == "pending", free)
                .values(claimed_until=now + dt.timedelta(seconds=claim_seconds), claimed_by=worker)
                .execution_options(synchronize_session=False)
            )
            if won.rowcount == 1:
                claimed.append(message_id)
    return claimed


def deliver(
    engine: Engine,
    message_id: int,
    settings: Settings,
    worker: str,
    senders: Mapping[str, Sender],
) -> bool:
    """Try one claimed row once and record the outcome. True when delivered."""
    with session_scope(engine) as session:
        message = session.get(OutboxMessage, message_id)
        if message is None or message.status != "pending" or message.claimed_by != worker:
            return False
        session.expunge(message)
    started = utcnow()
    status_code: int | None = None
    error: str | None = None
    try:
        sender = senders.get(message.channel)
        if sender is None:
            raise DeliveryError(f"no sender for channel {message.channel!r}")
        status_code = sender(message, settings)
    except DeliveryError as exc:
        error, status_code = str(exc), exc.status_code
    except Exception as exc:  # any failure is one failed attempt, never a lost row
        error = f"{type(exc).__name__}: {exc}"
    ok = error is None
    with session_scope(engine) as session:
        row = session.get(OutboxMessage, message_id)
        if row is None or row.status != "pending":
            return False
        attempt = row.attempts + 1
        session.add(
            OutboxAttempt(
                message_id=message_id,
                attempt=attempt,
                started_at=started,
                finished_at=utcnow(),
                ok=ok,
                status_code=status_code,
                error=error,
                worker=worker,
            )
        )
        row.attempts, row.claimed_until, row.claimed_by = attempt, None, None
        if ok:
            row.status, row.delivered_at, row.last_error = "delivered", utcnow(), None
        elif attempt >= settings.outbox_max_attempts:
            row.status, row.last_error = "dead", error
            log.error("outbox %s dead after %s attempts: %s", message_id, attempt, error)
        else:
            delay = backoff_seconds(attempt, settings.outbox_backoff_seconds)
            row.next_attempt_at = utcnow() + dt.timedelta(seconds=delay)
            row.last_error = error
            log.warning(
                "outbox %s attempt %s failed (%s); retry in %.0fs",
                message_id,
                attempt,
                error,
                delay,
            )
    return ok


def run_once(engine: Engine, settings: Settings, worker: str, senders: Mapping[str, Sender]) -> int:
    """Deliver every due row once through ``senders`` (channel name → sender);
    returns how many were delivered."""
    return sum(
        deliver(engine, message_id, settings, worker, senders)
        for message_id in claim_due(engine, worker, settings.outbox_claim_seconds)
    )
