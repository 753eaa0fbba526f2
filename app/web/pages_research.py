"""Research pages: the notes list, a note, the analyst form with a live preview, and
editing and deleting a note (its author or an admin)."""

from __future__ import annotations

import datetime as dt
import hmac
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from app.research import notes as svc
from app.research.sentiment import LABELS
from app.sentiment.splitter import strip_markdown
from app.web import params as edge
from app.web.gauge import gauge
from app.web.note_render import render_note
from app.web.page_cache import CachedPage
from app.web.pages_common import html_page, serve, settings_of
from app.web.templating import render

router = APIRouter(include_in_schema=False)
PER_PAGE = 10
MAX_PER_PAGE = 50
MAX_PAGE = 100_000
# Form posts to /research are parsed in memory: refuse anything bigger than a note can be.
MAX_FORM_BYTES = 256 * 1024


# -- list ----------------------------------------------------------------------------


def _filters(request: Request) -> tuple[dict[str, str], dict[str, str]]:
    """The list's query parameters as given, and what is wrong with them."""
    params = request.query_params
    given = {k: (params.get(k) or "").strip() for k in ("q", "ticker", "label", "from", "to")}
    given["ticker"] = given["ticker"].lstrip("$").upper()
    errors: dict[str, str] = {}
    universe = settings_of(request).universe
    if given["ticker"] and given["ticker"] not in universe:
        errors["ticker"] = f"Unknown ticker {edge.shown(given['ticker'])}; choose one of the list."
    if given["label"] and given["label"] not in LABELS:
        errors["label"] = "Unknown sentiment label."
    if given["q"]:
        try:
            given["q"] = edge.parse_search(given["q"])
        except edge.ParamError as exc:
            errors["q"] = edge.sentence("the search", str(exc))
    for key, name in (("from", "the start date"), ("to", "the end date")):
        if given[key]:
            try:
                edge.parse_date(given[key])
            except edge.ParamError as exc:
                errors[key] = edge.sentence(name, str(exc))
    return given, errors


def _int_param(
    request: Request, name: str, default: int, limit: int, errors: dict[str, str]
) -> int:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return default
    try:
        return edge.parse_int(raw, 1, limit)
    except edge.ParamError as exc:
        errors[name] = edge.sentence(name.replace("_", " "), str(exc))
        return default


def _list_context(request: Request) -> dict[str, Any]:
    given, errors = _filters(request)
    page = _int_param(request, "page", 1, MAX_PAGE, errors)
    per_page = _int_param(request, "per_page", PER_PAGE, MAX_PER_PAGE, errors)
    ok = {k: v for k, v in given.items() if v and k not in errors}
    result = svc.list_notes(
        request.app.state.engine,
        ticker=ok.get("ticker"),
        label=ok.get("label"),
        date_from=edge.parse_date(ok["from"]) if "from" in ok else None,
        date_to=edge.parse_date(ok["to"]) if "to" in ok else None,
        q=ok.get("q"),
        page=page,
        per_page=per_page,
    )
    query: dict[str, object] = {k: v for k, v in given.items() if v}
    if per_page != PER_PAGE:
        query["per_page"] = per_page

    def link(number: int) -> str:
        params = {**query, "page": number} if number > 1 else query
        return "/research?" + urlencode(params) if params else "/research"

    return {
        "filters": given,
        "errors": errors,
        "notes": [svc.summary_for_ticker(n, ok.get("ticker")) for n in result.items],
        "total": result.total,
        "page": result.page,
        "pages": result.pages,
        "prev_url": link(page - 1) if page > 1 else None,
        "next_url": link(page + 1) if page < result.pages else None,
        "api_url": "/api/v1/research?" + urlencode({**query, "page": page}),
        "canonical_url": link(page),
        "labels": LABELS,
        "tickers": settings_of(request).universe,
    }


@router.get("/research")
async def research_list(request: Request) -> Response:
    def build() -> CachedPage:
        ctx = _list_context(request)
        # Filters that can't be used are explained on the page, with a 4xx status.
        errors = ctx["errors"]
        page = html_page(
            request,
            "research_list.html",
            ctx,
            block="results",
            status_code=422 if errors else 200,
            error=" ".join(errors.values()) if errors else None,
            fields=errors or None,
        )
        # htmx pushes this clean address (no empty filters) instead of the raw form query.
        page.headers["HX-Push-Url"] = ctx["canonical_url"]
        return page

    return await serve(request, build)


# -- writing a note ------------------------------------------------------------------


def _session_user(request: Request) -> Any:
    """The signed-in analyst or admin, when sign-in is set up; else None."""
    if "session" not in request.scope:
        return None
    from app.web.auth import current_user

    user = current_user(request)
    return user if user is not None and user.role in ("analyst", "admin") else None


