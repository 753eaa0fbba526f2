"""Login, logout and the dependencies that guard pages by role."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from app.accounts import sessions
from app.accounts.models import User
from app.accounts.service import authenticate, normalize_username
from app.db import session_scope
from app.web.csrf import render_form, require_csrf
from app.web.errors import Forbidden, LoginRequired, RateLimited
from app.web.ratelimit import client_address

router = APIRouter(include_in_schema=False)
_UNSET = object()


def current_user(request: Request) -> User | None:
    """The logged-in, active user, or None. Cached for the request."""
    cached = getattr(request.state, "user", _UNSET)
    if cached is not _UNSET:
        return cached
    user: User | None = None
    uid = sessions.user_id(request.session) if "session" in request.scope else None
    if uid is not None:
        with session_scope(request.app.state.engine) as db:
            found = db.get(User, uid)
            if found is not None and found.is_active and sessions.matches(request.session, found):
                user = found
    request.state.user = user
    return user


def require_analyst(user: Annotated[User | None, Depends(current_user)]) -> User:
    """Analysts and admins."""
    if user is None:
        raise LoginRequired
    if user.role not in ("analyst", "admin"):
        raise Forbidden
    return user


def require_admin(user: Annotated[User | None, Depends(current_user)]) -> User:
    if user is None:
        raise LoginRequired
    if user.role != "admin":
        raise Forbidden
    return user


CurrentUser = Annotated[User | None, Depends(current_user)]
AnalystUser = Annotated[User, Depends(require_analyst)]
AdminUser = Annotated[User, Depends(require_admin)]


def safe_next(target: object) -> str:
    """Only same-site paths: '/x' yes; '//evil', '/\\evil', 'https://evil' no."""
    if not isinstance(target, str) or not target.startswith("/") or target.startswith("//"):
        return "/"
    if "\\" in target or any(ord(c) < 32 for c in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target


@router.get("/login")
def login_page(request: Request, user: CurrentUser, next: str = "/") -> Response:
    return render_form(
        request, "login.html", {"next": safe_next(next), "username": "", "user": user}
    )


@router.post("/login", dependencies=[Depends(require_csrf)])
async def login(request: Request) -> Response:
    form = await request.form()
    username = str(form.get("username") or "")[:64]
    password = str(form.get("password") or "")[:1024]
    target = safe_next(form.get("next"))
    settings = request.app.state.settings
    limiter = request.app.state.limiter
    user_key = ("login-user", normalize_username(username))
    ip_key = ("login-ip", client_address(request.client))

    def throttled() -> bool:  # the store may be Redis: off the event loop
        return not (
            limiter.allowed(settings.login_rate_limit_user, *user_key)
            and limiter.allowed(settings.login_rate_limit_ip, *ip_key)
        )

    if await run_in_threadpool(throttled):
        raise RateLimited(
            retry_after=900,
            message="Too many failed sign-in attempts. Please wait 15 minutes and try again.",
        )

    def check() -> User | None:
        with session_scope(request.app.state.engine) as db:
            return authenticate(db, username, password)

    user = await run_in_threadpool(check) if username and password else None
    if user is None:
        await run_in_threadpool(limiter.hit, settings.login_rate_limit_user, *user_key)
        await run_in_threadpool(limiter.hit, settings.login_rate_limit_ip, *ip_key)
        return render_form(
            request,
            "login.html",
            {"next": target, "username": username, "error": "Wrong username or password."},
            status_code=401,
        )
    await run_in_threadpool(limiter.clear, settings.login_rate_limit_user, *user_key)
    sessions.start(request.session, user)
    return RedirectResponse(target, status_code=303)


@router.post("/logout", dependencies=[Depends(require_csrf)])
def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/", status_code=303)
