"""HTML pages: routers and the page cache, installed in one call.

Unknown paths and other HTTP errors are answered by app.web.errors (a page for
browsers, JSON for API clients).
"""

from __future__ import annotations

from fastapi import FastAPI

from app.config import Settings
from app.web import (
    pages_alerts,
    pages_common,
    pages_market,
    pages_pairs,
    pages_portfolio,
    pages_research,
    pages_symbols,
)


def install(app: FastAPI, settings: Settings) -> None:
    pages_common.install(app, settings)
    app.include_router(pages_market.router)
    app.include_router(pages_symbols.router)
    app.include_router(pages_research.router)
    app.include_router(pages_alerts.router)
    app.include_router(pages_alerts.api_router)
    app.include_router(pages_pairs.router)
    app.include_router(pages_portfolio.router)
