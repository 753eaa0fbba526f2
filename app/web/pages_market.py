"""Market pages: the dashboard and ticker pages, with their data twins."""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from app.market.analytics import CHART_PERIODS
from app.web import charts, frontdoor, viewmodels
from app.web.page_cache import CachedPage
from app.web.pages_common import audience, html_page, serve, settings_of
from app.web.params import plausible_symbol

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


@router.get("/")
async def dashboard(request: Request) -> Response:
    def build() -> CachedPage:
        s = settings_of(request)
        engine = request.app.state.engine
        ctx = viewmodels.dashboard(engine, s, request.app.state.pages.today())
        # A visitor who is not signed in first sees what the product is (the front door).
        visitor = audience(request.scope) == "visitor"
        ctx["front"] = frontdoor.front_door(engine) if visitor else None
        return html_page(request, "dashboard.html", ctx)

    return await serve(request, build)


@router.get("/performance.csv")
async def performance_csv(request: Request) -> Response:
    def build() -> CachedPage:
        s = settings_of(request)
        metrics = viewmodels.snapshots(request.app.state.engine, s.universe)
        table = viewmodels.performance_table(s, metrics)
        return _csv(viewmodels.performance_csv(table), "performance.csv")

    return await serve(request, build)


# -- ticker page -------------------------------------------------------------------


@router.get("/tickers")
def jump(symbol: Annotated[str, Query(max_length=16)] = "") -> Response:
    """The top bar's symbol search (a plain GET form)."""
    target = quote(symbol.strip().lstrip("$").upper(), safe="")
    return RedirectResponse(f"/tickers/{target}" if target else "/", status_code=303)


def _ticker_chart(request: Request, symbol: str, period: str) -> dict[str, Any] | None:
    if not plausible_symbol(symbol):
        return None  # no symbol looks like this: a 404 without asking the database
    s = settings_of(request)
    metrics = viewmodels.snapshots(request.app.state.engine, [symbol]).get(symbol)
    if metrics is None:
        return None
    peers = [t for t in s.tickers if t not in (symbol, s.benchmark)]
    as_of = viewmodels.as_date(metrics["as_of"])
    assert as_of is not None
    return {
        "metrics": metrics,
        "chart": charts.relative_chart(
            request.app.state.engine,
            symbol,
            as_of,
            benchmark=metrics.get("benchmark") or s.benchmark,
            peers=peers,
            period=period,
        ),
    }


@router.get("/tickers/{symbol}")
async def ticker(request: Request, symbol: str, period: str | None = None) -> Response:
    def build() -> CachedPage:
        sym = symbol.strip().upper()
        chosen = _period(period)
        data = _ticker_chart(request, sym, chosen)
        if data is None:
            return not_found(request, f"No prices for the symbol “{symbol[:16]}”.")
        pages = request.app.state.pages
        ctx = viewmodels.ticker(
            pages.engine,
            settings_of(request),
            sym,
            data["metrics"],
            pages.expected_session(),
            pages.today(),
        )
        ctx.update(symbol=sym, period=chosen, periods=CHART_PERIODS, chart=data["chart"])
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
        return _csv(charts.chart_csv(data["chart"]), f"{sym}-{chosen}.csv")

    return await serve(request, build)


@router.get("/tickers/{symbol}/sentiment.csv")
async def sentiment_csv(request: Request, symbol: str) -> Response:
    def build() -> CachedPage:
        sym = symbol.strip().upper()
        mood = viewmodels.sentiment(request.app.state.engine, settings_of(request))
        entry = mood["tickers"].get(sym) if plausible_symbol(sym) else None
        if entry is None:
            return CachedPage(b"unknown symbol\n", CSV, 404)
        lines = ["date,score,label,note_count"]
        lines += [
            f"{p['date']},{p['score']:.4f},{p['label']},{p['note_count']}" for p in entry["history"]
        ]
        return _csv("\n".join(lines) + "\n", f"{sym}-sentiment.csv")

    return await serve(request, build)
