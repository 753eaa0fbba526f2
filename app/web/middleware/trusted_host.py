"""Refuse requests for a Host this site is not served at (400), by the error policy.

Starlette's TrustedHostMiddleware decides (and redirects to a configured "www." host);
its bare-text refusal is replaced by the policy's answer, without the site's templates:
a page rendered for an untrusted Host would put that host into its links.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.web.errors import plain_error_response

REFUSAL = "This site is not served at the address in your request's Host header."
# Set in the scope once the host passed: what is sent after that is the app's answer.
PASSED = "dispersion.trusted_host"


class TrustedHostsMiddleware:
    def __init__(self, app: ASGIApp, allowed_hosts: Sequence[str]) -> None:
        self.app = app
        self._check = TrustedHostMiddleware(self._trusted, allowed_hosts=allowed_hosts)

    async def _trusted(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope[PASSED] = True
        await self.app(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._check(scope, receive, send)
            return

        refused = False

        async def send_or_refuse(message: Message) -> None:
            nonlocal refused
            if scope.get(PASSED):
                await send(message)
            elif message["type"] == "http.response.start" and message["status"] == 400:
                refused = True  # the check's bare-text refusal: replaced below
            elif not refused:
                await send(message)  # the redirect to the "www." host

        await self._check(scope, receive, send_or_refuse)
        if refused:
            response = plain_error_response(Request(scope), 400, REFUSAL)
            await response(scope, receive, send)
