"""Alerts: the live event feed, rule management for analysts, data twins and the stream.

/alerts depends on who is looking (the rule form, the "seen" marker kept in the session
cookie for the unread badge), so it is rendered per request rather than from the page
cache. Without JavaScript the page reloads itself every 30 s; with it, new events
arrive over server-sent events (/alerts/stream) within about a second.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sse_starlette import EventSourceResponse, ServerSentEvent

from app.alerts import service
from app.alerts.models import DIRECTIONS, RULE_KINDS
from app.web import params
from app.web.auth import current_user
from app.web.csrf import require_csrf
from app.web.deps import EngineDep, app_engine
from app.web.errors import error_response
from app.web.forms import AlertRuleForm
from app.web.live import AlertBroadcaster
from app.web.templating import render, templates

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api/v1", tags=["alerts"])

PER_PAGE = 20
PER_PAGE_MAX = 200
PAGE_MAX = 10_000
SEEN_KEY = "alerts_seen"
STREAM_PING_SECONDS = 15
STREAM_WAIT_SECONDS = 5.0
CSV_MEDIA = "text/csv; charset=utf-8"


def broadcaster(request: Request) -> AlertBroadcaster:
    """The app's one live-alerts broadcaster, made on first use."""
    state = request.app.state  # the broadcaster is this module's own piece of app state
    if getattr(state, "alerts_live", None) is None:
        state.alerts_live = AlertBroadcaster(app_engine(request))
    return state.alerts_live


def _is_analyst(request: Request) -> bool:
    user = current_user(request)
    return user is not None and user.role in ("analyst", "admin")


def _page_param(value: str | None, name: str, high: int, default: int) -> int:
    if value is None or not value.strip():
        return default
    return params.parse_int(value, 1, high)


def _bad_param(request: Request, fields: dict[str, str]) -> Response:
    message = "; ".join(f"{k}: {v}" for k, v in fields.items())
    return JSONResponse({"error": f"invalid input: {message}", "fields": fields}, 422)


def _rules_by_id(engine: Any) -> dict[int, dict[str, Any]]:
    return {r["id"]: r for r in service.list_rules(engine)}