def sign_in_enabled(request: Request) -> bool:
    return "session" in request.scope


def _token_ok(request: Request, token: str) -> bool:
    expected = settings_of(request).api_token
    return bool(expected and token) and hmac.compare_digest(token.encode(), expected.encode())


def _form_page(
    request: Request,
    ctx: dict[str, Any],
    *,
    block: str | None = None,
    status_code: int = 200,
) -> Response:
    user = _session_user(request)
    ctx = {
        "values": {},
        "errors": {},
        "preview": None,
        "user": user,
        "needs_token": not sign_in_enabled(request),
        "tickers": settings_of(request).universe,
        "today": dt.date.today().isoformat(),
        **ctx,
    }
    editing = edge.parse_id(str(ctx["values"].get("editing") or ""))
    if editing is not None and "form_action" not in ctx:
        ctx["form_action"] = f"/research/{editing}/edit"
    if hasattr(request.app.state, "csrf"):
        from app.web.csrf import render_form

        response = render_form(request, "note_new.html", ctx, block=block, status_code=status_code)
    else:
        response = render(request, "note_new.html", ctx, block=block, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    return response


async def _form(request: Request) -> dict[str, str]:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_FORM_BYTES:
        return {"_too_big": "1"}
    if hasattr(request.app.state, "csrf"):
        from app.web.csrf import require_csrf

        await require_csrf(request)  # raises CsrfFailed → a 403 page
    form = await request.form()
    return {k: str(v) for k, v in form.items() if isinstance(v, str)}


def _login_redirect(request: Request) -> Response:
    return RedirectResponse("/login?next=/research/new", status_code=303)


@router.get("/research/new", name="note_new")
async def note_new(request: Request) -> Response:
    if sign_in_enabled(request) and _session_user(request) is None:
        return _login_redirect(request)
    return _form_page(request, {})


BODY_TOO_LONG = (
    f"The note is longer than {svc.BODY_MAX:,} characters; shorten it to see its scores."
)


def _preview(request: Request, body: str) -> dict[str, Any] | None:
    """The draft's scores, or {"error": ...} when it can't be scored in the budget."""
    # The limit applies before scoring: an over-long draft is refused, not scored in part.
    if not body.strip() or len(body) > svc.BODY_MAX:
        return None
    try:
        doc = svc.score_for_request(body, settings_of(request))
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
async def note_preview(request: Request) -> Response:
    if sign_in_enabled(request) and _session_user(request) is None:
        return _login_redirect(request)
    values = await _form(request)
    if "_too_big" in values:
        return Response("Note too long", status_code=413)
    body = values.get("body", "")
    if len(body) > svc.BODY_MAX:
        ctx = {"values": values, "errors": {"body": BODY_TOO_LONG}, "preview_error": BODY_TOO_LONG}
        return _form_page(request, ctx, block="preview", status_code=422)
    preview = await run_in_threadpool(_preview, request, body)
    return _form_page(request, _preview_context(values, preview), block="preview")


@router.post("/research")
async def note_publish(request: Request) -> Response:
    user = _session_user(request)
    if sign_in_enabled(request) and user is None:
        return _login_redirect(request)
    values = await _form(request)
    if "_too_big" in values:
        return Response("Note too long", status_code=413)
    errors: dict[str, str] = {}
    if user is None and not _token_ok(request, values.get("api_token", "")):
        errors["api_token"] = (
            "Publishing needs an analyst sign-in or the API token."
            if settings_of(request).api_token
            else "Publishing is disabled: analyst sign-in is not set up and no API token "
            "is configured."
        )
    data = {
        "title": values.get("title", ""),
        "body": values.get("body", ""),
        "author": user.username if user is not None else values.get("author", ""),
        "tickers": values.get("tickers", ""),
    }
    if values.get("published_at"):
        data["published_at"] = values["published_at"]
    if not errors:
        try:
            note = await run_in_threadpool(
                svc.create_note,
                request.app.state.engine,
                data,
                settings_of(request),
                "web",
                user.username if user is not None else None,
            )
        except svc.NoteValidationError as exc:
            errors.update(exc.fields)
        else:
            return RedirectResponse(f"/research/{note.id}", status_code=303)
    preview = await run_in_threadpool(_preview, request, values.get("body", ""))
    return _form_page(
        request, {**_preview_context(values, preview), "errors": errors}, status_code=422
    )


# -- one note (after /research/new, which the pattern would swallow) ----------------

CALL_KINDS = {
    "rating": "Rating",
    "target": "Price target",
    "position": "Position",
    "hedge": "Hedge",
    "rotation": "Rotation",
    "preference": "Preference",
}


def ticker_calls(
    ticker_scores: dict[str, dict[str, Any]], sentences: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each ticker's stance with the call that decided it and its evidence sentence
    (quoted as the reader sees it, without Markdown), for the note page."""
    rows = []
    for symbol, t in ticker_scores.items():
        call = t.get("call")
        evidence = None
        if call:
            index = call.get("sentence")
            found = isinstance(index, int) and 0 <= index < len(sentences)
            evidence = {
                "kind": CALL_KINDS.get(call["kind"], str(call["kind"]).capitalize()),
                "quote": " ".join(strip_markdown(call.get("text") or "").split()),
                "sentence": index if found else None,
            }
        rows.append({"symbol": symbol, **t, "evidence": evidence})
    return rows


def _find(request: Request, ref: str) -> Any:
    """A note by id (ASCII digits within the id range) or by slug; None when there is none."""
    engine = request.app.state.engine
    number = edge.parse_id(ref)
    if number is not None:
        try:
            return svc.get_note(engine, number)
        except svc.NoteNotFoundError:
            return None
    if not svc.is_slug(ref):
        # No slug is like this: don't ask the database (PostgreSQL refuses NUL in text).
        return None
    return svc.get_note_by_slug(engine, ref)


def may_change(user: Any, note: Any) -> bool:
    """Its author (by login name) or an admin may edit or delete a note."""
    if user is None:
        return False
    return bool(user.role == "admin" or note.author == user.username)


@router.get("/research/{ref}")
async def note_page(request: Request, ref: str) -> Response:
    def build() -> CachedPage:
        note = _find(request, ref)
        if note is None:
            what = "No such research note."
            return html_page(request, "404.html", {"what": what}, status_code=404, error=what)
        detail = svc.note_detail(note)
        user = _session_user(request)  # only signed-in pages differ: they skip the cache
        ctx = {
            "note": detail,
            "calls": ticker_calls(detail["ticker_scores"], note.sentences),
            "body_html": render_note(note.body, note.sentences),
            "gauge": gauge(note.score),
            "can_change": may_change(user, note),
            "history": svc.note_history(request.app.state.engine, note.id) if user else None,
        }
        return html_page(request, "note.html", ctx)

    return await serve(request, build)


# -- editing and deleting --------------------------------------------------------------


def _editable(request: Request, ref: str) -> tuple[Any, Any]:
    """(user, note) when the signed-in user may change the note; else raises:
    not signed in → the sign-in page, no such note → 404, someone else's → 403."""
    from app.web.errors import Forbidden, LoginRequired

    user = _session_user(request)
    if user is None:
        raise LoginRequired
    note = _find(request, ref)
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
async def note_edit(request: Request, ref: str) -> Response:
    _user, note = await run_in_threadpool(_editable, request, ref)
    values = _edit_values(note)
    preview = await run_in_threadpool(_preview, request, note.body)
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
async def note_save(request: Request, ref: str) -> Response:
    user, note = await run_in_threadpool(_editable, request, ref)
    values = await _form(request)
    if "_too_big" in values:
        return Response("Note too long", status_code=413)
    values["editing"] = str(note.id)
    changes = _changes(values, note)
    errors: dict[str, str] = {}
    if changes.get("published_at", "") is None:
        errors["published_at"] = "is required"
    else:
        try:
            await run_in_threadpool(
                svc.update_note,
                request.app.state.engine,
                note.id,
                changes,
                settings_of(request),
                user.username,
            )
        except svc.NoteValidationError as exc:
            errors.update(exc.fields)
        except svc.NoteNotFoundError:
            raise HTTPException(404, "No such research note.") from None
        else:
            return RedirectResponse(f"/research/{note.id}", status_code=303)
    preview = await run_in_threadpool(_preview, request, values.get("body", ""))
    ctx = {**_preview_context(values, preview), "errors": errors, "note": svc.note_summary(note)}
    return _form_page(request, ctx, status_code=422)


@router.get("/research/{ref}/delete")
async def note_delete_confirm(request: Request, ref: str) -> Response:
    user, note = await run_in_threadpool(_editable, request, ref)
    from app.web.csrf import render_form

    response = render_form(
        request, "note_delete.html", {"note": svc.note_summary(note), "user": user}
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/research/{ref}/delete")
async def note_delete(request: Request, ref: str) -> Response:
    user, note = await run_in_threadpool(_editable, request, ref)
    values = await _form(request)
    if values.get("confirm") != "yes":
        return RedirectResponse(f"/research/{note.id}/delete", status_code=303)
    try:
        await run_in_threadpool(
            svc.delete_note, request.app.state.engine, note.id, settings_of(request), user.username
        )
    except svc.NoteNotFoundError:
        raise HTTPException(404, "No such research note.") from None
    return RedirectResponse("/research?deleted=1", status_code=303)
