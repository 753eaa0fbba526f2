"""Shared route dependencies: the app's engine and settings, its shared state, and who
may write.

``current_user`` says who is signed in (the auth module builds its role checks on it).
Handlers and helpers read the app's state through the accessors here (typed, one place)
instead of reaching into ``request.app.state``.

``require_writer`` asks each resolver in ``WRITER_RESOLVERS`` in turn; the first
that recognises the request returns a ``Writer``. A resolver returns None when
the request carries none of its credentials, and raises when it carries bad
ones. A session-based analyst login adds a resolver (before the bearer one,
so a browser never needs a token); nothing else changes for the routes.
"""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Literal

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from app.accounts import sessions
from app.accounts.models import User
from app.config import Settings
from app.db import session_scope

if TYPE_CHECKING:  # the state's types; importing them here at run time would be circular
    from app.web.csrf import CsrfGuard
    from app.web.health import HealthProbe
    from app.web.page_cache import CachedPage, PageCache
    from app.web.ratelimit import RateLimiter


def app_engine(request: Request) -> Engine:
    """The database engine the app was created with (one per process)."""
    return request.app.state.engine


def app_settings(request: Request) -> Settings:
    """The settings the app was created with (tests pass their own)."""
    return request.app.state.settings


# Route parameters typed with these get the app's engine and settings, so handlers never
# reach into ``request.app.state`` themselves.
EngineDep = Annotated[Engine, Depends(app_engine)]
SettingsDep = Annotated[Settings, Depends(app_settings)]


def page_cache(request: Request) -> PageCache:
    """The per-process page cache (app.web.page_routes installs it)."""
    return request.app.state.pages


def installed_page_cache(request: Request) -> PageCache | None:
    """The page cache, or None in an app built without pages."""
    return getattr(request.app.state, "pages", None)


def page_renders(request: Request) -> dict[tuple[object, ...], asyncio.Future[CachedPage]]:
    """Page renders in progress, by cache key: concurrent misses wait for one render."""
    return request.app.state.renders


def csrf_guard(request: Request) -> CsrfGuard | None:
    """The CSRF guard (app.web.security installs it); None in an app built without it."""
    return getattr(request.app.state, "csrf", None)


def rate_limiter(request: Request) -> RateLimiter:
    """The rate limiter shared by the form routes (app.web.security installs it)."""
    return request.app.state.limiter


def health_probe(request: Request) -> HealthProbe:
    return request.app.state.health


_UNSET = object()


def current_user(request: Request) -> User | None:
    """The logged-in, active user, or None. Cached for the request.

    The cookie only names a session: the ``user_sessions`` row decides, so a session
    that was logged out, expired or revoked is anonymous even with a valid signature.
    """
    cached = getattr(request.state, "user", _UNSET)
    if cached is not _UNSET:
        return cached
    user: User | None = None
    if "session" in request.scope and sessions.token(request.session) is not None:
        with session_scope(app_engine(request)) as db:
            user = sessions.resolve(db, request.session)
        if user is None:
            request.session.clear()  # a dead session: drop the cookie too
    request.state.user = user
    return user


_bearer = HTTPBearer(auto_error=False, description="DISPERSION_API_TOKEN")
_CHALLENGE = {"WWW-Authenticate": "Bearer"}


@dataclass(frozen=True)
class Writer:
    """Who is writing: a machine client with the API token, or (later) an analyst."""

    kind: Literal["token", "session"]
    name: str
    # A session writer's role ("analyst" or "admin"); None for the API token.
    role: str | None = None

    def may_change(self, author: str) -> bool:
        """Edit or delete a note by ``author``: the token and admins any, an analyst
        only their own."""
        return self.kind == "token" or self.role == "admin" or author == self.name


WriterResolver = Callable[[Request], "Writer | None"]


def bearer_writer(request: Request) -> Writer | None:
    """``Authorization: Bearer <DISPERSION_API_TOKEN>``, compared in constant time.

    Without a configured token, bearer writes are refused outright: an empty or
    missing setting never means "open".
    """
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "malformed Authorization header: expected 'Bearer <token>'",
            headers=_CHALLENGE,
        )
    expected = app_settings(request).api_token
    if not expected:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "API writes are disabled: no API token is configured (DISPERSION_API_TOKEN)",
        )
    if not hmac.compare_digest(credentials.strip().encode(), expected.encode()):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "invalid API token", headers=_CHALLENGE)
    return Writer(kind="token", name="api-token")


def session_writer(request: Request) -> Writer | None:
    """A signed-in analyst or admin (browser session).

    The session cookie is SameSite=Lax, and a request a browser marks as coming from
    another site (Origin of another host, or Sec-Fetch-Site: cross-site) is refused,
    so another site can't write through a visitor's session.
    """
    user = current_user(request)
    if user is None or user.role not in ("analyst", "admin"):
        return None
    origin = request.headers.get("origin")
    host = request.headers.get("host", "")
    cross_origin = origin is not None and origin.split("://", 1)[-1] != host
    if cross_origin or request.headers.get("sec-fetch-site") == "cross-site":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "cross-site write refused")
    return Writer(kind="session", name=user.username, role=user.role)


# Order matters: the first resolver that recognises the request wins.
WRITER_RESOLVERS: list[WriterResolver] = [session_writer, bearer_writer]


def require_writer(
    request: Request,
    _credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)] = None,
) -> Writer:
    """Dependency of every write route. ``_credentials`` only documents the
    bearer scheme in OpenAPI; the resolvers read the request themselves."""
    for resolve in WRITER_RESOLVERS:
        writer = resolve(request)
        if writer is not None:
            return writer
    if not app_settings(request).api_token:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "writes need authentication, and API writes are disabled: "
            "no API token is configured (DISPERSION_API_TOKEN)",
        )
    raise HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        "authentication required: send 'Authorization: Bearer <token>'",
        headers=_CHALLENGE,
    )


WriterDep = Annotated[Writer, Depends(require_writer)]
