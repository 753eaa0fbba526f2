"""JSON API, version 1."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request

from app.market.service import UnknownSymbolError, get_metrics
from app.web.params import plausible_symbol, shown

router = APIRouter(prefix="/api/v1", tags=["api"])


@router.get(
    "/tickers/{symbol}/metrics",
    summary="Metrics of one symbol: returns, relative returns, volatility, beta, drawdown",
)
def ticker_metrics(symbol: str, request: Request) -> dict[str, Any]:
    if not plausible_symbol(symbol):  # no symbol looks like this: don't ask the database
        raise HTTPException(status_code=404, detail=f"unknown symbol {shown(symbol, 16)}")
    try:
        return get_metrics(request.app.state.engine, symbol)
    except UnknownSymbolError as exc:
        raise HTTPException(status_code=404, detail=str(exc).strip("'\"")) from exc
