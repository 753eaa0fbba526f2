"""Reading research notes: single notes, filtered lists, the stored overall sentiment,
a note's history, and the dictionaries the API and pages show.

Reads never recompute anything: the overall sentiment is what the last write stored.
Authors are shown by their display names, looked up when notes are loaded.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from app.accounts.models import User
from app.db import session_scope
from app.research import audit, overall
from app.research.models import Note, NoteTicker, SentimentSummary
from app.research.note_input import PER_PAGE_MAX, NoteNotFoundError, NoteValidationError
from app.research.note_scoring import ticker_call
from app.sentiment.scorer import LABELS
from app.sentiment.splitter import strip_markdown


def get_overall(engine: Engine, symbols: Sequence[str] = ()) -> dict[str, Any]:
    """The stored overall sentiment (never recomputed on read).

    ``symbols`` fills in empty entries for symbols without a stored summary, so
    a page can show every ticker of the universe before any note exists.
    """
    with session_scope(engine) as session:
        rows = {r.scope: r for r in session.scalars(select(SentimentSummary))}

    def entry(row: SentimentSummary | None) -> dict[str, Any]:
        if row is None:
            return overall.Summary("", None, None, 0, None, overall.HALF_LIFE_DAYS, []).to_dict()
        return {
            "score": row.score,
            "label": row.label,
            "note_count": row.note_count,
            "as_of": row.as_of.isoformat() if row.as_of else None,
            "half_life_days": row.half_life_days,
            "history": row.history,
        }

    universe = rows.pop(overall.UNIVERSE, None)
    order = list(dict.fromkeys([*symbols, *rows]))
    computed = [r.computed_at for r in [universe, *rows.values()] if r is not None]
    return {
        "half_life_days": universe.half_life_days if universe else overall.HALF_LIFE_DAYS,
        "computed_at": max(computed).isoformat() if computed else None,
        "overall": entry(universe),
        "tickers": {symbol: entry(rows.get(symbol)) for symbol in order},
    }


def _load(session: Session, note_id: int) -> Note:
    note = session.get(Note, note_id, options=[selectinload(Note.tickers)])
    if note is None:
        raise NoteNotFoundError(f"note {note_id} not found")
    return note


def display_names(session: Session, logins: Iterable[str]) -> dict[str, str]:
    """Login name → what pages show (the display name, else the login name).

    A note written by a signed-in user stores the login name as its author: it never
    changes, so it decides who may edit the note, and a renamed user's new display name
    shows on every note at once. Free-text authors (imports, API-token clients) that
    name no user are shown as written.
    """
    wanted = {name for name in logins if name}
    if not wanted:
        return {}
    rows = session.execute(
        select(User.username, User.display_name).where(User.username.in_(wanted))
    )
    return {username: shown or username for username, shown in rows}


def _with_names(session: Session, notes: Sequence[Note]) -> None:
    """Set ``author_name`` (what pages and the API show) on each loaded note."""
    names = display_names(session, (n.author for n in notes))
    for note in notes:
        note.author_name = names.get(note.author, note.author)  # type: ignore[attr-defined]


def author_name(note: Note) -> str:
    return getattr(note, "author_name", None) or note.author


def note_history(engine: Engine, note_id: int) -> list[dict[str, Any]]:
    """The note's audit rows, oldest first, with actors by their display names."""
    with session_scope(engine) as session:
        rows = audit.history(session, note_id)
        names = display_names(session, (r.actor for r in rows))
        return [
            {
                "action": r.action,
                "actor": names.get(r.actor, r.actor),
                "at": r.at.isoformat(timespec="seconds"),
                "changes": r.changes,
            }
            for r in rows
        ]


# -- reads -----------------------------------------------------------------------


def get_note(engine: Engine, note_id: int) -> Note:
    """The note with its tickers loaded (usable after the session closes)."""
    with session_scope(engine) as session:
        note = _load(session, note_id)
        _with_names(session, [note])
        return note


def get_note_by_slug(engine: Engine, slug: str) -> Note | None:
    with session_scope(engine) as session:
        note = session.scalar(
            select(Note).where(Note.slug == slug).options(selectinload(Note.tickers))
        )
        if note is not None:
            _with_names(session, [note])
        return note


