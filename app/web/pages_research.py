"""Research pages: the notes list and a note. Writing, editing and deleting notes are
in ``pages_research_write``, whose routes come before ``/research/{ref}`` here."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import Engine

from app.config import Settings
from app.research import notes as svc
from app.research.sentiment import LABELS
from app.sentiment.splitter import strip_markdown
from app.web import pages_research_write
from app.web import params as edge
from app.web.deps import EngineDep, SettingsDep
from app.web.gauge import gauge
from app.web.note_render import render_note
from app.web.page_cache import CachedPage
from app.web.page_serving import serve
from app.web.rendering import html_page
from app.web.research_access import find_note, may_change, session_analyst

router = APIRouter(include_in_schema=False)
PER_PAGE = 10
MAX_PER_PAGE = 50
MAX_PAGE = 100_000


# -- list ----------------------------------------------------------------------------


def _filters(request: Request, universe: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """The list's query parameters as given, and what is wrong with them."""
    params = request.query_params
    given = {k: (params.get(k) or "").strip() for k in ("q", "ticker", "label", "from", "to")}
    given["ticker"] = given["ticker"].lstrip("$").upper()
    errors: dict[str, str] = {}
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


def _list_context(request: Request, engine: Engine, settings: Settings) -> dict[str, Any]:
    given, errors = _filters(request, settings.universe)
    page = _int_param(request, "page", 1, MAX_PAGE, errors)
    per_page = _int_param(request, "per_page", PER_PAGE, MAX_PER_PAGE, errors)
    ok = {k: v for k, v in given.items() if v and k not in errors}
    result = svc.list_notes(
        engine,
        ticker=ok.get("ticker"),
        label=ok.get("label"),
        date_from=edge.parse_date(ok["from"]) if "from" in ok else None,
        date_to=edge.parse_date(ok["to"]) if "to" in ok else None,
        search=ok.get("q"),
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
        "tickers": settings.universe,
    }


@router.get("/research")
async def research_list(request: Request, engine: EngineDep, settings: SettingsDep) -> Response:
    def build() -> CachedPage:
        ctx = _list_context(request, engine, settings)
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


# Before /research/{ref}: its pattern would otherwise swallow /research/new.
router.include_router(pages_research_write.router)


# -- one note ------------------------------------------------------------------------

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
    for symbol, scores in ticker_scores.items():
        call = scores.get("call")
        evidence = None
        if call:
            index = call.get("sentence")
            found = isinstance(index, int) and 0 <= index < len(sentences)
            evidence = {
                "kind": CALL_KINDS.get(call["kind"], str(call["kind"]).capitalize()),
                "quote": " ".join(strip_markdown(call.get("text") or "").split()),
                "sentence": index if found else None,
            }
        rows.append({"symbol": symbol, **scores, "evidence": evidence})
    return rows


@router.get("/research/{ref}")
async def note_page(request: Request, ref: str, engine: EngineDep) -> Response:
    def build() -> CachedPage:
        note = find_note(engine, ref)
        if note is None:
            what = "No such research note."
            return html_page(request, "404.html", {"what": what}, status_code=404, error=what)
        detail = svc.note_detail(note)
        user = session_analyst(request)  # only signed-in pages differ: they skip the cache
        ctx = {
            "note": detail,
            "calls": ticker_calls(detail["ticker_scores"], note.sentences),
            "body_html": render_note(note.body, note.sentences),
            "gauge": gauge(note.score),
            "can_change": may_change(user, note),
            "history": svc.note_history(engine, note.id) if user else None,
        }
        return html_page(request, "note.html", ctx)

    return await serve(request, build)
