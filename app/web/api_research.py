"""JSON API for research notes and overall sentiment.

Reads are public, like the research pages. Writes need ``require_writer``.
Errors are ``{"error": "..."}``; validation errors add ``"fields"``, a map of
field name to what is wrong with it, and use status 422.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Engine

from app.research import notes as svc
from app.research.sentiment import LABELS
from app.web import params
from app.web.deps import EngineDep, SettingsDep, Writer, WriterDep
from app.web.json_body import MAX_BODY_BYTES, read_json

router = APIRouter(prefix="/api/v1", tags=["research"])

PAGE_MAX = 100_000

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "body is not JSON, or nests too deeply"},
    401: {"description": "missing or invalid API token"},
    403: {"description": "API writes are disabled (no token configured)"},
    409: {"description": "slug already taken"},
    413: {"description": f"request body over {MAX_BODY_BYTES} bytes"},
    422: {"description": "invalid input; `fields` says which and why"},
}


def _invalid(fields: dict[str, str]) -> JSONResponse:
    message = "; ".join(f"{k}: {v}" for k, v in fields.items())
    return JSONResponse(
        {"error": f"invalid input: {message}", "fields": fields},
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
    )


def _date_param(name: str, value: str | None, fields: dict[str, str]) -> dt.date | None:
    if value is None or not value.strip():
        return None
    try:
        return params.parse_date(value)
    except params.ParamError as exc:
        fields[name] = f"{exc} (got {params.shown(value)})"
        return None


def _int_param(
    name: str, value: str | None, default: int, high: int, fields: dict[str, str]
) -> int:
    if value is None or not value.strip():
        return default
    try:
        return params.parse_int(value, 1, high)
    except params.ParamError as exc:
        fields[name] = f"{exc} (got {params.shown(value)})"
        return default


def _search_param(value: str | None, fields: dict[str, str]) -> str | None:
    if value is None or not value.strip():
        return None
    try:
        return params.parse_search(value)
    except params.ParamError as exc:
        fields["q"] = str(exc)
        return None


@router.get(
    "/research",
    summary="Research notes, newest first, with filters",
    description=(
        "The list view of notes (title, author's display name, publication date, score, "
        "label, tickers, an excerpt), paginated. Filters combine; `q` matches every word. "
        "The same list as /research."
    ),
    responses={422: {"description": "a filter that can't be used; `fields` says which"}},
)
def list_research(
    engine: EngineDep,
    settings: SettingsDep,
    ticker: Annotated[str | None, Query(description="symbol linked to the note")] = None,
    label: Annotated[
        str | None,
        Query(
            description="sentiment label, e.g. positive: the note's label, or with `ticker` "
            "that ticker's label in the note (its stance)"
        ),
    ] = None,
    search: Annotated[
        str | None,
        Query(
            alias="q",
            description=f"words in title, body or author (at most {params.SEARCH_MAX_WORDS} "
            f"words, {params.SEARCH_MAX_CHARS} characters)",
        ),
    ] = None,
    date_from: Annotated[str | None, Query(alias="from", description="YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, Query(alias="to", description="YYYY-MM-DD")] = None,
    page: Annotated[str | None, Query(description=f"1–{PAGE_MAX:,}, 1-based")] = None,
    per_page: Annotated[str | None, Query(description=f"1–{svc.PER_PAGE_MAX}")] = None,
) -> Any:
    # Parameters arrive as text and are checked here so that every error has
    # this API's shape instead of the framework's.
    fields: dict[str, str] = {}
    start = _date_param("from", date_from, fields)
    end = _date_param("to", date_to, fields)
    page_no = _int_param("page", page, 1, PAGE_MAX, fields)
    size = _int_param("per_page", per_page, 20, svc.PER_PAGE_MAX, fields)
    words = _search_param(search, fields)
    universe = settings.universe
    symbol = ticker.strip().lstrip("$").upper() if ticker and ticker.strip() else None
    if symbol and symbol not in universe:
        fields["ticker"] = (
            f"unknown ticker {params.shown(symbol)}: the universe is {', '.join(universe)}"
        )
    if label and label not in LABELS:
        fields["label"] = f"must be one of: {', '.join(LABELS)}"
    if fields:
        return _invalid(fields)
    try:
        result = svc.list_notes(
            engine,
            ticker=symbol,
            label=label or None,
            date_from=start,
            date_to=end,
            search=words,
            page=page_no,
            per_page=size,
        )
    except svc.NoteValidationError as exc:
        return _invalid(exc.fields)
    return {
        "items": [svc.note_summary(n) for n in result.items],
        "page": result.page,
        "per_page": result.per_page,
        "total": result.total,
        "pages": result.pages,
    }


AUTHOR_FROM_SIGN_IN = "author is set from your sign-in"


def _author_error(data: dict[str, Any], writer: Writer) -> dict[str, str] | None:
    """Set the author from who is writing; the fields error when the body disagrees.

    A signed-in analyst publishes as themself: a body ``author`` other than their
    username is refused. The API token is a service account and may publish on
    behalf of any author, so its body ``author`` is kept.
    """
    if writer.kind != "session":
        return None
    given = data.get("author")
    if given is not None and str(given).strip().lower() != writer.name:
        return {"author": f"{AUTHOR_FROM_SIGN_IN} ({writer.name!r}); leave it out"}
    data["author"] = writer.name
    return None


@router.post(
    "/research",
    status_code=status.HTTP_201_CREATED,
    summary="Create a note (scored on save)",
    description=(
        "The author depends on who writes. With an analyst's sign-in (browser session) "
        "the note's author is that user's username: leave `author` out, or send exactly "
        "the username; any other value is refused with 422. With the API token (a "
        "service account for machine clients) the body's `author` is used, so an "
        "import can publish on behalf of several authors."
    ),
    responses=_ERRORS,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": svc.NoteInput.model_json_schema(),
                }
            },
        }
    },
)
async def create_research(
    request: Request, writer: WriterDep, engine: EngineDep, settings: SettingsDep
) -> Any:
    data = await read_json(request)
    if not isinstance(data, dict):
        return _invalid({"note": "expected a JSON object"})
    author_error = _author_error(data, writer)
    if author_error is not None:
        return _invalid(author_error)
    try:
        note = await run_in_threadpool(svc.create_note, engine, data, settings, "api", writer.name)
    except svc.NoteValidationError as exc:
        return _invalid(exc.fields)
    except svc.SlugConflictError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None
    return JSONResponse(
        svc.note_detail(note),
        status_code=status.HTTP_201_CREATED,
        headers={"Location": f"/api/v1/research/{note.id}"},
    )


@router.get(
    "/research/{note_id}",
    summary="A note with its sentences and per-ticker scores",
    description=(
        "The note's body (Markdown), overall score and label, each sentence's score, and "
        "per ticker its stance (score, label), tone, mentions and the explicit call that "
        "decided the stance, if any."
    ),
    responses={404: {"description": "no such note"}},
)
def get_research(
    note_id: Annotated[str, Path(description="the note's numeric id")], engine: EngineDep
) -> dict[str, Any]:
    number = params.parse_id(note_id)  # ASCII digits within ID_MAX, or no such note
    if number is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"note {params.shown(note_id)} not found")
    try:
        note = svc.get_note(engine, number)
    except svc.NoteNotFoundError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None
    return svc.note_detail(note)


_CHANGE_ERRORS: dict[int | str, dict[str, Any]] = {
    **_ERRORS,
    403: {
        "description": "a signed-in analyst may change only their own notes (admins any), "
        "or API writes are disabled"
    },
    404: {"description": "no such note"},
}


def _changeable(engine: Engine, note_id: str, writer: Writer) -> Any:
    """The note, when ``writer`` may change it: 404 when there is none, 403 when it is
    another analyst's."""
    number = params.parse_id(note_id)
    if number is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"note {params.shown(note_id)} not found")
    try:
        note = svc.get_note(engine, number)
    except svc.NoteNotFoundError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None
    if not writer.may_change(note.author):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, "only the note's author or an admin may change it"
        )
    return note


