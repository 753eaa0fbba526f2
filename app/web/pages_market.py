"""Market pages: the dashboard and ticker pages, with their data twins."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from app.market.analytics import CHART_PERIODS
from app.web import charts, frontdoor, perf_index, viewmodels
from app.web.deps import app_engine, app_settings, page_cache
from app.web.page_cache import CachedPage
from app.web.page_serving import audience, serve
from app.web.params import plausible_symbol
from app.web.rendering import html_page, wants_fragment

router = APIRouter(include_in_schema=False)
DEFAULT_PERIOD = "1Y"
CSV = "text/csv; charset=utf-8"
JSON = "application/json"


def _period(value: str | None) -> str:
    value = (value or "").upper()
    return value if value in CHART_PERIODS else DEFAULT_PERIOD


def not_found(request: Request, what: str) -> CachedPage:
    return html_page(request, "404.html", {"what": what}, status_code=404, error=what)


def _csv(body: str, filename: str) -> CachedPage:
    return CachedPage(
        body.encode(), CSV, headers={"Content-Disposition": f'inline; filename="{filename}"'}
    )


def _json(data: Any) -> CachedPage:
    return CachedPage(json.dumps(data, separators=(",", ":")).encode(), JSON)


# -- dashboard ---------------------------------------------------------------------


def performance_index(request: Request) -> perf_index.PerformanceIndex:
    """The whole universe's table and its sorted orders, built once per data version."""
    pages = page_cache(request)
    settings = app_settings(request)

    def compute() -> perf_index.PerformanceIndex:
        metrics = viewmodels.snapshots(pages.engine, settings.universe)
        return perf_index.build(viewmodels.performance_table(settings, metrics))

    return pages.memo(("performance-index",), compute)


def _movers(request: Request, period: str) -> dict[str, Any]:
    index = performance_index(request)
    settings = app_settings(request)
    periods = list(dict.fromkeys(["1D", period]))
    return {
        # Movers only say something when the table doesn't fit on one page anyway.
        "lists": [perf_index.movers(index, p) for p in periods]
        if len(index.rows) > 2 * perf_index.MOVERS
        else [],
        "pinned": perf_index.pinned(index, settings),
        "period": period,
    }


@router.get("/")
async def dashboard(request: Request) -> Response:
    query = perf_index.TableQuery.parse(request.query_params)

    def build() -> CachedPage:
        table = perf_index.table_view(performance_index(request), query)
        if wants_fragment(request):
            # Sorting and paging swap the table alone (the links push its URL).
            page = html_page(request, "dashboard.html", {"table": table}, block="perf_table")
            page.headers["HX-Push-Url"] = table["canonical_url"]
        else:
            settings = app_settings(request)
            engine = app_engine(request)
            ctx = viewmodels.dashboard(engine, settings, page_cache(request).today())
            ctx.update(table=table, movers=_movers(request, query.period), query=query)
            # A visitor who is not signed in first sees what the product is (the front door).
            visitor = audience(request.scope) == "visitor"
            ctx["front"] = frontdoor.front_door(engine) if visitor else None
            page = html_page(request, "dashboard.html", ctx)
        return page

    return await serve(request, build)


@router.get("/performance.csv")
async def performance_csv(request: Request) -> Response:
    def build() -> CachedPage:
        # Every row, in the table's natural order: the twin is never paginated.
        table = performance_index(request).table
        return _csv(viewmodels.performance_csv(table), "performance.csv")

    return await serve(request, build)


# -- ticker page -------------------------------------------------------------------


@router.get("/tickers")
def jump(request: Request, symbol: Annotated[str, Query(max_length=16)] = "") -> Response:
    """The top bar's symbol search as it was first published (a plain GET form)."""
    from app.web.pages_symbols import search_target

    return RedirectResponse(search_target(request, symbol), status_code=303)


