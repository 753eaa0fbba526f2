"""Refuse oversized form posts (413), counting the bytes actually received.

Content-Length is checked first as a shortcut, but a chunked body (or a lying header)
is caught while it streams: the wrapped `receive` stops the app once the limit passes.
The refusal follows the error policy (app.web.errors: a page for browsers, JSON for API
clients); the security headers are added by the middleware outside this one.
"""

from __future__ import annotations

import contextlib

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.web.errors import error_response


class _TooLarge(Exception):
    pass


class BodySizeLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int, path_prefixes: tuple[str, ...]) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.path_prefixes = path_prefixes

    def _applies(self, scope: Scope) -> bool:
        path: str = scope.get("path", "")
        return scope["type"] == "http" and any(
            path == p or path.startswith(p.rstrip("/") + "/") or path.startswith(p + ".")
            for p in self.path_prefixes
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._applies(scope):
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return

        received = 0
        started = False
        too_large = False

        async def counting_receive() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    too_large = True
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if too_large:
                # The app may catch the refusal while parsing (FastAPI answers a form it
                # couldn't read with 400): the 413 below answers instead.
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        with contextlib.suppress(_TooLarge):
            await self.app(scope, counting_receive, tracking_send)
        if too_large and not started:
            await self._refuse(scope, receive, send)

    def message(self) -> str:
        return (
            f"What you sent is larger than this form accepts ({self.max_bytes // 1024:,} KB). "
            "Shorten the longest field, such as the message, and submit the form again."
        )

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(Request(scope), 413, self.message(), title="Request too large")
        # The rest of the body may still be on its way: don't keep the connection.
        response.headers["Connection"] = "close"
        await response(scope, receive, send)