@router.patch(
    "/research/{note_id}",
    summary="Edit a note (rescored on save)",
    description=(
        "Send any subset of the note's fields; the others keep their values, and the note "
        "is rescored. `tickers`, when given, replaces the explicitly linked tickers. With "
        "a sign-in, an analyst may edit only their own notes and an admin any note; the "
        "author can't be changed with a sign-in. The API token may edit any note, author "
        "included. Every edit is recorded in the note's history."
    ),
    responses=_CHANGE_ERRORS,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    },
)
async def update_research(
    request: Request,
    writer: WriterDep,
    note_id: Annotated[str, Path(description="the note's numeric id")],
    engine: EngineDep,
    settings: SettingsDep,
) -> Any:
    note = await run_in_threadpool(_changeable, engine, note_id, writer)
    data = await read_json(request)
    if not isinstance(data, dict):
        return _invalid({"note": "expected a JSON object"})
    if writer.kind == "session" and "author" in data and data["author"] != note.author:
        return _invalid({"author": f"{AUTHOR_FROM_SIGN_IN}; it can't be changed"})
    try:
        updated = await run_in_threadpool(
            svc.update_note, engine, note.id, data, settings, writer.name
        )
    except svc.NoteValidationError as exc:
        return _invalid(exc.fields)
    except svc.SlugConflictError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None
    except svc.NoteNotFoundError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None
    return svc.note_detail(updated)


@router.delete(
    "/research/{note_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a note",
    description=(
        "Removes the note and recomputes the overall sentiment without it, in one "
        "transaction; the deletion is recorded in the note's history. The same rules as "
        "editing: an analyst their own notes, an admin or the API token any."
    ),
    responses=_CHANGE_ERRORS,
)
async def delete_research(
    writer: WriterDep,
    note_id: Annotated[str, Path(description="the note's numeric id")],
    engine: EngineDep,
    settings: SettingsDep,
) -> Response:
    note = await run_in_threadpool(_changeable, engine, note_id, writer)
    try:
        await run_in_threadpool(svc.delete_note, engine, note.id, settings, writer.name)
    except svc.NoteNotFoundError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/sentiment",
    name="sentiment",  # keeps the published operationId (sentiment_api_v1_sentiment_get)
    summary="Overall and per-ticker sentiment, recency-weighted",
    description=(
        "The recency-weighted mean of note scores (half-life in `half_life_days`) across "
        "the universe and per ticker (each ticker's stance in each note), with note "
        "counts and the daily history the dashboard gauges draw. Stored on every note "
        "write, never recomputed on read."
    ),
)
def get_overall_sentiment(engine: EngineDep, settings: SettingsDep) -> dict[str, Any]:
    return svc.get_overall(engine, settings.universe)
