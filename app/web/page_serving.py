"""Serving pages from the per-process page cache, with ETags and conditional GET.

What a cached page depends on besides the data (its request key), the validators sent
with it, and `serve`, which renders a page once per data version however many requests
ask for it at the same time. The middleware that answers cache hits without routing is
app.web.middleware.cached_pages.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from starlette.types import Scope

from app.accounts import sessions
from app.web.deps import page_cache, page_renders
from app.web.errors import wants_json
from app.web.page_cache import CachedPage

# Always revalidate: the ETag makes that a cheap 304.
CACHE_CONTROL = "no-cache"
# Pages that differ for visitors who are not signed in: "/" is the front door for them
# and the dashboard for members. (Members' pages are rendered per request, never
# cached; the key and Vary still keep a shared cache from crossing the two.)
PER_AUDIENCE = frozenset({"/"})


def header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


def signed_in(scope: Scope) -> bool:
    """The request carries a sign-in session, judged from the cookie alone (no query):
    a stale cookie is answered like a member's page, which is never cached."""
    return sessions.signed_in(scope.get("session"))


def is_fragment(scope: Scope) -> bool:
    """htmx asks for a fragment. A history restore after a cache miss needs the whole
    page, not a fragment."""
    return (
        header(scope, b"hx-request") == "true"
        and header(scope, b"hx-history-restore-request") != "true"
    )


def audience(scope: Scope) -> str:
    """Which variant of the page this request gets: "member", "visitor" or "" (same)."""
    if scope["path"] not in PER_AUDIENCE:
        return ""
    return "member" if signed_in(scope) else "visitor"


def request_key(scope: Scope) -> tuple[object, ...]:
    """What a cached page depends on besides the data: path, query, HX-Request,
    whether errors are answered in JSON (app.web.errors.wants_json) and, for a few
    pages, whether the visitor is signed in."""
    return (
        scope["path"],
        scope["query_string"],
        is_fragment(scope),
        wants_json(scope),
        audience(scope),
    )


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    candidates = {c.strip().removeprefix("W/") for c in if_none_match.split(",")}
    return etag in candidates or "*" in candidates


def validator_headers(etag: str, scope: Scope) -> dict[str, str]:
    vary = "HX-Request, Cookie" if audience(scope) else "HX-Request"
    return {"ETag": etag, "Vary": vary, "Cache-Control": CACHE_CONTROL}


def not_modified(etag: str, scope: Scope) -> Response:
    return Response(status_code=304, headers=validator_headers(etag, scope))


def cached_response(page: CachedPage, etag: str, scope: Scope) -> Response:
    return Response(
        page.body,
        status_code=page.status_code,
        media_type=page.media_type,
        headers={**validator_headers(etag, scope), **page.headers},
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
    pages = page_cache(request)
    key = request_key(request.scope)
    state = pages.state()
    etag = pages.etag(key)
    if etag_matches(request.headers.get("if-none-match"), etag):
        return not_modified(etag, request.scope)
    full_key = (*state, *key)
    page = pages.get(full_key)
    if page is not None:
        return cached_response(page, etag, request.scope)
    pending = page_renders(request)
    if full_key in pending:
        return cached_response(await asyncio.shield(pending[full_key]), etag, request.scope)
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
    return cached_response(page, etag, request.scope)
