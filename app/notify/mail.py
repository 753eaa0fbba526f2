"""Lead and alert notification emails over SMTP (smtp://, smtps://, or smtp://…?starttls=1)."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from app.config import Settings
from app.notify.channels import DeliveryError
from app.notify.models import OutboxMessage


def compose(message: OutboxMessage, sender: str) -> EmailMessage:
    data: dict[str, Any] = message.payload
    email = EmailMessage()
    if message.topic.startswith("alert."):
        email["Subject"] = f"Alert {data.get('date', '')}: {data.get('message', '')}"
    else:
        verb = "Updated" if message.topic.endswith("updated") else "New"
        email["Subject"] = (
            f"{verb} demo request {data.get('reference', '')} — {data.get('company', '')}"
        )
    email["From"] = sender
    email["To"] = message.target
    lines = [f"{key}: {value}" for key, value in data.items()]
    email.set_content("\n".join(lines) + "\n")
    return email


def send_email(message: OutboxMessage, settings: Settings) -> None:
    if not settings.smtp_url:
        raise DeliveryError("DISPERSION_SMTP_URL is not set")
    url = urlsplit(settings.smtp_url)
    query = parse_qs(url.query)
    ssl = url.scheme == "smtps"
    port = url.port or (465 if ssl else 25)
    client_cls = smtplib.SMTP_SSL if ssl else smtplib.SMTP
    try:
        host, timeout = url.hostname or "localhost", settings.smtp_timeout_seconds
        with client_cls(host, port, timeout=timeout) as client:
            if not ssl and query.get("starttls", ["0"])[0] in {"1", "true", "yes"}:
                client.starttls()
            if url.username:
                client.login(unquote(url.username), unquote(url.password or ""))
            client.send_message(compose(message, settings.mail_from))
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
