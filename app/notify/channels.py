"""What a notification channel is: a function that delivers one outbox row.

The outbox delivers through whichever channels its caller passes in (the worker passes
`senders.default_senders()`), so the outbox never imports SMTP or HTTP code and the
channels never import the outbox.
"""

from __future__ import annotations

from collections.abc import Callable

from app.config import Settings
from app.notify.models import OutboxMessage


class DeliveryError(Exception):
    """A failed attempt; `status_code` when the receiver answered."""

    def __init__(self, message: str, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


# Delivers one row; returns the receiver's status code (None without one) or raises
# DeliveryError.
Sender = Callable[[OutboxMessage, Settings], int | None]
