"""Pair pages: saved pairs (list, create, open, delete) with their CSV and JSON twins.

A saved pair's entry date is fixed when it is saved; the period buttons on its page only
change how much of the spread is displayed. The pages show who may edit (analysts and
admins see forms with CSRF tokens), so they are rendered per request, not cached.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from app.portfolios import service as svc
from app.web import charts
from app.web.auth import AnalystUser, current_user
from app.web.csrf import render_form, require_csrf
from app.web.pages_common import settings_of, site
from app.web.params import parse_id

router = APIRouter(include_in_schema=False)
CSV = "text/csv; charset=utf-8"
EXAMPLE = "example"


def period_of(value: str | None) -> str:
    value = (value or "").upper()
    return value if value in svc.PAIR_PERIODS else svc.SINCE_ENTRY


def can_edit(request: Request) -> bool:
    user = current_user(request)
    return user is not None and user.role in ("analyst", "admin")


def latest_session(request: Request) -> dt.date:
    facts = site(request) or {}
    as_of = facts.get("as_of")
    return as_of if isinstance(as_of, dt.date) else dt.date.today()


def _page(
    request: Request,
    template: str,
    ctx: dict[str, Any],
    *,
    block: str | None = None,
    status_code: int = 200,
) -> Response:
    ctx = {"can_edit": can_edit(request), "user": current_user(request), **ctx}
    wants_block = block if request.headers.get("HX-Request") == "true" else None
    response = render_form(request, template, ctx, block=wants_block, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    return response


# -- the list and the form ---------------------------------------------------------


def _form_defaults(request: Request) -> dict[str, Any]:
    latest = latest_session(request)
    return {"name": "", "entry_date": latest.isoformat(), "sides": {}, "weights": {}}


def _summaries(request: Request) -> list[dict[str, Any]]:
    engine = request.app.state.engine
    out = []
    for pair in svc.list_pairs(engine):
        report = svc.pair_report(engine, pair)
        report.pop("window")
        out.append(report)
    return out


def _list_context(request: Request, form: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    saved = _summaries(request)
    example = None
    if not saved:
        example = svc.pair_report(request.app.state.engine, svc.EXAMPLE_PAIR)
        example.pop("window")
    return {
        "pairs": saved,
        "example": example,
        "example_pair": svc.EXAMPLE_PAIR,
        "universe": settings_of(request).universe,
        "form": form,
        "errors": errors,
        "latest": latest_session(request).isoformat(),
    }


@router.get("/pairs")
async def pairs_list(request: Request) -> Response:
    ctx = await run_in_threadpool(_list_context, request, _form_defaults(request), {})
    return _page(request, "pairs.html", ctx, block="pairs")


def parse_pair_form(values: dict[str, str], universe: list[str]) -> dict[str, Any]:
    """The form's fields (``side_SYM`` long/short, ``weight_SYM``) as service input."""
    sides: dict[str, str] = {}
    weights: dict[str, str] = {}
    long_legs: dict[str, str] = {}
    short_legs: dict[str, str] = {}
    for symbol in universe:
        side = values.get(f"side_{symbol}", "")
        weight = values.get(f"weight_{symbol}", "").strip()[:20]
        sides[symbol], weights[symbol] = side, weight
        if side == "long":
            long_legs[symbol] = weight or "1"
        elif side == "short":
            short_legs[symbol] = weight or "1"
    return {
        "name": values.get("name", "")[:500],
        "entry_date": values.get("entry_date", "")[:40],
        "long_legs": long_legs,
        "short_legs": short_legs,
        "sides": sides,
        "weights": weights,
    }


async def _form_values(request: Request) -> dict[str, str] | None:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > settings_of(request).max_form_bytes:
        return None
    form = await request.form()
    return {k: str(v) for k, v in form.items() if isinstance(v, str)}


@router.post("/pairs", dependencies=[Depends(require_csrf)])
async def pairs_create(request: Request, user: AnalystUser) -> Response:
    values = await _form_values(request)
    if values is None:
        return Response("Form too large", status_code=413)
    universe = settings_of(request).universe
    data = parse_pair_form(values, universe)
    try:
        pair = await run_in_threadpool(
            svc.create_pair,
            request.app.state.engine,
            data,
            universe,
            user.username,
            max(latest_session(request), dt.date.today()),
        )
    except svc.ValidationError as exc:
        ctx = await run_in_threadpool(_list_context, request, data, exc.fields)
        return _page(request, "pairs.html", ctx, status_code=422)
    return RedirectResponse(f"/pairs/{pair['id']}", status_code=303)


