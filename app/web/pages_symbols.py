"""Finding any symbol: suggestions while typing, the search form's target, a useful
page for a symbol without prices, and adding a symbol to the universe.

Suggestions are the same for everyone and cached per data version. The unknown-symbol
page and the add-to-universe status are rendered per request (no-store): what they
offer depends on who is signed in.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse, Response

from app.market import universe
from app.market.search import Candidate, did_you_mean, resolve, suggest
from app.web import viewmodels
from app.web.deps import app_engine, app_settings, csrf_guard, page_cache
from app.web.errors import wants_json
from app.web.page_cache import CachedPage
from app.web.page_serving import serve
from app.web.params import ParamError, parse_search, parse_symbol, sentence
from app.web.rendering import html_page, wants_fragment
from app.web.templating import render

router = APIRouter(include_in_schema=False)
NO_STORE = {"Cache-Control": "no-store"}


def candidates(request: Request) -> list[Candidate]:
    """The universe's symbols that have prices, with their names (once per data version)."""
    pages = page_cache(request)

    def build() -> list[Candidate]:
        names = viewmodels.symbol_names(pages.engine)
        known = viewmodels.snapshots(pages.engine)
        return [Candidate(s, names.get(s, s)) for s in app_settings(request).universe if s in known]

    return pages.memo(("symbol-candidates", tuple(app_settings(request).universe)), build)


def search_target(request: Request, query: str) -> str:
    """Where a submitted search goes: a known symbol's page, else the page for what was
    typed as a symbol (it offers close matches), else back home."""
    try:
        cleaned = parse_search(query)
    except ParamError:
        return "/"
    if not cleaned:
        return "/"
    found = resolve(cleaned, candidates(request))
    if found is not None:
        return f"/tickers/{quote(found, safe='')}"
    return f"/tickers/{quote(cleaned.lstrip('$').upper()[:16], safe='')}"


@router.get("/search")
def search(
    request: Request, needle: Annotated[str, Query(alias="q", max_length=200)] = ""
) -> Response:
    """The top bar's search box without JavaScript: a symbol or a name."""
    return RedirectResponse(search_target(request, needle), status_code=303)


@router.get("/search/suggest")
async def search_suggest(
    request: Request, needle: Annotated[str, Query(alias="q")] = ""
) -> Response:
    """Symbols and names matching ``needle`` (the ``q`` parameter) as an ARIA listbox (an
    htmx fragment)."""

    def build() -> CachedPage:
        try:
            cleaned = parse_search(needle)
        except ParamError as exc:
            message = sentence("the search", str(exc))
            return html_page(
                request, "_suggest.html", {"error": message}, status_code=422, error=message
            )
        found = suggest(cleaned, candidates(request))
        return html_page(request, "_suggest.html", {"query": cleaned, "found": found})

    return await serve(request, build)


def _user(request: Request) -> Any:
    if "session" not in request.scope:
        return None
    from app.web.auth import current_user

    return current_user(request)


def _analyst(request: Request) -> Any:
    user = _user(request)
    return user if user is not None and user.role in ("analyst", "admin") else None


def _render(request: Request, template: str, ctx: dict[str, Any], status: int) -> Response:
    block = "status" if wants_fragment(request) and template == "universe_status.html" else None
    if csrf_guard(request) is not None:
        from app.web.csrf import render_form

        response = render_form(request, template, ctx, block=block, status_code=status)
    else:
        response = render(request, template, ctx, block=block, status_code=status)
    response.headers.update(NO_STORE)
    return response


def unknown_symbol_page(request: Request, raw: str) -> Response:
    """404 for a symbol without prices: close matches, and for analysts a way to add it."""
    try:
        symbol: str | None = parse_symbol(raw)
        problem = None
    except ParamError as exc:
        symbol, problem = None, sentence("that", str(exc))
    shown = (symbol or raw.strip())[:16]
    added = universe.status(app_engine(request), symbol) if symbol else None
    ctx = {
        "typed": shown,
        "symbol": symbol,
        "problem": problem,
        "matches": did_you_mean(shown, candidates(request)) if shown else [],
        "analyst": _analyst(request),
        "added": added,
    }
    if wants_json(request):
        return JSONResponse({"error": f"no prices for {shown!r}"}, 404, headers=NO_STORE)
    return _render(request, "ticker_unknown.html", ctx, 404)


@router.post("/universe")
async def add_symbol(
    request: Request, symbol: Annotated[str, Form(max_length=200)] = ""
) -> Response:
    """Add a symbol to the universe and fetch its prices in the background (analysts)."""
    from app.web.errors import LoginRequired

    if csrf_guard(request) is not None:
        from app.web.csrf import require_csrf

        await require_csrf(request)  # raises CsrfFailed → a 403 page
    user = await run_in_threadpool(_analyst, request)
    if user is None:
        if await run_in_threadpool(_user, request) is None:
            raise LoginRequired
        from app.web.errors import Forbidden

        raise Forbidden
    try:
        sym = parse_symbol(symbol)
    except ParamError as exc:
        return _render(request, "ticker_unknown.html", _bad_symbol(request, symbol, str(exc)), 422)
    engine, settings = app_engine(request), app_settings(request)
    try:
        start = await run_in_threadpool(
            universe.claim, engine, sym, user.username, settings.max_added_symbols
        )
    except universe.TooManySymbols as exc:
        return _render(request, "ticker_unknown.html", _bad_symbol(request, sym, str(exc)), 409)
    if start:
        universe.fetch_in_background(engine, settings, sym)
    return RedirectResponse(f"/universe/{quote(sym, safe='')}", status_code=303)


def _bad_symbol(request: Request, typed: str, reason: str) -> dict[str, Any]:
    shown = typed.strip()[:16]
    return {
        "typed": shown,
        "symbol": None,
        "problem": sentence("that", reason),
        "matches": did_you_mean(shown, candidates(request)) if shown else [],
        "analyst": _analyst(request),
        "added": None,
    }


@router.get("/universe/{symbol}")
def added_status(request: Request, symbol: str) -> Response:
    """How the fetch of an added symbol is going; polls itself every 2 s until done."""
    try:
        sym = parse_symbol(symbol)
    except ParamError:
        return unknown_symbol_page(request, symbol)
    added = universe.status(app_engine(request), sym)
    if added is None:
        return unknown_symbol_page(request, sym)
    ctx = {"symbol": sym, "added": added, "analyst": _analyst(request)}
    return _render(request, "universe_status.html", ctx, 200)
