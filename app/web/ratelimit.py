"""Rate limits on a shared store, selected by URI (`limits` storage: memory://, redis://…).

memory:// only holds within one process; the scale-out shape points every web process
at the same Redis so a client can't multiply its allowance by the number of workers.
"""

from __future__ import annotations

import logging
import math
import time
from functools import lru_cache

from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from starlette.requests import Request

from app.ops.net import real_client
from app.web.deps import app_settings

log = logging.getLogger(__name__)
NAMESPACE = "dispersion"


@lru_cache(maxsize=64)
def _rule(text: str) -> RateLimitItem:
    item = parse(text)
    item.namespace = NAMESPACE
    return item


class RateLimiter:
    def __init__(self, storage_uri: str) -> None:
        self.storage = storage_from_string(storage_uri)
        self._limiter = MovingWindowRateLimiter(self.storage)

    def hit(self, rule: str, *key: str) -> bool:
        """Count one event; False when the limit was already reached."""
        try:
            return self._limiter.hit(_rule(rule), *key)
        except Exception:  # the store is down: serve rather than refuse everyone
            log.exception("rate-limit store unavailable; allowing %s", key[:1])
            return True

    def allowed(self, rule: str, *key: str) -> bool:
        """Whether one more event would pass, without counting it."""
        try:
            return self._limiter.test(_rule(rule), *key)
        except Exception:
            log.exception("rate-limit store unavailable; allowing %s", key[:1])
            return True

    def retry_after(self, rule: str, *key: str) -> int:
        """Whole seconds until one more event would pass (at least 1)."""
        item = _rule(rule)
        try:
            reset_at = self._limiter.get_window_stats(item, *key).reset_time
        except Exception:
            log.exception("rate-limit store unavailable; assuming a full window for %s", key[:1])
            return item.get_expiry()
        return max(1, math.ceil(reset_at - time.time()))

    def clear(self, rule: str, *key: str) -> None:
        try:
            self._limiter.clear(_rule(rule), *key)
        except Exception:
            log.exception("rate-limit store unavailable; could not clear %s", key[:1])


def client_address(request: Request) -> str:
    """The address rate limits key on: the peer, or behind a trusted proxy
    (DISPERSION_TRUSTED_PROXIES) the real client from X-Forwarded-For. An untrusted peer's
    X-Forwarded-For is ignored, so a client can't spoof its way to a fresh allowance."""
    peer = request.client.host if request.client else None
    trusted = app_settings(request).trusted_proxies
    return real_client(peer, request.headers.getlist("x-forwarded-for"), trusted)