def _context(request: Request, page: int, values: dict[str, str], errors: dict[str, str]) -> dict:
    engine = app_engine(request)
    total = service.count_events(engine)
    pages = max(1, -(-total // PER_PAGE))
    rule_list = service.list_rules(engine)  # one query serves the feed and the rules list
    return {
        "events": service.list_events(engine, limit=PER_PAGE, offset=(page - 1) * PER_PAGE),
        "rules": {r["id"]: r for r in rule_list},
        "rule_list": rule_list,
        "total": total,
        "page": page,
        "pages": pages,
        "latest_id": service.latest_event_id(engine),
        "analyst": _is_analyst(request),
        "values": values,
        "errors": errors,
        "kinds": RULE_KINDS,
        "directions": DIRECTIONS,
        "pairs": service.pair_choices(engine),
        "symbols": service.stored_symbols(engine),
    }


def _render(
    request: Request, ctx: dict[str, Any], block: str | None, status: int = 200
) -> Response:
    response: Response
    if ctx["analyst"]:
        from app.web.csrf import render_form

        response = render_form(request, "alerts.html", ctx, block=block, status_code=status)
    else:
        response = render(request, "alerts.html", ctx, block=block, status_code=status)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Vary"] = "HX-Request"
    return response


@router.get("/alerts")
async def alerts_page(request: Request, page: str | None = None) -> Response:
    try:
        number = _page_param(page, "page", PAGE_MAX, 1)
    except params.ParamError as exc:
        raise HTTPException(422, detail=f"page {exc}") from None
    ctx = await run_in_threadpool(_context, request, number, {}, {})
    if "session" in request.scope:  # everything up to here has now been seen
        request.session[SEEN_KEY] = ctx["latest_id"]
    return _render(request, ctx, block="feed")


def _login(request: Request) -> Response:
    return RedirectResponse("/login?next=/alerts", status_code=303)


@router.post("/alerts/rules")
async def create_rule(
    request: Request, form: Annotated[AlertRuleForm, Form()], engine: EngineDep
) -> Response:
    user = current_user(request)
    if user is None:
        return _login(request)
    if user.role not in ("analyst", "admin"):
        return error_response(request, 403, "Only analysts manage alert rules.")
    await require_csrf(request)  # raises CsrfFailed → a 403 page
    values = form.model_dump()
    try:
        await run_in_threadpool(service.add_rule, engine, values, user.username)
    except service.RuleValidationError as exc:
        ctx = await run_in_threadpool(_context, request, 1, values, exc.fields)
        return _render(request, ctx, block="rule_form", status=422)
    if request.headers.get("hx-request") == "true":
        return Response(status_code=204, headers={"HX-Redirect": "/alerts"})
    return RedirectResponse("/alerts", status_code=303)


@router.post("/alerts/rules/{rule_id}/delete")
async def delete_rule(request: Request, rule_id: str, engine: EngineDep) -> Response:
    user = current_user(request)
    if user is None:
        return _login(request)
    if user.role not in ("analyst", "admin"):
        return error_response(request, 403, "Only analysts manage alert rules.")
    await require_csrf(request)  # raises CsrfFailed → a 403 page
    number = params.parse_id(rule_id)
    if number is None or not await run_in_threadpool(service.delete_rule, engine, number):
        return error_response(request, 404, "No such alert rule.")
    return RedirectResponse("/alerts", status_code=303)


# -- the stream ------------------------------------------------------------------------


def _badge(count: int) -> str:
    return "" if count <= 0 else ("99+" if count > 99 else str(count))


def _event_html(event: dict[str, Any], rule: dict[str, Any] | None) -> str:
    template = templates.env.get_template("_alert_event.html")
    return template.render(event=event, rule=rule).strip()


@router.get("/alerts/stream")
async def stream(
    request: Request,
    engine: EngineDep,
    after: Annotated[str | None, Query(max_length=20)] = None,
    badge: Annotated[str | None, Query(max_length=1)] = None,
) -> Response:
    """Server-sent events: ``alert`` (an event's list item, newest) and ``unread``
    (the top bar's count). ``after`` is the last event id the page already shows."""
    live = broadcaster(request)
    await live.ensure_started()
    try:
        cursor = int(params.parse_int(after, 0, params.ID_MAX)) if after else live.latest
    except params.ParamError as exc:
        return _bad_param(request, {"after": str(exc)})
    cursor = min(cursor, live.latest)
    with_badge = badge != "0"
    seen = 0
    if "session" in request.scope:
        raw = request.session.get(SEEN_KEY, 0)
        seen = raw if isinstance(raw, int) else 0
    if request.scope.get("dispersion.head"):
        return Response(media_type="text/event-stream")

    async def events() -> AsyncIterator[ServerSentEvent]:
        nonlocal cursor
        unread = await run_in_threadpool(service.unread_count, engine, seen) if with_badge else 0
        if with_badge:
            yield ServerSentEvent(data=_badge(unread), event="unread")
        while not live.closed:
            latest = await live.wait_beyond(cursor, STREAM_WAIT_SECONDS)
            if latest <= cursor:
                continue
            fresh = await run_in_threadpool(service.events_after, engine, cursor)
            rules = await run_in_threadpool(_rules_by_id, engine) if fresh else {}
            for event in fresh:
                yield ServerSentEvent(
                    data=_event_html(event, rules.get(event["rule"])),
                    event="alert",
                    id=str(event["id"]),
                )
                cursor = event["id"]
            if not fresh:
                cursor = latest  # deleted meanwhile
            elif with_badge:
                unread += len(fresh)
                yield ServerSentEvent(data=_badge(unread), event="unread")

    return EventSourceResponse(
        events(),
        ping=STREAM_PING_SECONDS,
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


# -- data twins ------------------------------------------------------------------------


def _event_rows(request: Request, page: str | None, per_page: str | None, rule: str | None):
    fields: dict[str, str] = {}
    values: dict[str, int | None] = {}
    for name, raw, high, default in (
        ("page", page, PAGE_MAX, 1),
        ("per_page", per_page, PER_PAGE_MAX, 50),
    ):
        try:
            values[name] = _page_param(raw, name, high, default)
        except params.ParamError as exc:
            fields[name] = f"{exc} (got {params.shown(raw or '')})"
    values["rule"] = None
    if rule is not None and rule.strip():
        values["rule"] = params.parse_id(rule)
        if values["rule"] is None:
            fields["rule"] = f"must be a rule id (got {params.shown(rule)})"
    return values, fields


def _events_page(engine: Any, values: dict[str, int | None]) -> dict[str, Any]:
    page, per_page, rule = values["page"] or 1, values["per_page"] or 50, values["rule"]
    return {
        "events": service.list_events(engine, rule, limit=per_page, offset=(page - 1) * per_page),
        "page": page,
        "per_page": per_page,
        "total": service.count_events(engine, rule),
    }


@api_router.get(
    "/alerts",
    summary="Alert events, newest first (paginated)",
    description=(
        "Events fired by the alert rules: the rule, the session date it fired for, the "
        "value and threshold, and the message shown on /alerts. One event per rule per "
        "trigger date. `total` counts every event (of `rule`, when given)."
    ),
    responses={422: {"description": "a page, per_page or rule that isn't a number in range"}},
)
async def api_events(
    request: Request,
    engine: EngineDep,
    page: Annotated[str | None, Query(max_length=20, description="1-based")] = None,
    per_page: Annotated[str | None, Query(max_length=20, description="1–200")] = None,
    rule: Annotated[str | None, Query(max_length=20, description="only this rule's")] = None,
) -> Response:
    values, fields = _event_rows(request, page, per_page, rule)
    if fields:
        return _bad_param(request, fields)
    body = await run_in_threadpool(_events_page, engine, values)
    return JSONResponse(body)


@api_router.get(
    "/alerts/rules",
    summary="Alert rules with their descriptions",
    description=(
        "Every rule: its kind (price move, relative move, pair spread, sentiment, "
        "drawdown), parameters, a sentence describing it and whether it is active. "
        "Rules are managed on /alerts by analysts or with `python -m app alerts add`."
    ),
)
async def api_rules(engine: EngineDep) -> Response:
    return JSONResponse(await run_in_threadpool(service.list_rules, engine))


@router.get("/alerts.csv")
async def events_csv(
    request: Request,
    engine: EngineDep,
    rule: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    values, fields = _event_rows(request, None, None, rule)
    if fields:
        return _bad_param(request, fields)

    def build() -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "rule", "date", "value", "threshold", "message"])
        events = service.list_events(engine, values["rule"], limit=100_000)
        for event in events:
            # Messages are our own sentences, but a leading = + - @ is still neutralised.
            text = "'" + event["message"] if event["message"][:1] in "=+-@" else event["message"]
            writer.writerow(
                [
                    event["id"],
                    event["rule"],
                    event["date"],
                    repr(event["value"]),
                    event["threshold"],
                    text,
                ]
            )
        return out.getvalue()

    body = await run_in_threadpool(build)
    return Response(
        body, media_type=CSV_MEDIA, headers={"Content-Disposition": 'inline; filename="alerts.csv"'}
    )
