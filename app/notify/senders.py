"""Channel name → function that delivers one outbox row (raises DeliveryError on failure)."""

from __future__ import annotations

from app.notify.mail import send_email
from app.notify.outbox import Sender
from app.notify.webhook import send_webhook


def default_senders() -> dict[str, Sender]:
    return {"webhook": send_webhook, "email": send_email}
