"""Login, logout and the dependencies that guard pages by role."""

from __future__ import annotations

import asyncio
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from app.accounts import sessions
from app.accounts.models import User
from app.accounts.service import authenticate, normalize_username
from app.db import session_scope
from app.web.csrf import render_form, require_csrf
from app.web.deps import EngineDep, SettingsDep, current_user, rate_limiter
from app.web.errors import Forbidden, LoginRequired, RateLimited
from app.web.forms import LoginForm
from app.web.ratelimit import client_address

router = APIRouter(include_in_schema=False)


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


def _wait_text(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    return f"{minutes} minutes"


@router.post("/login", dependencies=[Depends(require_csrf)])
async def login(
    request: Request,
    form: Annotated[LoginForm, Form()],
    engine: EngineDep,
    settings: SettingsDep,
) -> Response:
    """Sign in. Failed attempts are limited three ways:

    - per username *and* client address (strict, refused with 429): a guesser is
      stopped without locking the real user out from anywhere else;
    - per client address (refused with 429): one address can't try many usernames;
    - per username from all addresses (looser): past it, every attempt for that
      username is slowed down, never refused, so a correct password still works.
    """
    username, password = form.username, form.password
    target = safe_next(form.next)
    limiter = rate_limiter(request)
    name = normalize_username(username)
    address = client_address(request)
    refusing = (
        (settings.login_rate_limit_user, ("login-user-address", name, address)),
        (settings.login_rate_limit_ip, ("login-ip", address)),
    )
    slow_rule, slow_key = settings.login_rate_limit_user_global, ("login-user", name)

    def wait_seconds() -> int | None:  # the store may be Redis: off the event loop
        for rule, key in refusing:
            if not limiter.allowed(rule, *key):
                return limiter.retry_after(rule, *key)
        return None

    wait = await run_in_threadpool(wait_seconds)
    if wait is not None:
        raise RateLimited(
            retry_after=wait,
            message="Too many failed sign-in attempts from your address. "
            f"Please wait {_wait_text(wait)} and try again.",
        )
    if not await run_in_threadpool(limiter.allowed, slow_rule, *slow_key):
        await asyncio.sleep(settings.login_slowdown_seconds)

    def check() -> User | None:
        with session_scope(engine) as db:
            user = authenticate(db, username, password)
            if user is not None:
                sessions.start(db, request.session, user)
            return user

    user = await run_in_threadpool(check) if username and password else None
    if user is None:

        def count_failure() -> None:
            for rule, key in (*refusing, (slow_rule, slow_key)):
                limiter.hit(rule, *key)

        await run_in_threadpool(count_failure)
        return render_form(
            request,
            "login.html",
            {"next": target, "username": username, "error": "Wrong username or password."},
            status_code=401,
        )
    pair_rule, pair_key = refusing[0]
    await run_in_threadpool(limiter.clear, pair_rule, *pair_key)
    return RedirectResponse(target, status_code=303)


@router.get("/logout")
def logout_page(request: Request, user: CurrentUser) -> Response:
    """A sign-out button (the footer links here when its form has no usable token)."""
    if user is None:
        return RedirectResponse("/", status_code=303)
    return render_form(request, "logout.html", {"user": user})


@router.post("/logout", dependencies=[Depends(require_csrf)])
def logout(request: Request, engine: EngineDep) -> Response:
    """End the session server-side, so a copy of the cookie stops working too."""
    with session_scope(engine) as db:
        sessions.end(db, request.session)
    return RedirectResponse("/", status_code=303)
