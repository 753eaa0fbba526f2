"""Request id, access log line and latency metric for every HTTP request.

`X-Request-ID` from the client (or the proxy in front) is kept when it is a short token
(≤ 64 of [A-Za-z0-9._-]); otherwise a new uuid4 is made. The id is set in a contextvar
for the request's log lines and returned in the response header. Latency is labelled
by route template (e.g. /ticker/{symbol}), never the raw path, so label cardinality stays
bounded whatever URLs clients send.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.ops.logs import request_id_var
from app.ops.telemetry import REQUEST_SECONDS

HEADER = b"x-request-id"
VALID_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
UNMATCHED = "<unmatched>"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
access_log = logging.getLogger("app.access")


def request_id_from(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == HEADER:
            text = value.decode("latin-1")
            if VALID_ID.fullmatch(text):
                return text
            break
    return str(uuid.uuid4())


def route_template(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    if isinstance(path, str) and path:
        return path
    return UNMATCHED


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = request_id_from(scope)
        token = request_id_var.set(rid)
        started = time.perf_counter()
        status = 500  # if the app raises before answering, that is what the client sees

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(k, v) for k, v in message.get("headers", []) if k != HEADER]
                headers.append((HEADER, rid.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            method = scope["method"]
            REQUEST_SECONDS.labels(
                route=route_template(scope),
                method=method if method in METHODS else "OTHER",
                status=f"{status // 100}xx",
            ).observe(elapsed)
            access_log.info(
                "%s %s %s",
                method,
                scope.get("path", ""),
                status,
                extra={
                    "method": method,
                    "path": scope.get("path", ""),
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                },
            )
            request_id_var.reset(token)
