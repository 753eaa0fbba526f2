"""Bot checks that cost humans nothing: a honeypot field and a minimum fill time.

The form carries a signed timestamp of when it was rendered; a submission that comes
back sooner than a person could fill it in, or with the hidden field filled, is a bot.
Bots are shown a normal-looking success so they learn nothing.
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


def looks_like_bot(
    secret_key: str,
    honeypot: object,
    signed_timestamp: object,
    min_fill_seconds: float,
    now: float | None = None,
) -> bool:
    if honeypot:
        return True
    if not isinstance(signed_timestamp, str) or not signed_timestamp:
        return True
    try:
        payload = _serializer(secret_key).loads(signed_timestamp, max_age=FORM_MAX_AGE_SECONDS)
        rendered_at = float(payload["t"])
    except (BadData, KeyError, TypeError, ValueError):
        return True
    elapsed = (time.time() if now is None else now) - rendered_at
    return elapsed < min_fill_seconds
