"""HTML pages: routers, the page cache and the HTML 404 page, installed in one call."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.config import Settings
from app.web import pages_common, pages_market, pages_research
from app.web.templating import render


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith(("/api/", "/static/")) or path.endswith((".json", ".csv")):
        return False
    return "text/html" in request.headers.get("accept", "text/html")


def install(app: FastAPI, settings: Settings) -> None:
    pages_common.install(app, settings)
    app.include_router(pages_market.router)
    app.include_router(pages_research.router)

    @app.exception_handler(StarletteHTTPException)
    async def not_found(request: Request, exc: StarletteHTTPException) -> Response:
        # Routing errors (no such path, wrong method): a page for people, JSON for clients.
        if exc.status_code == 404 and _wants_html(request):
            return render(
                request, "404.html", {"what": "There is no page at this address."}, status_code=404
            )
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=exc.headers)
