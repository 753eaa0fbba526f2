"""Admin pages: leads (list, filter, status workflow, CSV), users and the scheduler.
Admins only."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response, StreamingResponse

from app.accounts.models import ROLES
from app.accounts.service import (
    AccountError,
    create_user,
    list_users,
    set_active,
    set_display_name,
)
from app.db import session_scope
from app.leads import choices, queries
from app.leads.export import csv_lines
from app.leads.models import Lead
from app.leads.workflow import STATUSES, InvalidTransition, change_status, next_statuses
from app.web import params
from app.web.auth import AdminUser, require_admin
from app.web.csrf import render_form, require_csrf
from app.web.deps import EngineDep, SettingsDep, app_engine
from app.web.errors import error_response
from app.web.forms import USERNAME_MAX, DisplayNameForm, LeadStatusForm, NewUserForm

router = APIRouter(prefix="/admin", include_in_schema=False, dependencies=[Depends(require_admin)])


PAGE_MAX = 100_000


def _filter(request: Request) -> tuple[queries.LeadFilter, dict[str, str]]:
    query = request.query_params
    return queries.LeadFilter.parse(
        query.get("status"),
        query.get("free_mail"),
        query.get("since"),
        query.get("until"),
        query.get("q"),
    )


def _page_number(request: Request, errors: dict[str, str]) -> int:
    raw = request.query_params.get("page", "").strip()
    if not raw:
        return 1
    try:
        return params.parse_int(raw, 1, PAGE_MAX)
    except params.ParamError as exc:
        errors["page"] = params.sentence("page", str(exc))
        return 1


def _lead_id(text: str) -> int:
    """A lead id from the path; one that can't exist (not ASCII digits, beyond
    params.ID_MAX) is simply not found."""
    number = params.parse_id(text)
    if number is None:
        raise HTTPException(404, "No such lead.")
    return number


@router.get("")
def admin_home() -> Response:
    return RedirectResponse("/admin/leads", status_code=303)


@router.get("/leads")
def leads_page(request: Request, user: AdminUser, engine: EngineDep) -> Response:
    flt, errors = _filter(request)
    page = _page_number(request, errors)
    with session_scope(engine) as db:
        total = queries.count_leads(db, flt)
        leads = queries.list_leads(db, flt, page)
    pages = max(1, -(-total // queries.PAGE_SIZE))
    query = flt.params()
    context: dict[str, Any] = {
        "user": user,
        "leads": leads,
        "total": total,
        "page": page,
        "pages": pages,
        "flt": flt,
        "statuses": STATUSES,
        "interest_labels": choices.INTERESTS,
        "query": urlencode(query),
        "prev_url": "?" + urlencode({**query, "page": page - 1}) if page > 1 else None,
        "next_url": "?" + urlencode({**query, "page": page + 1}) if page < pages else None,
        "errors": errors,
    }
    # Filters that can't be used are explained above the table, with a 4xx status.
    return render_form(
        request,
        "admin/leads.html",
        context,
        block="leads_table",
        status_code=422 if errors else 200,
    )


@router.get("/leads.csv")
def leads_csv(request: Request, engine: EngineDep) -> Response:
    flt, errors = _filter(request)
    if errors:  # refused before streaming starts: once it has, a failure cuts the body
        message = " ".join(errors.values())
        return error_response(request, 422, message, fields=errors)

    def rows():  # type: ignore[no-untyped-def]
        with session_scope(engine) as db:
            yield from csv_lines(queries.iter_leads(db, flt))

    stamp = dt.date.today().isoformat()
    return StreamingResponse(
        rows(),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="dispersion-leads-{stamp}.csv"',
            "Cache-Control": "no-store",
        },
    )


def _lead_context(request: Request, lead_id: int) -> dict[str, Any]:
    with session_scope(app_engine(request)) as db:
        lead = db.get(Lead, lead_id)
        if lead is None:
            raise HTTPException(404, "No such lead.")
        return {
            "lead": lead,
            "events": queries.lead_events(db, lead_id),
            "next_statuses": next_statuses(lead.status),
            "interest_labels": choices.INTERESTS,
        }


@router.get("/leads/{lead_id}")
def lead_page(request: Request, lead_id: str, user: AdminUser) -> Response:
    context = {**_lead_context(request, _lead_id(lead_id)), "user": user}
    return render_form(request, "admin/lead.html", context, block="lead_status")


@router.post("/leads/{lead_id_text}/status", dependencies=[Depends(require_csrf)])
async def lead_status(
    request: Request,
    lead_id_text: str,
    user: AdminUser,
    form: Annotated[LeadStatusForm, Form()],
    engine: EngineDep,
) -> Response:
    lead_id = _lead_id(lead_id_text)
    to_status = form.status
    note = form.note or None

    def apply() -> str | None:
        with session_scope(engine) as db:
            lead = db.get(Lead, lead_id)
            if lead is None:
                raise HTTPException(404, "No such lead.")
            try:
                change_status(db, lead, to_status, actor=user.username, note=note)
            except InvalidTransition as exc:
                db.rollback()
                return str(exc)
        return None

    error = await run_in_threadpool(apply)
    if error is None:
        return RedirectResponse(f"/admin/leads/{lead_id}", status_code=303)
    context = {**await run_in_threadpool(_lead_context, request, lead_id), "user": user}
    return render_form(
        request,
        "admin/lead.html",
        {**context, "error": error},
        block="lead_status",
        status_code=409,
    )


def _users_page(request: Request, user: Any, status_code: int = 200, **extra: Any) -> Response:
    with session_scope(app_engine(request)) as db:
        users = list_users(db)
    context = {"user": user, "users": users, "roles": ROLES, "values": {}, **extra}
    return render_form(request, "admin/users.html", context, status_code=status_code)


@router.get("/users")
def users_page(request: Request, user: AdminUser) -> Response:
    return _users_page(request, user)


@router.post("/users", dependencies=[Depends(require_csrf)])
async def users_create(
    request: Request, user: AdminUser, form: Annotated[NewUserForm, Form()], engine: EngineDep
) -> Response:
    username, role, display_name = form.username, form.role, form.display_name

    def create() -> str | None:
        try:
            with session_scope(engine) as db:
                create_user(db, username, role, form.password, display_name=display_name)
        except AccountError as exc:
            return str(exc)
        return None

    error = await run_in_threadpool(create)
    if error:
        values = {"username": username, "role": role, "display_name": display_name}
        return await run_in_threadpool(
            lambda: _users_page(request, user, 422, error=error, values=values)
        )
    return RedirectResponse("/admin/users?created=" + username.strip().lower(), status_code=303)


@router.post("/users/{username}/display-name", dependencies=[Depends(require_csrf)])
async def users_rename(
    request: Request,
    username: str,
    user: AdminUser,
    form: Annotated[DisplayNameForm, Form()],
    engine: EngineDep,
) -> Response:
    """Set the name pages show for a user (empty: the username again)."""
    if len(username) > USERNAME_MAX or not username.isprintable():
        raise HTTPException(404, "No such user.")

    def rename() -> tuple[int, str] | None:
        try:
            with session_scope(engine) as db:
                set_display_name(db, username, form.display_name)
        except AccountError as exc:
            return (404 if str(exc).startswith("no user") else 422), str(exc)
        return None

    failed = await run_in_threadpool(rename)
    if failed:
        code, error = failed
        return await run_in_threadpool(lambda: _users_page(request, user, code, error=error))
    shown = urlencode({"renamed": username.strip().lower()})
    return RedirectResponse(f"/admin/users?{shown}", status_code=303)


@router.post("/users/{username}/{action}", dependencies=[Depends(require_csrf)])
async def users_toggle(
    request: Request, username: str, action: str, user: AdminUser, engine: EngineDep
) -> Response:
    if action not in ("disable", "enable"):
        raise HTTPException(404, "Unknown action.")
    if len(username) > USERNAME_MAX or not username.isprintable():
        raise HTTPException(404, "No such user.")
    if action == "disable" and username.strip().lower() == user.username:
        return await run_in_threadpool(
            lambda: _users_page(request, user, 409, error="You can't disable your own account.")
        )

    def toggle() -> str | None:
        try:
            with session_scope(engine) as db:
                set_active(db, username, active=action == "enable")
        except AccountError as exc:
            return str(exc)
        return None

    error = await run_in_threadpool(toggle)
    if error:
        return await run_in_threadpool(lambda: _users_page(request, user, 404, error=error))
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/scheduler")
def scheduler_page(
    request: Request, user: AdminUser, engine: EngineDep, settings: SettingsDep
) -> Response:
    from app.alerts.status import overview

    context = {
        "user": user,
        "view": overview(engine),
        "interval_minutes": settings.refresh_interval_seconds / 60,
        "after_close_minutes": settings.refresh_after_close_seconds / 60,
        "lease_seconds": settings.scheduler_lease_seconds,
    }
    return render_form(request, "admin/scheduler.html", context)
