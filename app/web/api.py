"""JSON API, version 1."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path

from app.market.service import UnknownSymbolError, get_metrics
from app.web.deps import EngineDep
from app.web.params import plausible_symbol, shown

router = APIRouter(prefix="/api/v1", tags=["api"])


@router.get(
    "/tickers/{symbol}/metrics",
    summary="Metrics of one symbol: returns, relative returns, volatility, beta, drawdown",
    description=(
        "For each period (1M … 5Y): the symbol's return, its return relative to the "
        "benchmark (percentage points), annualised volatility, beta against the benchmark "
        "and maximum drawdown, from adjusted closes (SPEC section 3). Figures are decimal "
        "fractions; a period longer than the stored history is null."
    ),
    responses={404: {"description": "the symbol is not in the universe or has no prices"}},
)
def ticker_metrics(
    symbol: Annotated[str, Path(description="ticker symbol of the universe, e.g. NVDA")],
    engine: EngineDep,
) -> dict[str, Any]:
    if not plausible_symbol(symbol):  # no symbol looks like this: don't ask the database
        raise HTTPException(status_code=404, detail=f"unknown symbol {shown(symbol, 16)}")
    try:
        return get_metrics(engine, symbol)
    except UnknownSymbolError as exc:
        raise HTTPException(status_code=404, detail=str(exc).strip("'\"")) from exc
