"""``Cache-Control: no-store`` for whatever a signed-in person sees, and for sign-in and admin.

Public pages keep their cache headers, ETags and 304s for anonymous visitors
(app.web.page_serving). A response to a request that carries a signed-in session, or
that signs someone in or out, must not be kept by the browser or any cache on the way:
after logout, the back button or the next person at a shared computer must not see it.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.accounts import sessions

NO_STORE = "no-store"
PATHS = ("/login", "/logout", "/admin")


def _private_path(path: str) -> bool:
    return any(path == p or path.startswith(p + "/") for p in PATHS)


class NoStoreMiddleware:
    """Installed inside SessionMiddleware, so the session is already decoded here."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # Decided before the route runs too: logout empties the session.
        private = _private_path(scope["path"]) or sessions.signed_in(scope.get("session"))

        async def send_no_store(message: Message) -> None:
            if message["type"] == "http.response.start" and (
                private or sessions.signed_in(scope.get("session"))
            ):
                MutableHeaders(scope=message)["Cache-Control"] = NO_STORE
            await send(message)

        await self.app(scope, receive, send_no_store)
