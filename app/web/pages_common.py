"""Serving pages from the per-process cache, with ETags and conditional GET."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from app.config import Settings
from app.web.errors import prefers_json, wants_json
from app.web.page_cache import CachedPage, PageCache
from app.web.templating import render, templates

log = logging.getLogger(__name__)
HTML = "text/html; charset=utf-8"
CACHE_CONTROL = "no-cache"
# Never pages: these go straight to their routes (and never touch the data version).
PASS_THROUGH = (
    "/static/",
    "/api/",
    "/healthz",
    "/docs",
    "/openapi.json",
)  # always revalidate: the ETag makes that a cheap 304


def install(app: FastAPI, settings: Settings) -> None:
    """Attach the page cache and the template helpers every page (and base.html) uses."""
    from app.web import filters

    app.state.pages = PageCache(app.state.engine, settings.effective_page_cache_check_seconds)
    app.state.renders = {}
    app.state.pages.expected_session()  # loads the exchange calendar now, not mid-request
    load_universe = _universe_loader(app.state.engine, settings)
    app.state.pages.listeners.append(load_universe)
    load_universe(0)  # API routes read the universe before any page is served
    app.add_middleware(CachedPagesMiddleware, pages=app.state.pages)
    filters.install(templates.env)
    templates.env.globals["site"] = site
    templates.env.globals["viewer"] = viewer
    templates.env.globals["signout_token"] = signout_token


def _universe_loader(engine: Any, settings: Settings) -> Callable[[int], None]:
    """Symbols added from the web (in any process) join the universe on a new version."""
    from app.market import universe

    def load(_version: int) -> None:
        try:
            universe.load_into(engine, settings)
        except Exception:  # e.g. a database not migrated yet: configured symbols still work
            log.warning("could not read the added symbols", exc_info=True)

    return load


def cache(request: Request) -> PageCache:
    return request.app.state.pages


def settings_of(request: Request) -> Settings:
    return request.app.state.settings


def site(request: Request) -> dict[str, Any] | None:
    """Footer facts for base.html; None when the page cache isn't installed."""
    pages: PageCache | None = getattr(request.app.state, "pages", None)
    if pages is None:
        return None
    from app.web.viewmodels import site_facts

    expected = pages.expected_session()
    return pages.memo(("site",), lambda: site_facts(pages.engine, settings_of(request), expected))


def signed_in(scope: Scope) -> bool:
    """The request carries a sign-in session, judged from the cookie alone (no query):
    a stale cookie is answered like a member's page, which is never cached."""
    from app.accounts import sessions

    session = scope.get("session")
    return bool(session) and sessions.token(session) is not None


def viewer(request: Request) -> Any:
    """The signed-in user for base.html's nav and footer; None for visitors (no query)."""
    if not signed_in(request.scope):
        return None
    from app.web.auth import current_user

    return current_user(request)


def signout_token(request: Request) -> str | None:
    """The CSRF token of the visitor's cookie, for the footer's sign-out form; None when
    the cookie is missing or expired (the footer then links to the sign-out page)."""
    csrf = getattr(request.app.state, "csrf", None)
    if csrf is None:
        return None
    return csrf.current(request)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


def _fragment(scope: Scope) -> bool:
    # A history restore after a cache miss needs the whole page, not a fragment.
    return (
        _header(scope, b"hx-request") == "true"
        and _header(scope, b"hx-history-restore-request") != "true"
    )


def wants_fragment(request: Request) -> bool:
    return _fragment(request.scope)


# Pages that differ for visitors who are not signed in: "/" is the front door for them
# and the dashboard for members. (Members' pages are rendered per request, never
# cached; the key and Vary still keep a shared cache from crossing the two.)
PER_AUDIENCE = frozenset({"/"})


def audience(scope: Scope) -> str:
    """Which variant of the page this request gets: "member", "visitor" or "" (same)."""
    if scope["path"] not in PER_AUDIENCE:
        return ""
    return "member" if signed_in(scope) else "visitor"


