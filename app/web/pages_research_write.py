"""Writing research on the web: the analyst form with a live preview, publishing, and
editing and deleting a note (its author or an admin).

Form posts are ``NoteForm`` / ``ConfirmForm`` models; a body too large for a note is
refused before it is parsed by the body-limit middleware (``app.web.security``).
"""

from __future__ import annotations

import datetime as dt
import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Engine

from app.config import Settings
from app.research import notes as svc
from app.web import params as edge
from app.web.csrf import render_form, require_csrf
from app.web.deps import EngineDep, SettingsDep, app_settings, csrf_guard
from app.web.forms import ConfirmForm, NoteForm
from app.web.gauge import gauge
from app.web.note_render import render_note
from app.web.research_access import find_note, may_change, session_analyst, sign_in_enabled
from app.web.templating import render

router = APIRouter(include_in_schema=False)


# -- writing a note ------------------------------------------------------------------


def _token_ok(settings: Settings, token: str) -> bool:
    expected = settings.api_token
    return bool(expected and token) and hmac.compare_digest(token.encode(), expected.encode())


def _form_page(
    request: Request,
    ctx: dict[str, Any],
    *,
    block: str | None = None,
    status_code: int = 200,
) -> Response:
    user = session_analyst(request)
    ctx = {
        "values": {},
        "errors": {},
        "preview": None,
        "user": user,
        "needs_token": not sign_in_enabled(request),
        "tickers": app_settings(request).universe,
        "today": dt.date.today().isoformat(),
        **ctx,
    }
    editing = edge.parse_id(str(ctx["values"].get("editing") or ""))
    if editing is not None and "form_action" not in ctx:
        ctx["form_action"] = f"/research/{editing}/edit"
    if csrf_guard(request) is not None:
        response = render_form(request, "note_new.html", ctx, block=block, status_code=status_code)
    else:
        response = render(request, "note_new.html", ctx, block=block, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    return response


async def _check_csrf(request: Request) -> None:
    """Raises CsrfFailed (a 403 page) unless the form's token matches the cookie; an
    app without the guard (no sign-in, token publishing only) has no tokens to check."""
    if csrf_guard(request) is not None:
        await require_csrf(request)


def _login_redirect(request: Request) -> Response:
    return RedirectResponse("/login?next=/research/new", status_code=303)


@router.get("/research/new", name="note_new")
async def note_new(request: Request) -> Response:
    if sign_in_enabled(request) and session_analyst(request) is None:
        return _login_redirect(request)
    return _form_page(request, {})


BODY_TOO_LONG = (
    f"The note is longer than {svc.BODY_MAX:,} characters; shorten it to see its scores."
)


def _preview(settings: Settings, body: str) -> dict[str, Any] | None:
    """The draft's scores, or {"error": ...} when it can't be scored in the budget."""
    # The limit applies before scoring: an over-long draft is refused, not scored in part.
    if not body.strip() or len(body) > svc.BODY_MAX:
        return None
    try:
        doc = svc.score_for_request(body, settings)
    except svc.NoteValidationError as exc:
        return {"error": f"The note {exc.fields.get('body', 'could not be scored')}."}
    result = doc.to_dict()
    result["gauge"] = gauge(doc.score)
    result["body_html"] = render_note(body, result["sentences"])
    return result


def _preview_context(values: dict[str, str], preview: dict[str, Any] | None) -> dict[str, Any]:
    if preview is not None and "error" in preview:
        return {"values": values, "preview": None, "preview_error": preview["error"]}
    return {"values": values, "preview": preview}


@router.post("/research/preview")
async def note_preview(
    request: Request, form: Annotated[NoteForm, Form()], settings: SettingsDep
) -> Response:
    if sign_in_enabled(request) and session_analyst(request) is None:
        return _login_redirect(request)
    await _check_csrf(request)
    values = form.model_dump()
    body = form.body
    if len(body) > svc.BODY_MAX:
        ctx = {"values": values, "errors": {"body": BODY_TOO_LONG}, "preview_error": BODY_TOO_LONG}
        return _form_page(request, ctx, block="preview", status_code=422)
    preview = await run_in_threadpool(_preview, settings, body)
    return _form_page(request, _preview_context(values, preview), block="preview")


@router.post("/research")
async def note_publish(
    request: Request, form: Annotated[NoteForm, Form()], engine: EngineDep, settings: SettingsDep
) -> Response:
    user = session_analyst(request)
    if sign_in_enabled(request) and user is None:
        return _login_redirect(request)
    await _check_csrf(request)
    values = form.model_dump()
    errors: dict[str, str] = {}
    if user is None and not _token_ok(settings, form.api_token):
        errors["api_token"] = (
            "Publishing needs an analyst sign-in or the API token."
            if settings.api_token
            else "Publishing is disabled: analyst sign-in is not set up and no API token "
            "is configured."
        )
    data = {
        "title": form.title,
        "body": form.body,
        "author": user.username if user is not None else form.author,
        "tickers": form.tickers,
    }
    if form.published_at:
        data["published_at"] = form.published_at
    if not errors:
        try:
            note = await run_in_threadpool(
                svc.create_note,
                engine,
                data,
                settings,
                "web",
                user.username if user is not None else None,
            )
        except svc.NoteValidationError as exc:
            errors.update(exc.fields)
        else:
            return RedirectResponse(f"/research/{note.id}", status_code=303)
    preview = await run_in_threadpool(_preview, settings, form.body)
    return _form_page(
        request, {**_preview_context(values, preview), "errors": errors}, status_code=422
    )


# -- editing and deleting --------------------------------------------------------------


def _editable(request: Request, engine: Engine, ref: str) -> tuple[Any, Any]:
    """(user, note) when the signed-in user may change the note; else raises:
    not signed in → the sign-in page, no such note → 404, someone else's → 403."""
    from app.web.errors import Forbidden, LoginRequired

    user = session_analyst(request)
    if user is None:
        raise LoginRequired
    note = find_note(engine, ref)
    if note is None:
        raise HTTPException(404, "No such research note.")
    if not may_change(user, note):
        raise Forbidden
    return user, note


def _edit_values(note: Any) -> dict[str, str]:
    return {
        "editing": str(note.id),
        "title": note.title,
        "body": note.body,
        "tickers": ", ".join(svc.explicit_tickers(note)),
        "published_at": note.published_at.date().isoformat(),
    }


@router.get("/research/{ref}/edit")
async def note_edit(
    request: Request, ref: str, engine: EngineDep, settings: SettingsDep
) -> Response:
    _user, note = await run_in_threadpool(_editable, request, engine, ref)
    values = _edit_values(note)
    preview = await run_in_threadpool(_preview, settings, note.body)
    ctx = {**_preview_context(values, preview), "note": svc.note_summary(note)}
    return _form_page(request, ctx)


def _changes(values: dict[str, str], note: Any) -> dict[str, Any]:
    """The form's fields as update_note changes; the date keeps the note's time of
    day when it is unchanged, so saving without touching it changes nothing."""
    changes: dict[str, Any] = {
        "title": values.get("title", ""),
        "body": values.get("body", ""),
        "tickers": values.get("tickers", ""),
    }
    published = values.get("published_at", "").strip()
    if not published:
        changes["published_at"] = None
    elif published != note.published_at.date().isoformat():
        changes["published_at"] = published
    return changes


@router.post("/research/{ref}/edit")
async def note_save(
    request: Request,
    ref: str,
    form: Annotated[NoteForm, Form()],
    engine: EngineDep,
    settings: SettingsDep,
) -> Response:
    user, note = await run_in_threadpool(_editable, request, engine, ref)
    await _check_csrf(request)
    values = {**form.model_dump(), "editing": str(note.id)}
    changes = _changes(values, note)
    errors: dict[str, str] = {}
    if changes.get("published_at", "") is None:
        errors["published_at"] = "is required"
    else:
        try:
            await run_in_threadpool(
                svc.update_note, engine, note.id, changes, settings, user.username
            )
        except svc.NoteValidationError as exc:
            errors.update(exc.fields)
        except svc.NoteNotFoundError:
            raise HTTPException(404, "No such research note.") from None
        else:
            return RedirectResponse(f"/research/{note.id}", status_code=303)
    preview = await run_in_threadpool(_preview, settings, form.body)
    ctx = {**_preview_context(values, preview), "errors": errors, "note": svc.note_summary(note)}
    return _form_page(request, ctx, status_code=422)


@router.get("/research/{ref}/delete")
async def note_delete_confirm(request: Request, ref: str, engine: EngineDep) -> Response:
    user, note = await run_in_threadpool(_editable, request, engine, ref)
    response = render_form(
        request, "note_delete.html", {"note": svc.note_summary(note), "user": user}
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/research/{ref}/delete")
async def note_delete(
    request: Request,
    ref: str,
    form: Annotated[ConfirmForm, Form()],
    engine: EngineDep,
    settings: SettingsDep,
) -> Response:
    user, note = await run_in_threadpool(_editable, request, engine, ref)
    await _check_csrf(request)
    if form.confirm != "yes":
        return RedirectResponse(f"/research/{note.id}/delete", status_code=303)
    try:
        await run_in_threadpool(svc.delete_note, engine, note.id, settings, user.username)
    except svc.NoteNotFoundError:
        raise HTTPException(404, "No such research note.") from None
    return RedirectResponse("/research?deleted=1", status_code=303)
