"""The portfolio page (SPEC 9): signed weights over a window → return, contributions,
risk against the benchmark, a rebased chart and the research stance; saved per user.

Computing is a GET (shareable address, works without JavaScript); saving and deleting
are CSRF-checked POSTs for signed-in users. The page shows the user's saved portfolios,
so it is rendered per request, not cached.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any
from urllib.parse import urlencode

import pandas as pd
from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from app.market.portfolio import PortfolioError, PortfolioReport, parse_weights
from app.market.service import portfolio_report
from app.portfolios import service as svc
from app.research.sentiment import label_for
from app.web import charts
from app.web.auth import current_user
from app.web.csrf import render_form, require_csrf
from app.web.errors import LoginRequired
from app.web.params import ParamError, parse_date, parse_id

router = APIRouter(include_in_schema=False)
CSV = "text/csv; charset=utf-8"
EXAMPLE_ROWS = [("NVDA", "0.4"), ("MSFT", "0.4"), ("VTWO", "-0.2")]
MIN_ROWS = 5
MAX_ROWS = 20


def weights_text(weights: dict[str, float]) -> str:
    return ",".join(f"{s}={w:g}" for s, w in weights.items())


def _rows_text(symbols: list[str], weights: list[str]) -> str:
    """The row pickers as ``SYM=W,…`` (rows without a symbol or weight are skipped)."""
    pairs = zip(symbols[:MAX_ROWS], weights[:MAX_ROWS], strict=False)
    return ",".join(f"{s.strip()}={w.strip()}" for s, w in pairs if s.strip() and w.strip())


def read_inputs(request: Request) -> dict[str, Any]:
    """What the form sent: the text form wins over the rows when both are given."""
    params = request.query_params
    text = (params.get("weights") or "").strip()
    rows = _rows_text(params.getlist("symbol"), params.getlist("weight"))
    return {
        "weights": text or rows,
        "from": (params.get("from") or "").strip()[:40],
        "to": (params.get("to") or "").strip()[:40],
        "given": bool(text or rows or params.get("from") or params.get("to")),
    }


def _date(value: str, name: str, errors: dict[str, str]) -> dt.date | None:
    if not value:
        return None
    try:
        return parse_date(value)
    except ParamError as exc:
        errors[name] = f"The {'start' if name == 'from' else 'end'} date: {exc}."
        return None


def compute(
    request: Request, inputs: dict[str, Any]
) -> tuple[PortfolioReport | None, dict[str, str]]:
    errors: dict[str, str] = {}
    weights: dict[str, float] = {}
    try:
        weights = parse_weights(inputs["weights"])
    except PortfolioError as exc:
        errors["weights"] = str(exc).removeprefix("weights: ")
    start = _date(inputs["from"], "from", errors)
    end = _date(inputs["to"], "to", errors)
    if errors:
        return None, errors
    settings = request.app.state.settings
    try:
        report = portfolio_report(request.app.state.engine, weights, settings.benchmark, start, end)
    except PortfolioError as exc:
        return None, {"weights": str(exc)}
    return report, {}


def _table_period(sessions: int) -> str:
    return "6M" if sessions <= 130 else "1Y" if sessions <= 260 else "3Y"


def results(request: Request, report: PortfolioReport) -> dict[str, Any]:
    """Everything the page shows about one computed portfolio."""
    stances = svc.ticker_stances(request.app.state.engine, list(report.weights))
    stance = svc.weighted_stance(report.weights, stances)
    positions = [
        {
            "symbol": s,
            "weight": w,
            "price_return": report.contributions[s] / w,
            "contribution": report.contributions[s],
            "stance": stances[s],
        }
        for s, w in report.weights.items()
    ]
    lines = pd.DataFrame(
        {"Portfolio": report.values * 100.0, report.benchmark: report.benchmark_values * 100.0}
    )
    bench_return = (
        float(report.benchmark_values.iloc[-1] - 1.0)
        if report.benchmark_values.notna().all()
        else None
    )
    return {
        "report": report,
        "positions": positions,
        "net": sum(report.weights.values()),
        "gross": sum(abs(w) for w in report.weights.values()),
        "stance": stance,
        "stance_label": None if stance is None else label_for(stance),
        "benchmark_return": bench_return,
        "chart": {
            "series": [
                {
                    "symbol": "Portfolio",
                    "role": "ticker",
                    "points": charts.points(lines["Portfolio"]),
                },
                *(
                    [
                        {
                            "symbol": report.benchmark,
                            "role": "benchmark",
                            "points": charts.points(lines[report.benchmark].dropna()),
                        }
                    ]
                    if bench_return is not None
                    else []
                ),
            ]
        },
        "table": charts.table(lines, _table_period(len(lines))),
        "query": urlencode(
            {
                "weights": weights_text(report.weights),
                "from": report.start.isoformat(),
                "to": report.end.isoformat(),
            }
        ),
    }


def _form_rows(text: str) -> list[tuple[str, str]]:
    """Rows for the pickers from the weights text (best effort for text that won't parse)."""
    rows = []
    for part in text.split(",")[:MAX_ROWS]:
        symbol, _, weight = part.partition("=")
        if symbol.strip():
            rows.append((symbol.strip().upper()[:16], weight.strip()[:20]))
    return rows


def _owner(request: Request) -> str | None:
    user = current_user(request)
    return None if user is None else user.username


def page_context(
    request: Request, inputs: dict[str, Any] | None = None
) -> tuple[dict[str, Any], int]:
    inputs = inputs or read_inputs(request)
    report, errors = compute(request, inputs) if inputs["given"] else (None, {})
    rows = _form_rows(inputs["weights"]) if inputs["given"] else list(EXAMPLE_ROWS)
    rows += [("", "")] * max(MIN_ROWS - len(rows), 1)
    owner = _owner(request)
    ctx: dict[str, Any] = {
        "inputs": inputs,
        "rows": rows,
        "errors": errors,
        "universe": request.app.state.settings.universe,
        "benchmark": request.app.state.settings.benchmark,
        "signed_in": owner is not None,
        "saved": [
            {**p, "query": urlencode({"weights": weights_text(p["weights"])})}
            for p in (svc.list_portfolios(request.app.state.engine, owner) if owner else [])
        ],
        "result": results(request, report) if report is not None else None,
        "weights_text": weights_text(report.weights) if report is not None else inputs["weights"],
    }
    return ctx, 422 if errors else 200


def _render(
    request: Request, ctx: dict[str, Any], status_code: int, block: str | None = None
) -> Response:
    fragment = block if request.headers.get("HX-Request") == "true" else None
    response = render_form(request, "portfolio.html", ctx, block=fragment, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    result = ctx.get("result")
    if fragment and result is not None:
        response.headers["HX-Push-Url"] = f"/portfolio?{result['query']}"
    return response


@router.get("/portfolio")
async def portfolio_page(request: Request) -> Response:
    ctx, status_code = await run_in_threadpool(page_context, request)
    return _render(request, ctx, status_code, block="results")


@router.get("/portfolio.csv")
async def portfolio_csv(request: Request) -> Response:
    inputs = read_inputs(request)
    report, errors = await run_in_threadpool(compute, request, inputs)
    if report is None:
        message = " ".join(errors.values()) or "give weights, e.g. ?weights=NVDA=0.4,VTWO=-0.2"
        return Response(message + "\n", status_code=422, media_type=CSV)
    name = f"portfolio-{report.start.isoformat()}-{report.end.isoformat()}.csv"
    return Response(
        report_csv(report),
        media_type=CSV,
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )


def report_csv(report: PortfolioReport) -> str:
    """One table: a row per position (weight, contribution), a total row, then one row
    per session (portfolio value and the benchmark, both 1.0 at the start)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["row", "date", "symbol", "weight", "contribution", "value", "benchmark"])
    for symbol, weight in report.weights.items():
        writer.writerow(
            ["position", "", symbol, repr(weight), repr(report.contributions[symbol]), "", ""]
        )
    writer.writerow(
        [
            "total",
            report.end.isoformat(),
            "",
            repr(sum(report.weights.values())),
            repr(report.total_return),
            "",
            "",
        ]
    )
    for day, value, bench in zip(
        report.values.index.strftime("%Y-%m-%d"),
        report.values.to_numpy(),
        report.benchmark_values.to_numpy(),
        strict=True,
    ):
        writer.writerow(
            [
                "value",
                day,
                "",
                "",
                "",
                repr(float(value)),
                "" if bench != bench else repr(float(bench)),
            ]
        )
    return out.getvalue()


# -- saved portfolios ----------------------------------------------------------------


async def _form(request: Request) -> dict[str, str] | None:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > request.app.state.settings.max_form_bytes:
        return None
    form = await request.form()
    return {k: str(v) for k, v in form.items() if isinstance(v, str)}


@router.post("/portfolio/saved", dependencies=[Depends(require_csrf)])
async def portfolio_save(request: Request) -> Response:
    owner = _owner(request)
    if owner is None:
        raise LoginRequired
    values = await _form(request)
    if values is None:
        return Response("Form too large", status_code=413)
    errors: dict[str, str] = {}
    weights: dict[str, float] = {}
    try:
        weights = parse_weights(values.get("weights", "")[:2_000])
    except PortfolioError as exc:
        errors["weights"] = str(exc).removeprefix("weights: ")
    if not errors:
        try:
            await run_in_threadpool(
                svc.save_portfolio,
                request.app.state.engine,
                owner,
                values.get("name", "")[:500],
                weights,
            )
        except svc.ValidationError as exc:
            errors = exc.fields
    inputs = {
        "weights": values.get("weights", "")[:2_000],
        "from": values.get("from", "")[:40],
        "to": values.get("to", "")[:40],
        "given": True,
    }
    target = urlencode({k: v for k, v in inputs.items() if k != "given" and v})
    if errors:
        ctx, _ = await run_in_threadpool(page_context, request, inputs)
        ctx["save_errors"] = errors
        ctx["save_name"] = values.get("name", "")[:120]
        return _render(request, ctx, 422)
    return RedirectResponse(f"/portfolio?{target}", status_code=303)


@router.post("/portfolio/saved/{ref}/delete", dependencies=[Depends(require_csrf)])
async def portfolio_delete(request: Request, ref: str) -> Response:
    owner = _owner(request)
    if owner is None:
        raise LoginRequired
    number = parse_id(ref)
    if number is None or not await run_in_threadpool(
        svc.delete_portfolio, request.app.state.engine, owner, number
    ):
        response = render_form(
            request, "404.html", {"what": "No such saved portfolio."}, status_code=404
        )
        return response
    return RedirectResponse("/portfolio", status_code=303)
