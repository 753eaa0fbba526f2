"""Security headers, trusted hosts, sessions, CSRF and rate limits, wired in one place.

The middlewares themselves live in app.web.middleware, one per module.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware

from app.config import Settings
from app.web.csrf import CsrfGuard
from app.web.forms import NOTE_REQUEST_MAX_BYTES
from app.web.middleware.body_limit import BodySizeLimitMiddleware
from app.web.middleware.no_store import NoStoreMiddleware
from app.web.middleware.security_headers import SecurityHeadersMiddleware
from app.web.middleware.trusted_host import TrustedHostsMiddleware
from app.web.ratelimit import RateLimiter

SESSION_COOKIE = "dispersion_session"
SESSION_MAX_AGE = 8 * 3600
# HTML form posts, refused past settings.max_form_bytes before a handler parses them.
FORM_PATHS = ("/demo", "/login", "/logout", "/admin", "/alerts", "/pairs", "/portfolio")
# A note's form carries up to 100,000 characters: it gets the note's own, larger limit.
NOTE_FORM_PATHS = ("/research",)


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
    app.add_middleware(TrustedHostsMiddleware, allowed_hosts=settings.allowed_hosts)
    app.add_middleware(SecurityHeadersMiddleware, hsts=production)
