"""JSON API: saved pairs with their figures (the twins of /pairs and /pairs/{id})."""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, status
from fastapi.concurrency import run_in_threadpool

from app.portfolios import service as svc
from app.web.deps import EngineDep
from app.web.params import ID_MAX

router = APIRouter(prefix="/api/v1", tags=["pairs"])
FIGURES = ("entry_session", "as_of", "pnl", "zscore", "correlation", "beta")


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _summary(engine: Any, pair: dict[str, Any], period: str) -> dict[str, Any]:
    report = svc.pair_report(engine, pair, period)
    window = report.pop("window")
    report["series"] = [
        {"date": day, **{c: _number(v) for c, v in zip(window.columns, row, strict=True)}}
        for day, row in zip(window.index.strftime("%Y-%m-%d"), window.to_numpy(), strict=True)
    ]
    return report


@router.get(
    "/pairs",
    summary="Saved pairs with P&L since entry, z-score, correlation and beta",
    description="Each pair's legs (weights per side sum to 1), its fixed entry date, and "
    "its figures on the latest session every leg has. P&L is a decimal fraction.",
)
async def pairs_list(engine: EngineDep) -> dict[str, Any]:

    def build() -> list[dict[str, Any]]:
        out = []
        for pair in svc.list_pairs(engine):
            report = svc.pair_report(engine, pair)
            report.pop("window")
            out.append(report)
        return out

    return {"items": await run_in_threadpool(build)}


@router.get(
    "/pairs/{pair_id}",
    summary="One saved pair: figures, alert marks and the daily spread",
    description="`series` lists the displayed sessions (from entry, or the `period`'s start): "
    "the spread (100 at entry), its 252-session z-score and the legs' 63-session "
    "correlation and beta.",
    responses={404: {"description": "no saved pair with this id"}},
)
async def pair_one(
    engine: EngineDep,
    pair_id: Annotated[int, Path(ge=1, le=ID_MAX, description="the saved pair's id")],
    period: Annotated[
        str | None,
        Query(
            max_length=8,
            description="window of `series`: since entry (default) or a period such as 3M, 1Y",
        ),
    ] = None,
) -> dict[str, Any]:
    chosen = (period or svc.SINCE_ENTRY).upper()
    if chosen not in svc.PAIR_PERIODS:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            f"period: use one of {', '.join(svc.PAIR_PERIODS)}",
        )
    pair = await run_in_threadpool(svc.get_pair, engine, pair_id)
    if pair is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no saved pair with this id")
    return await run_in_threadpool(_summary, engine, pair, chosen)
