"""Writing research notes: create, update, delete and rescore.

Every write runs in one transaction that also stores the recomputed overall
sentiment and bumps the data version, so readers see a note and the summaries
that include it together. A write that fails validation stores nothing. Each
write records its audit row in the same transaction.

After a note is created, updated or deleted, the `write_listeners` run (alerts connects
its sentiment rules there, see app.alerts.triggers), so research never imports alerts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, delete, or_, select
from sqlalchemy.orm import Session, selectinload

from app import data_version
from app.config import Settings
from app.db import session_scope, utcnow
from app.research import audit, overall
from app.research.models import Note, NoteTicker, SentimentSummary
from app.research.note_input import (
    NoteInput,
    SlugConflictError,
    Source,
    slugify,
    validate_note,
)
from app.research.note_queries import _load, get_note
from app.research.note_scoring import (
    apply_scores,
    explicit_tickers,
    needs_rescore,
    score_for_request,
    scorer_for,
)

# Called with (engine, settings) after a note write has committed; must not raise.
WriteListener = Callable[[Engine, Settings], object]
write_listeners: list[WriteListener] = []


def _after_write(engine: Engine, settings: Settings) -> None:
    for listener in write_listeners:
        listener(engine, settings)


@contextmanager
def write_session(engine: Engine, settings: Settings) -> Iterator[Session]:
    """A note write: one transaction that ends by storing the overall sentiment.

    Bumping the data version comes first, before any read: updating that one row
    takes the write lock (SQLite) or the row lock (PostgreSQL), so concurrent
    note writers run one after the other and each recomputes the overall
    sentiment from every committed note.
    """
    with session_scope(engine) as session:
        data_version.bump(session.connection())
        yield session
        session.flush()
        _store_overall(session, settings)


# -- overall sentiment -------------------------------------------------------------


def _store_overall(session: Session, settings: Settings) -> None:
    per_note: dict[int, dict[str, float]] = {}
    for note_id, symbol, score in session.execute(
        select(NoteTicker.note_id, NoteTicker.symbol, NoteTicker.score)
    ):
        per_note.setdefault(note_id, {})[symbol] = score
    points = [
        overall.NotePoint(published_at, score, per_note.get(note_id, {}))
        for note_id, published_at, score in session.execute(
            select(Note.id, Note.published_at, Note.score)
        )
    ]
    summaries = overall.compute_overall(points, settings.universe)
    now = utcnow()
    session.execute(delete(SentimentSummary))
    session.add_all(
        SentimentSummary(
            scope=s.scope,
            score=s.score,
            label=s.label,
            note_count=s.note_count,
            as_of=s.as_of,
            half_life_days=s.half_life_days,
            history=s.history,
            computed_at=now,
        )
        for s in summaries.values()
    )


def refresh_overall(engine: Engine, settings: Settings) -> None:
    """Recompute the stored summaries, e.g. after the universe changed."""
    with write_session(engine, settings):
        pass


def _unique_slug(session: Session, base: str) -> str:
    taken = set(
        session.scalars(
            select(Note.slug).where(or_(Note.slug == base, Note.slug.like(f"{base}-%")))
        )
    )
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"


def create_note(
    engine: Engine,
    data: Mapping[str, Any],
    settings: Settings,
    source: Source = "api",
    actor: str | None = None,
) -> Note:
    """Validate, score and store a new note (and its "created" audit row, by
    ``actor``, the author by default). An explicit slug must be free; a slug derived
    from the title gets a numeric suffix when taken."""
    note_in = validate_note(data, settings)
    doc = score_for_request(note_in.body, settings)
    with write_session(engine, settings) as session:
        if note_in.slug is not None:
            if session.scalar(select(Note.id).where(Note.slug == note_in.slug)) is not None:
                raise SlugConflictError(f"slug {note_in.slug!r} is already taken")
            slug = note_in.slug
        else:
            slug = _unique_slug(session, slugify(note_in.title))
        now = utcnow()
        note = Note(
            slug=slug,
            title=note_in.title,
            body=note_in.body,
            author=note_in.author,
            published_at=note_in.published_at or now.replace(microsecond=0),
            created_at=now,
            updated_at=now,
            source=source,
            tickers=[],
        )
        apply_scores(note, doc, note_in.tickers)
        session.add(note)
        session.flush()
        audit.record(session, note.id, "created", actor or note.author, note.title)
    _after_write(engine, settings)  # e.g. sentiment alert rules
    return get_note(engine, note.id)


def _audited(note: Note) -> dict[str, Any]:
    return {
        "title": note.title,
        "body": note.body,
        "author": note.author,
        "published_at": note.published_at,
        "tickers": explicit_tickers(note),
        "slug": note.slug,
    }


def update_note(
    engine: Engine,
    note_id: int,
    changes: Mapping[str, Any],
    settings: Settings,
    actor: str | None = None,
) -> Note:
    """Apply ``changes`` (any subset of the input fields), rescore, and record an
    "updated" audit row by ``actor`` with each changed field's old and new value.

    ``tickers``, when given, replaces the explicitly linked tickers; tickers the
    scorer finds in the text stay linked.
    """
    with write_session(engine, settings) as session:
        note = _load(session, note_id)
        current = {
            "title": note.title,
            "body": note.body,
            "author": note.author,
            "published_at": note.published_at,
            "tickers": explicit_tickers(note),
            "slug": note.slug,
        }
        note_in = validate_note({**current, **changes}, settings)
        if note_in.slug != note.slug:
            clash = session.scalar(select(Note.id).where(Note.slug == note_in.slug))
            if clash is not None:
                raise SlugConflictError(f"slug {note_in.slug!r} is already taken")
        doc = score_for_request(note_in.body, settings)  # before any change to the row
        before = {**_audited(note), "score": note.score}
        assign_input(note, note_in)
        apply_scores(note, doc, note_in.tickers)
        after = {**_audited(note), "score": note.score}
        audit.record(
            session, note.id, "updated", actor or note.author, note.title, audit.diff(before, after)
        )
    _after_write(engine, settings)  # e.g. sentiment alert rules
    return get_note(engine, note_id)


def delete_note(engine: Engine, note_id: int, settings: Settings, actor: str) -> str:
    """Delete a note; in the same transaction record a "deleted" audit row, recompute
    the overall sentiment and bump the data version. Returns the deleted note's title."""
    with write_session(engine, settings) as session:
        note = _load(session, note_id)
        title = note.title
        snapshot = {k: {"old": audit._shown(v), "new": None} for k, v in _audited(note).items()}
        snapshot.pop("body")
        audit.record(session, note.id, "deleted", actor, title, snapshot)
        session.delete(note)
    _after_write(engine, settings)  # sentiment rules see the summaries without it
    return title


def assign_input(note: Note, note_in: NoteInput) -> None:
    note.title = note_in.title
    note.body = note_in.body
    note.author = note_in.author
    if note_in.published_at is not None:
        note.published_at = note_in.published_at
    if note_in.slug is not None:
        note.slug = note_in.slug
    note.updated_at = utcnow()


@dataclass(frozen=True)
class RescoreResult:
    rescored: int
    skipped: int


def rescore_all(engine: Engine, settings: Settings, force: bool = False) -> RescoreResult:
    """Rescore notes whose engine version differs from the current one or whose
    tickers lack a tone (all with ``force``), keep their explicit tickers, and store
    the new overall sentiment."""
    scorer = scorer_for(settings)
    rescored = skipped = 0
    with write_session(engine, settings) as session:
        for note in session.scalars(select(Note).options(selectinload(Note.tickers))):
            if not force and not needs_rescore(note):
                skipped += 1
                continue
            apply_scores(note, scorer.score_document(note.body), explicit_tickers(note))
            note.updated_at = utcnow()
            rescored += 1
    return RescoreResult(rescored, skipped)
