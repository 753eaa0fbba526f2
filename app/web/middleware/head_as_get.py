"""Answer HEAD like GET without the body (uptime checks and link checkers send HEAD).

FastAPI's GET routes answer HEAD with 405; doing it here covers every page and endpoint.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGetMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def drop_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b""}
            await send(message)

        # "dispersion.head" tells endless responses (event streams) to answer at once.
        await self.app({**scope, "method": "GET", "dispersion.head": True}, receive, drop_body)
