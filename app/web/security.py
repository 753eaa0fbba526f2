"""Security headers, trusted hosts, sessions, CSRF and rate limits, wired in one place.

Every response gets a Content-Security-Policy without 'unsafe-inline'. The API docs
page (Swagger UI, served from static/vendor) starts with an inline bootstrap script,
so that one route's policy allows exactly that script by its hash.
"""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi import FastAPI
from starlette.datastructures import MutableHeaders
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import Settings
from app.web.bodylimit import BodySizeLimitMiddleware
from app.web.csrf import CsrfGuard
from app.web.errors import server_error_response
from app.web.forms import NOTE_REQUEST_MAX_BYTES
from app.web.nostore import NoStoreMiddleware
from app.web.ratelimit import RateLimiter

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'; object-src 'none'"
)
DOCS_PATHS = ("/docs",)
HSTS = "max-age=63072000; includeSubDomains"
SESSION_COOKIE = "dispersion_session"
SESSION_MAX_AGE = 8 * 3600
# HTML form posts, refused past settings.max_form_bytes before a handler parses them.
FORM_PATHS = ("/demo", "/login", "/logout", "/admin", "/alerts", "/pairs", "/portfolio")
# A note's form carries up to 100,000 characters: it gets the note's own, larger limit.
NOTE_FORM_PATHS = ("/research",)
_INLINE = re.compile(rb"<(script|style)(?![^>]*\bsrc=)[^>]*>(.*?)</\1>", re.S | re.I)


def docs_csp(html: bytes) -> str:
    """A policy for the docs page: same origin plus the hashes of its inline blocks."""
    hashes: dict[bytes, list[str]] = {b"script": [], b"style": []}
    for tag, content in _INLINE.findall(html):
        digest = base64.b64encode(hashlib.sha256(content).digest()).decode()
        hashes[tag.lower()].append(f"'sha256-{digest}'")
    script = " ".join(["'self'", *hashes[b"script"]])
    style = " ".join(["'self'", *hashes[b"style"]])
    return (
        f"default-src 'self'; script-src {script}; style-src {style}; "
        "img-src 'self' data:; font-src 'self'; worker-src 'self' blob:; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; "
        "object-src 'none'"
    )


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, hsts: bool) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                self._apply(MutableHeaders(scope=message), CSP)
            await tracked(message)

        try:
            if scope.get("path") in DOCS_PATHS:
                await self._docs(scope, receive, tracked)
            else:
                await self.app(scope, receive, send_with_headers)
        except Exception:
            # Starlette's last-resort handler sits outside this middleware and would
            # answer a bare "Internal Server Error" without these headers. Answer here
            # (a page or JSON, by the usual policy), then re-raise so the error is
            # logged; the outer handler sees the response started and sends nothing.
            if not started:
                response = server_error_response(Request(scope))
                await response(scope, receive, send_with_headers)
            raise

    def _apply(self, headers: MutableHeaders, csp: str) -> None:
        headers["Content-Security-Policy"] = csp
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        headers["X-Frame-Options"] = "DENY"
        if self.hsts:
            headers["Strict-Transport-Security"] = HSTS

    async def _docs(self, scope: Scope, receive: Receive, send: Send) -> None:
        # The docs pages are small: buffer them to hash their inline blocks.
        start: Message | None = None
        body = bytearray()

        async def buffer(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            body.extend(message.get("body", b""))
            if not message.get("more_body", False) and start is not None:
                headers = MutableHeaders(scope=start)
                self._apply(headers, docs_csp(bytes(body)))
                headers["Content-Length"] = str(len(body))
                await send(start)
                await send({"type": "http.response.body", "body": bytes(body)})

        await self.app(scope, receive, buffer)


def install(app: FastAPI, settings: Settings) -> None:
    """Middlewares (outermost last) and the shared guards on app.state."""
    production = settings.env == "production"
    app.state.csrf = CsrfGuard(settings.secret_key, secure_cookie=production)
    app.state.limiter = RateLimiter(settings.rate_limit_storage)
    app.add_middleware(NoStoreMiddleware)  # inside the sessions: it reads the decoded one
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_MAX_AGE,
        same_site="lax",
        https_only=production,
    )
    app.add_middleware(
        BodySizeLimitMiddleware, max_bytes=settings.max_form_bytes, path_prefixes=FORM_PATHS
    )
    app.add_middleware(
        BodySizeLimitMiddleware, max_bytes=NOTE_REQUEST_MAX_BYTES, path_prefixes=NOTE_FORM_PATHS
    )
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts)
    app.add_middleware(SecurityHeadersMiddleware, hsts=production)
