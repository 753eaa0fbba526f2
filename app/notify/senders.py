"""The channels the worker delivers through: channel name → sender (see app.notify.channels)."""

from __future__ import annotations

from app.notify.channels import Sender
from app.notify.mail import send_email
from app.notify.webhook import send_webhook


def default_senders() -> dict[str, Sender]:
    return {"webhook": send_webhook, "email": send_email}
