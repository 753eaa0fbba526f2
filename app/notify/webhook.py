"""Outgoing webhooks signed with HMAC-SHA256.

Receivers verify `X-Dispersion-Signature` = "sha256=" + hex(HMAC(secret, f"{ts}." + body))
with `ts` from `X-Dispersion-Timestamp`, refuse old timestamps (replays), and use
`X-Dispersion-Delivery` to ignore a delivery they've already processed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

import requests

from app.config import Settings
from app.notify.channels import DeliveryError
from app.notify.models import OutboxMessage


def encode_body(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


def signed_headers(
    secret: str | None, topic: str, delivery_id: int, body: bytes, now: float | None = None
) -> dict[str, str]:
    timestamp = str(int(time.time() if now is None else now))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Dispersion-Webhook/1",
        "X-Dispersion-Event": topic,
        "X-Dispersion-Delivery": str(delivery_id),
        "X-Dispersion-Timestamp": timestamp,
    }
    if secret:
        headers["X-Dispersion-Signature"] = sign(secret, timestamp, body)
    return headers


def send_webhook(message: OutboxMessage, settings: Settings) -> int:
    body = encode_body({"event": message.topic, "delivery": message.id, "data": message.payload})
    headers = signed_headers(settings.webhook_secret, message.topic, message.id, body)
    try:
        response = requests.post(
            message.target,
            data=body,
            headers=headers,
            timeout=settings.webhook_timeout_seconds,
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
    if not 200 <= response.status_code < 300:
        raise DeliveryError(f"HTTP {response.status_code}", status_code=response.status_code)
    return response.status_code
