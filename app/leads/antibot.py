"""Bot checks that cost humans nothing: a honeypot field and a minimum fill time.

The form carries a signed timestamp of when it was first rendered; a submission that
comes back sooner than a person could fill it in, or with the hidden field filled, is a
bot. Bots are shown a normal-looking success so they learn nothing.

A form re-rendered with errors carries the first render's time forward (re-signed), so
a person who fixes one field and resubmits at once is not mistaken for a bot.
"""

from __future__ import annotations

import time

from itsdangerous import BadData, URLSafeTimedSerializer

HONEYPOT_FIELD = "website"
TIMESTAMP_FIELD = "form_ts"
FORM_MAX_AGE_SECONDS = 24 * 3600
_SALT = "dispersion-demo-form-time"


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=_SALT)


def form_timestamp(secret_key: str, now: float | None = None) -> str:
    # The payload keeps sub-second precision; itsdangerous' own timestamp is whole seconds.
    return _serializer(secret_key).dumps({"t": time.time() if now is None else now})


def rendered_at(secret_key: str, signed_timestamp: object) -> float | None:
    """When the form was first rendered; None if the value is missing, forged or expired."""
    if not isinstance(signed_timestamp, str) or not signed_timestamp:
        return None
    try:
        payload = _serializer(secret_key).loads(signed_timestamp, max_age=FORM_MAX_AGE_SECONDS)
        return float(payload["t"])
    except (BadData, KeyError, TypeError, ValueError):
        return None


def carried_timestamp(secret_key: str, submitted: object, now: float | None = None) -> str:
    """The timestamp for a form re-rendered after a submission: the first render's time
    when the submitted one is genuine (re-signed, so its age limit starts again), a fresh
    one otherwise. The minimum fill time then counts from the first render."""
    first = rendered_at(secret_key, submitted)
    return form_timestamp(secret_key, now if first is None else first)


def looks_like_bot(
    secret_key: str,
    honeypot: object,
    signed_timestamp: object,
    min_fill_seconds: float,
    now: float | None = None,
) -> bool:
    if honeypot:
        return True
    first = rendered_at(secret_key, signed_timestamp)
    if first is None:
        return True
    elapsed = (time.time() if now is None else now) - first
    return elapsed < min_fill_seconds
