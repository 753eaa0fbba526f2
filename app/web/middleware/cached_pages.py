"""Answer GET requests for pages already rendered at the current data version (200 from
memory, or 304 on a matching If-None-Match) without routing.

Installed inside the security middlewares, so these responses carry the same headers
(CSP and the rest) as any other.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from app.web.page_cache import PageCache
from app.web.page_serving import (
    cached_response,
    etag_matches,
    header,
    not_modified,
    request_key,
    signed_in,
)

# Never pages: these go straight to their routes (and never touch the data version).
PASS_THROUGH = (
    "/static/",
    "/api/",
    "/healthz",
    "/docs",
    "/openapi.json",
)


class CachedPagesMiddleware:
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
        if etag_matches(header(scope, b"if-none-match"), etag):
            response = not_modified(etag, scope)
        else:
            response = cached_response(page, etag, scope)
        await response(scope, receive, send)