def request_key(scope: Scope) -> tuple[object, ...]:
    """What a cached page depends on besides the data: path, query, HX-Request,
    whether the client prefers JSON (its error answers are JSON, not pages) and, for a
    few pages, whether the visitor is signed in."""
    return (
        scope["path"],
        scope["query_string"],
        _fragment(scope),
        prefers_json(_header(scope, b"accept")),
        audience(scope),
    )


def _matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    candidates = {c.strip().removeprefix("W/") for c in header.split(",")}
    return etag in candidates or "*" in candidates


def _headers(etag: str, scope: Scope) -> dict[str, str]:
    vary = "HX-Request, Cookie" if audience(scope) else "HX-Request"
    return {"ETag": etag, "Vary": vary, "Cache-Control": CACHE_CONTROL}


def _response(page: CachedPage, etag: str, scope: Scope) -> Response:
    return Response(
        page.body,
        status_code=page.status_code,
        media_type=page.media_type,
        headers={**_headers(etag, scope), **page.headers},
    )


async def serve(request: Request, build: Callable[[], CachedPage]) -> Response:
    """The cached page for this URL (and HX-Request), rendered by `build` on a miss.

    Concurrent misses for the same page wait for one render instead of each rendering.
    """
    if signed_in(request.scope):
        # Pages for a signed-in person say who they are and offer what they may do:
        # rendered for them, never shared through the cache (and marked no-store).
        page = await run_in_threadpool(build)
        return Response(
            page.body,
            status_code=page.status_code,
            media_type=page.media_type,
            headers={"Vary": "HX-Request", **page.headers},
        )
    pages = cache(request)
    key = request_key(request.scope)
    state = pages.state()
    etag = pages.etag(key)
    if _matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=_headers(etag, request.scope))
    full_key = (*state, *key)
    page = pages.get(full_key)
    if page is not None:
        return _response(page, etag, request.scope)
    pending: dict[tuple[object, ...], asyncio.Future[CachedPage]] = request.app.state.renders
    if full_key in pending:
        return _response(await asyncio.shield(pending[full_key]), etag, request.scope)
    future: asyncio.Future[CachedPage] = asyncio.get_running_loop().create_future()
    pending[full_key] = future
    try:
        page = await run_in_threadpool(build)
        future.set_result(page)
    except BaseException as exc:
        future.set_exception(exc)
        future.exception()  # mark retrieved: waiters (if any) get it re-raised
        raise
    finally:
        pending.pop(full_key, None)
    if page.status_code < 500:
        pages.put(full_key, page)
    return _response(page, etag, request.scope)


class CachedPagesMiddleware:
    """Answers GET requests for pages already rendered at the current data version
    (200 from memory, or 304 on a matching If-None-Match) without routing.

    Installed inside the security middlewares, so these responses carry the same
    headers (CSP and the rest) as any other.
    """

    def __init__(self, app: ASGIApp, pages: PageCache) -> None:
        self.app = app
        self.pages = pages

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or scope["path"].startswith(PASS_THROUGH)
            or signed_in(scope)
        ):
            await self.app(scope, receive, send)
            return
        try:
            hit = self.pages.lookup(request_key(scope))
        except Exception:  # e.g. the database is down: let the route answer (and fail) itself
            hit = None
        if hit is None:
            await self.app(scope, receive, send)
            return
        etag, page = hit
        if _matches(_header(scope, b"if-none-match"), etag):
            response = Response(status_code=304, headers=_headers(etag, scope))
        else:
            response = _response(page, etag, scope)
        await response(scope, receive, send)


def html_page(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    block: str | None = None,
    status_code: int = 200,
    error: str | None = None,
    fields: dict[str, str] | None = None,
) -> CachedPage:
    """Render `template` (or only `block` for htmx) into a cacheable page.

    An error answer (`error` given) goes to clients that prefer JSON as
    ``{"error", "fields"}`` instead, like every other error (app.web.errors).
    """
    if error is not None and wants_json(request):
        body: dict[str, Any] = {"error": error}
        if fields is not None:
            body["fields"] = fields
        return CachedPage(json.dumps(body).encode(), "application/json", status_code)
    response = render(
        request,
        template,
        context,
        block=block if wants_fragment(request) else None,
        status_code=status_code,
    )
    return CachedPage(bytes(response.body), HTML, status_code)