@dataclass(frozen=True)
class NotePage:
    items: list[Note]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_notes(
    engine: Engine,
    *,
    ticker: str | None = None,
    label: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    search: str | None = None,
    page: int = 1,
    per_page: int = 20,
) -> NotePage:
    """Newest first. ``date_from``/``date_to`` are inclusive publication dates;
    ``search`` matches every word (case-insensitive) in the title, body or author.

    ``label`` is the note's label, except with ``ticker``: then it is that ticker's
    label in the note (its stance), the figure its gauge averages, so "VTWO, negative"
    lists the notes bearish on VTWO even when their overall reading is positive.
    """
    if label is not None and label not in LABELS:
        raise NoteValidationError({"label": f"must be one of: {', '.join(LABELS)}"})
    if page < 1:
        raise NoteValidationError({"page": "must be 1 or more"})
    if not 1 <= per_page <= PER_PAGE_MAX:
        raise NoteValidationError({"per_page": f"must be between 1 and {PER_PAGE_MAX}"})
    conditions = []
    if ticker:
        symbol = ticker.strip().lstrip("$").upper()
        on_ticker = NoteTicker.symbol == symbol
        if label:
            on_ticker = and_(on_ticker, NoteTicker.label == label)
        conditions.append(Note.tickers.any(on_ticker))
    elif label:
        conditions.append(Note.label == label)
    if date_from:
        conditions.append(Note.published_at >= dt.datetime.combine(date_from, dt.time()))
    if date_to:
        end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time())
        conditions.append(Note.published_at < end)
    for word in (search or "").split():
        pattern = f"%{_escape_like(word)}%"
        # Authors are found by the name pages show, not by login names.
        named = select(User.username).where(User.display_name.ilike(pattern, escape="\\"))
        conditions.append(
            or_(
                Note.title.ilike(pattern, escape="\\"),
                Note.body.ilike(pattern, escape="\\"),
                Note.author.ilike(pattern, escape="\\"),
                Note.author.in_(named),
            )
        )
    where = and_(*conditions) if conditions else None
    with session_scope(engine) as session:
        count = select(func.count(Note.id))
        query = select(Note).options(selectinload(Note.tickers))
        if where is not None:
            count, query = count.where(where), query.where(where)
        total = session.scalar(count) or 0
        items = list(
            session.scalars(
                query.order_by(Note.published_at.desc(), Note.id.desc())
                .offset((page - 1) * per_page)
                .limit(per_page)
            )
        )
        _with_names(session, items)
    return NotePage(items, total, page, per_page)


# -- serialisation ---------------------------------------------------------------


_HEADING_LINE = re.compile(r"^\s{0,3}#{1,6}\s.*$", re.MULTILINE)


def excerpt(body: str, limit: int = 240) -> str:
    """The opening prose of a note: headings are labels, not part of the text."""
    text = " ".join(strip_markdown(_HEADING_LINE.sub("", body)).split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def note_summary(note: Note) -> dict[str, Any]:
    """The list view of a note (API list items, research cards)."""
    return {
        "id": note.id,
        "slug": note.slug,
        "title": note.title,
        "author": author_name(note),
        "published_at": note.published_at.isoformat(),
        "score": note.score,
        "label": note.label,
        "tickers": [t.symbol for t in note.tickers],
        "excerpt": excerpt(note.body),
    }


def summary_for_ticker(note: Note, symbol: str | None) -> dict[str, Any]:
    """The list view, plus ``stance`` (symbol, label, score) when listed for a ticker:
    the figure that ticker's gauge and the ticker filter use."""
    summary = note_summary(note)
    row = next((t for t in note.tickers if t.symbol == symbol), None) if symbol else None
    if row is not None:
        summary["stance"] = {"symbol": row.symbol, "label": row.label, "score": row.score}
    return summary


def note_detail(note: Note) -> dict[str, Any]:
    """Everything about a note, including its sentences and per-ticker scores."""
    return {
        **note_summary(note),
        "body": note.body,
        "source": note.source,
        "engine_version": note.engine_version,
        "created_at": note.created_at.isoformat(),
        "updated_at": note.updated_at.isoformat(),
        "sentences": note.sentences,
        "ticker_scores": {
            t.symbol: {
                "score": t.score,
                "label": t.label,
                "mentions": t.mentions,
                "explicit": t.explicit,
                "tone": t.tone,
                "call": ticker_call(t),
            }
            for t in note.tickers
        },
    }
