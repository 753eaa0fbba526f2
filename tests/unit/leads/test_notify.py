from __future__ import annotations

import smtplib

import pytest

from app.accounts.passwords import hash_password, needs_rehash, verify_password
from app.config import Settings
from app.notify import mail
from app.notify.channels import DeliveryError
from app.notify.models import OutboxMessage
from app.notify.outbox import MAX_BACKOFF_SECONDS, backoff_seconds
from app.notify.webhook import encode_body, sign, signed_headers, verify


def test_signature_covers_timestamp_and_body() -> None:
    body = encode_body({"b": 1, "a": "x"})
    assert body == b'{"a":"x","b":1}'
    headers = signed_headers("k", "lead.created", 7, body, now=1_700_000_000)
    assert headers["X-Dispersion-Timestamp"] == "1700000000"
    assert headers["X-Dispersion-Delivery"] == "7"
    signature = headers["X-Dispersion-Signature"]
    assert signature == sign("k", "1700000000", body) and signature.startswith("sha256=")
    assert verify("k", "1700000000", body, signature)
    assert not verify("k", "1700000001", body, signature)
    assert not verify("k", "1700000000", body + b" ", signature)
    assert not verify("other", "1700000000", body, signature)
    assert "X-Dispersion-Signature" not in signed_headers(None, "t", 1, body)


def test_backoff_doubles_and_is_capped() -> None:
    delays = [backoff_seconds(n, 30, jitter=0) for n in range(1, 6)]
    assert delays == [30, 60, 120, 240, 480]
    assert backoff_seconds(50, 30, jitter=0) == MAX_BACKOFF_SECONDS
    assert 27 <= backoff_seconds(1, 30) <= 33


def test_email_is_sent_through_smtp(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list = []

    class FakeSMTP:
        def __init__(self, host: str, port: int, timeout: float) -> None:
            sent.append(("connect", host, port))

        def __enter__(self):  # type: ignore[no-untyped-def]
            return self

        def __exit__(self, *exc: object) -> None:
            pass

        def starttls(self) -> None:
            sent.append(("starttls",))

        def login(self, user: str, password: str) -> None:
            sent.append(("login", user, password))

        def send_message(self, message) -> None:  # type: ignore[no-untyped-def]
            sent.append(("send", message["To"], message["Subject"]))

    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    settings = Settings(
        env="test", smtp_url="smtp://u%40x:p%3Ass@mail.local:587?starttls=1",
        notify_email="sales@firm.com",
    )  # fmt: skip
    message = OutboxMessage(
        id=1, topic="lead.created", channel="email", target="sales@firm.com",
        payload={"reference": "DSP-ABC234", "company": "Acme"},
    )  # fmt: skip
    mail.send_email(message, settings)
    assert sent == [
        ("connect", "mail.local", 587),
        ("starttls",),
        ("login", "u@x", "p:ss"),
        ("send", "sales@firm.com", "New demo request DSP-ABC234 — Acme"),
    ]


def test_email_failure_is_a_delivery_error(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(env="test", smtp_url="smtp://127.0.0.1:1", notify_email="s@firm.com")
    message = OutboxMessage(
        id=1, topic="lead.created", channel="email", target="s@firm.com", payload={}
    )
    with pytest.raises(DeliveryError):
        mail.send_email(message, settings)


def test_passwords() -> None:
    hashed = hash_password("a long password")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "a long password")
    assert not verify_password(hashed, "a long passworD")
    assert not verify_password(None, "anything")
    assert not verify_password("not-a-hash", "anything")
    assert not needs_rehash(hashed)
