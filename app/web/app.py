"""Application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from app import __version__
from app.config import PROJECT_ROOT, Settings, get_settings
from app.db import get_engine, make_engine
from app.web import (
    admin,
    api,
    api_pairs,
    api_portfolio,
    api_research,
    auth,
    demo,
    errors,
    ops,
    page_routes,
    security,
)
from app.web.deps import health_probe
from app.web.health import HealthProbe
from app.web.middleware.head_as_get import HeadAsGetMiddleware
from app.web.middleware.request_context import RequestContextMiddleware

API_DESCRIPTION = (
    "JSON for the [Dispersion](/) research dashboard: metrics, research notes and their "
    "sentiment, pairs, portfolios and alerts. Reads are public; writes need an analyst's "
    "sign-in or `Authorization: Bearer <DISPERSION_API_TOKEN>`. Errors are "
    '`{"error": "..."}`, with `fields` for invalid input. [← Back to Dispersion](/)'
)
DOCS_HEADER = (
    "<style>body{margin:0}.docs-home{font:600 15px/1.4 system-ui,sans-serif;padding:12px 20px;"
    "border-bottom:1px solid #d8dde3;background:#f6f8fa;display:flex;gap:16px;"
    "align-items:center}.docs-home a{color:#1f4e79}.docs-home span{color:#4a5560;"
    "font-weight:400}</style>"
    '<header class="docs-home"><a href="/">← Dispersion</a>'
    "<span>API reference · every endpoint below returns JSON</span></header>"
)


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    settings = settings or get_settings()
    if engine is None:
        engine = get_engine() if settings is get_settings() else make_engine(settings.database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        live = getattr(app.state, "alerts_live", None)
        if live is not None:  # the alert poller of live streams (app.web.live)
            await live.stop()

    app = FastAPI(
        title="Dispersion",
        version=__version__,
        description=API_DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.health = HealthProbe(engine)

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        # Swagger UI from our own static files: no CDN.
        page = get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="Dispersion API",
            swagger_js_url="/static/vendor/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )
        # A way back to the app above Swagger UI; its <style> block is allowed by hash
        # (app.web.middleware.security_headers.docs_csp), like the bootstrap script.
        html = bytes(page.body).decode().replace("<body>", "<body>" + DOCS_HEADER, 1)
        return HTMLResponse(html)

    @app.get(
        "/healthz",
        tags=["ops"],
        summary="Cheap status: database, last refresh, scheduler",
        description=(
            "For load balancers and monitors: `status`, whether the database answers, the "
            "last refresh and the scheduler's state; `status` is `degraded` when the "
            "database doesn't answer. Cached for a few seconds, so it is cheap to poll."
        ),
    )
    async def healthz(request: Request) -> dict[str, Any]:
        return health_probe(request).state()

    app.mount("/static", StaticFiles(directory=PROJECT_ROOT / "static"), name="static")
    app.include_router(api.router)
    app.include_router(api_research.router)
    app.include_router(api_portfolio.router)
    app.include_router(api_pairs.router)
    app.include_router(ops.router)
    page_routes.install(app, settings)
    security.install(app, settings)
    errors.install(app)
    app.include_router(demo.router)
    app.include_router(auth.router)
    app.include_router(admin.router)
    # Request id, access line and latency: around everything but HEAD handling, so the
    # route template chosen by the router is visible to it afterwards.
    app.add_middleware(RequestContextMiddleware)
    app.add_middleware(HeadAsGetMiddleware)  # outermost: every route answers HEAD
    return app
