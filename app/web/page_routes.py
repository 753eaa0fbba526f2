"""HTML pages: the page cache, the template helpers and the page routers, installed in
one call.

Unknown paths and other HTTP errors are answered by app.web.errors (a page for
browsers, JSON for API clients).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from fastapi import FastAPI
from sqlalchemy import Engine

from app.config import Settings
from app.web import (
    pages_alerts,
    pages_market,
    pages_pairs,
    pages_portfolio,
    pages_research,
    pages_symbols,
)
from app.web.middleware.cached_pages import CachedPagesMiddleware
from app.web.page_cache import PageCache
from app.web.rendering import install_globals
from app.web.templating import templates

log = logging.getLogger(__name__)


def install(app: FastAPI, settings: Settings) -> None:
    install_page_cache(app, settings)
    app.include_router(pages_market.router)
    app.include_router(pages_symbols.router)
    app.include_router(pages_research.router)
    app.include_router(pages_alerts.router)
    app.include_router(pages_alerts.api_router)
    app.include_router(pages_pairs.router)
    app.include_router(pages_portfolio.router)


def install_page_cache(app: FastAPI, settings: Settings) -> None:
    """Attach the page cache, its middleware and the template helpers every page uses."""
    engine: Engine = app.state.engine
    pages = PageCache(engine, settings.effective_page_cache_check_seconds)
    app.state.pages = pages
    app.state.renders = {}
    pages.expected_session()  # loads the exchange calendar now, not mid-request
    load_universe = _universe_loader(engine, settings)
    pages.listeners.append(load_universe)
    load_universe(0)  # API routes read the universe before any page is served
    app.add_middleware(CachedPagesMiddleware, pages=pages)
    install_globals(templates.env)


def _universe_loader(engine: Engine, settings: Settings) -> Callable[[int], None]:
    """Symbols added from the web (in any process) join the universe on a new version."""
    from app.market import universe

    def load(_version: int) -> None:
        try:
            universe.load_into(engine, settings)
        except Exception:  # e.g. a database not migrated yet: configured symbols still work
            log.warning("could not read the added symbols", exc_info=True)

    return load
