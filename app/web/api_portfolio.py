"""JSON API: portfolio analytics (SPEC 9)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status
from fastapi.concurrency import run_in_threadpool

from app.market.portfolio import PortfolioError, parse_weights
from app.market.service import portfolio_report
from app.web.deps import EngineDep, SettingsDep
from app.web.params import ParamError, parse_date, shown

router = APIRouter(prefix="/api/v1", tags=["portfolio"])


def _date(name: str, value: str | None) -> dt.date | None:
    if value is None or not value.strip():
        return None
    try:
        return parse_date(value)
    except ParamError as exc:
        raise PortfolioError(f"{name}: {exc} (got {shown(value)})") from None


@router.get(
    "/portfolio",
    summary="Return, contributions, volatility, beta, correlation and drawdown of weights",
    description=(
        "Signed weights (`NVDA=0.4,MSFT=0.4,VTWO=-0.2`; the rest is cash) bought at the "
        "`from` session and held to the `to` session, on the sessions every position has. "
        "Figures are decimal fractions; contributions sum to the return."
    ),
    responses={422: {"description": "weights that don't parse, an unknown symbol or an "
                     "empty window; `error` says which"}},
)  # fmt: skip
async def portfolio(
    engine: EngineDep,
    settings: SettingsDep,
    weights: Annotated[str, Query(max_length=2_000, description="SYMBOL=WEIGHT, …")],
    date_from: Annotated[
        str | None,
        Query(alias="from", max_length=40, description="start, YYYY-MM-DD (default: 1Y ago)"),
    ] = None,
    date_to: Annotated[
        str | None,
        Query(alias="to", max_length=40, description="end, YYYY-MM-DD (default: latest)"),
    ] = None,
) -> dict[str, Any]:
    try:
        parsed = parse_weights(weights)
        report = await run_in_threadpool(
            portfolio_report,
            engine,
            parsed,
            settings.benchmark,
            _date("from", date_from),
            _date("to", date_to),
        )
    except PortfolioError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    return report.to_dict()