@router.post("/pairs/{ref}/delete", dependencies=[Depends(require_csrf)])
async def pairs_delete(request: Request, ref: str, user: AnalystUser) -> Response:
    number = parse_id(ref)
    if number is None or not await run_in_threadpool(
        svc.delete_pair, request.app.state.engine, number
    ):
        return _not_found(request)
    return RedirectResponse("/pairs", status_code=303)


# -- one pair ------------------------------------------------------------------------


def _find(request: Request, ref: str) -> dict[str, Any] | None:
    if ref == EXAMPLE:
        return dict(svc.EXAMPLE_PAIR)
    number = parse_id(ref)
    return None if number is None else svc.get_pair(request.app.state.engine, number)


def _not_found(request: Request) -> Response:
    return _page(request, "404.html", {"what": "No such saved pair."}, status_code=404)


def _table_period(period: str, rows: int) -> str:
    """How densely the table twin samples: every bar up to ~6 months, then coarser."""
    if period != svc.SINCE_ENTRY:
        return period
    return "6M" if rows <= 130 else "1Y" if rows <= 260 else "3Y"


def pair_context(request: Request, pair: dict[str, Any], period: str) -> dict[str, Any]:
    report = svc.pair_report(request.app.state.engine, pair, period)
    window = report.pop("window")
    dates = set(window.index.strftime("%Y-%m-%d"))
    markers = [
        {"time": a["date"], "text": "Alert", "kind": "alert"}
        for a in report["alerts"]
        if a["date"] in dates
    ]
    if report["entry_session"] in dates and period != svc.SINCE_ENTRY:
        markers.append({"time": report["entry_session"], "text": "Entry", "kind": "entry"})
    ref = str(pair.get("id") or EXAMPLE)
    return {
        "pair": report,
        "ref": ref,
        "period": period,
        "periods": svc.PAIR_PERIODS,
        "long_text": svc.legs_text(report["long_legs"]),
        "short_text": svc.legs_text(report["short_legs"]),
        "chart": {
            "series": [
                {"symbol": "Spread", "role": "ticker", "points": charts.points(window["spread"])}
            ],
            "markers": sorted(markers, key=lambda m: m["time"]),
        },
        "table": charts.table(window, _table_period(period, len(window))),
        "example": ref == EXAMPLE,
    }


@router.get("/pairs/spread.csv")
def old_spread_csv() -> Response:
    """The old single-pair CSV address: the example pair's CSV now."""
    return RedirectResponse(f"/pairs/{EXAMPLE}.csv", status_code=301)


@router.get("/pairs/{ref}.csv")
async def pair_csv(request: Request, ref: str, period: str | None = None) -> Response:
    pair = await run_in_threadpool(_find, request, ref)
    if pair is None:
        return Response("no such saved pair\n", status_code=404, media_type=CSV)
    chosen = period_of(period)
    report = await run_in_threadpool(svc.pair_report, request.app.state.engine, pair, chosen)
    body = window_csv(report["window"])
    name = f"pair-{ref}-{chosen.lower()}.csv"
    return Response(
        body, media_type=CSV, headers={"Content-Disposition": f'inline; filename="{name}"'}
    )


def window_csv(window: Any) -> str:
    """Every displayed session: the spread (100 at entry), z-score, correlation, beta."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "spread", "zscore", "correlation", "beta"])
    for day, row in zip(window.index.strftime("%Y-%m-%d"), window.to_numpy(), strict=True):
        writer.writerow([day, *("" if v != v else repr(float(v)) for v in row)])
    return out.getvalue()


@router.get("/pairs/{ref}")
async def pair_page(request: Request, ref: str, period: str | None = None) -> Response:
    pair = await run_in_threadpool(_find, request, ref)
    if pair is None:
        return _not_found(request)
    ctx = await run_in_threadpool(pair_context, request, pair, period_of(period))
    return _page(request, "pair.html", ctx, block="pair")