def _ticker_chart(request: Request, symbol: str, period: str) -> dict[str, Any] | None:
    if not plausible_symbol(symbol):
        return None  # no symbol looks like this: a 404 without asking the database
    settings = app_settings(request)
    metrics = viewmodels.snapshots(app_engine(request), [symbol]).get(symbol)
    if metrics is None:
        return None
    benchmark = metrics.get("benchmark") or settings.benchmark
    if symbol == benchmark:
        # The benchmark against itself says nothing: it is drawn against the universe.
        peers = [t for t in settings.universe if t != symbol]
    else:
        peers = [t for t in settings.tickers if t not in (symbol, benchmark)]
    as_of = viewmodels.as_date(metrics["as_of"])
    assert as_of is not None
    chart = charts.relative_chart(
        app_engine(request), symbol, as_of, benchmark=benchmark, peers=peers, period=period
    )
    return {"metrics": metrics, "chart": chart, "is_benchmark": symbol == benchmark}


def known_symbols(request: Request) -> frozenset[str]:
    """Symbols with a snapshot (computed metrics): the ones a ticker page can show."""
    pages = page_cache(request)
    return pages.memo(("known-symbols",), lambda: frozenset(viewmodels.snapshots(pages.engine)))


@router.get("/tickers/{symbol}")
async def ticker(request: Request, symbol: str, period: str | None = None) -> Response:
    sym = symbol.strip().upper()
    if not plausible_symbol(sym) or sym not in known_symbols(request):
        from app.web.pages_symbols import unknown_symbol_page

        # Not cached: what it offers depends on who is signed in.
        return await run_in_threadpool(unknown_symbol_page, request, symbol)

    def build() -> CachedPage:
        chosen = _period(period)
        data = _ticker_chart(request, sym, chosen)
        if data is None:
            return not_found(request, f"No prices for the symbol “{symbol[:16]}”.")
        pages = page_cache(request)
        settings = app_settings(request)
        ctx = viewmodels.ticker(
            pages.engine, settings, sym, data["metrics"], pages.expected_session(), pages.today()
        )
        as_of = viewmodels.as_date(data["metrics"]["as_of"])
        assert as_of is not None
        ctx.update(
            symbol=sym,
            period=chosen,
            periods=CHART_PERIODS,
            chart=data["chart"],
            is_benchmark=data["is_benchmark"],
            header=viewmodels.ticker_header(pages.engine, sym, as_of),
            peers=viewmodels.peer_rows(
                settings, viewmodels.snapshots(pages.engine), viewmodels.symbol_names(pages.engine)
            )
            if data["is_benchmark"]
            else [],
        )
        return html_page(request, "ticker.html", ctx, block="chart")

    return await serve(request, build)


@router.get("/tickers/{symbol}/chart.json")
async def chart_json(request: Request, symbol: str, period: str | None = None) -> Response:
    def build() -> CachedPage:
        data = _ticker_chart(request, symbol.strip().upper(), _period(period))
        if data is None:
            return CachedPage(b'{"error":"unknown symbol"}', JSON, 404)
        return _json(data["chart"])

    return await serve(request, build)


@router.get("/tickers/{symbol}/chart.csv")
async def chart_csv(request: Request, symbol: str, period: str | None = None) -> Response:
    def build() -> CachedPage:
        sym, chosen = symbol.strip().upper(), _period(period)
        data = _ticker_chart(request, sym, chosen)
        if data is None:
            return CachedPage(b"unknown symbol\n", CSV, 404)
        return _csv(charts.chart_csv(data["chart"]), f"{sym}-{chosen}-rebased-to-100.csv")

    return await serve(request, build)


@router.get("/tickers/{symbol}/sentiment.csv")
async def sentiment_csv(request: Request, symbol: str) -> Response:
    def build() -> CachedPage:
        sym = symbol.strip().upper()
        mood = viewmodels.sentiment_overview(app_engine(request), app_settings(request))
        entry = mood["tickers"].get(sym) if plausible_symbol(sym) else None
        if entry is None:
            return CachedPage(b"unknown symbol\n", CSV, 404)
        lines = ["date,score,label,note_count"]
        lines += [
            f"{p['date']},{p['score']:.4f},{p['label']},{p['note_count']}" for p in entry["history"]
        ]
        return _csv("\n".join(lines) + "\n", f"{sym}-sentiment.csv")

    return await serve(request, build)
