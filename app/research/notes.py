"""Research notes: validate, score on save, store, list, rescore (import: notes_import).

A thin shell around the pure sentiment engine and overall computation. Every
write runs in one transaction that also stores the recomputed overall
sentiment and bumps the data version, so readers see a note and the summaries
that include it together. A write that fails validation stores nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from sqlalchemy import Engine, and_, delete, func, or_, select
from sqlalchemy.orm import Session, selectinload

from app import data_version
from app.accounts.models import User
from app.alerts.service import after_note_save
from app.config import Settings
from app.db import session_scope
from app.models import Note, NoteTicker, SentimentSummary, utcnow
from app.research import audit, overall
from app.sentiment.engine import (
    ENGINE_VERSION,
    LABELS,
    DocumentScore,
    ScoringBudgetExceeded,
    SentimentEngine,
)
from app.sentiment.splitter import strip_markdown

TITLE_MAX = 200
BODY_MAX = 100_000
AUTHOR_MAX = 120
SLUG_MAX = 120
PER_PAGE_MAX = 100
TICKERS_MAX = 50
# Publication dates are plausible business dates; outside them date arithmetic overflows.
PUBLISHED_MIN = dt.datetime(1900, 1, 1)
PUBLISHED_MAX = dt.datetime(2100, 12, 31, 23, 59, 59, 999999)
# Clients' clocks run a little ahead of ours; a note "from the future" beyond this is an error.
FUTURE_TOLERANCE = dt.timedelta(minutes=5)
Source = Literal["web", "api", "import"]

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# -- errors ----------------------------------------------------------------------


class NoteError(Exception):
    """Base class of the expected failures of this module."""


class NoteValidationError(NoteError, ValueError):
    """Invalid input; ``fields`` maps a field name to what is wrong with it."""

    def __init__(self, fields: Mapping[str, str]) -> None:
        self.fields = dict(fields)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.fields.items()))


class NoteNotFoundError(NoteError, LookupError):
    pass


class SlugConflictError(NoteError):
    pass


class ImportFailedError(NoteError):
    """At least one file is invalid; ``problems`` maps each bad file to its error."""

    def __init__(self, problems: Mapping[Path, str]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(f"{p}: {m}" for p, m in self.problems.items()))


def _printable(text: str) -> str:
    """Text that encodes as UTF-8: a JSON key like "\\ud800" is echoed escaped, not fatal."""
    return text[:300].encode("utf-8", "backslashreplace").decode("utf-8")


def _field_errors(exc: ValidationError) -> dict[str, str]:
    fields: dict[str, str] = {}
    for err in exc.errors():
        name = _printable(".".join(str(part) for part in err["loc"]) or "note")
        message = _printable(err["msg"].removeprefix("Value error, "))
        if err["type"] == "missing":
            message = "is required"
        elif err["type"] == "extra_forbidden":
            message = "is not a known field"
        fields.setdefault(name, message)
    return fields


# -- input -----------------------------------------------------------------------


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:SLUG_MAX].rstrip("-") or "note"


def parse_published(value: object) -> dt.datetime:
    """A date (midnight) or datetime; aware values are converted to naive UTC."""
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, dt.date):
        parsed = dt.datetime.combine(value, dt.time())
    elif isinstance(value, str):
        text = value.strip()
        try:
            parsed = (
                dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
                if len(text) == 10
                else dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            )
        except ValueError:
            shown = repr(text if len(text) <= 40 else text[:40] + "…")
            raise ValueError(
                f"invalid date {shown}: expected YYYY-MM-DD or an ISO 8601 date-time"
            ) from None
    else:
        raise ValueError("expected a date (YYYY-MM-DD) or an ISO 8601 date-time")
    # Checked before the time-zone conversion, which overflows at years 1 and 9999.
    if not PUBLISHED_MIN <= parsed.replace(tzinfo=None) <= PUBLISHED_MAX:
        raise ValueError(
            f"must be between {PUBLISHED_MIN.year} and {PUBLISHED_MAX.year} "
            f"(got {parsed.date().isoformat()})"
        )
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    if parsed > utcnow() + FUTURE_TOLERANCE:
        raise ValueError(f"{parsed.date().isoformat()} is in the future")
    return parsed


class NoteInput(BaseModel):
    """A note as an author submits it. Validate with
    ``NoteInput.model_validate(data, context={"universe": [...]})``."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=TITLE_MAX)
    body: str = Field(max_length=BODY_MAX)
    author: str = Field(min_length=1, max_length=AUTHOR_MAX)
    published_at: dt.datetime | None = None
    tickers: list[str] = Field(default_factory=list)
    slug: str | None = Field(default=None, max_length=SLUG_MAX)

    @field_validator("title", "body", "author", "slug")
    @classmethod
    def _storable(cls, value: str | None) -> str | None:
        # PostgreSQL text can't hold U+0000 (pydantic already refuses lone surrogates).
        if value is not None and "\x00" in value:
            raise ValueError("contains a NUL character, which can't be stored")
        return value

    @field_validator("body")
    @classmethod
    def _body_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value

    @field_validator("published_at", mode="before")
    @classmethod
    def _published(cls, value: object) -> dt.datetime | None:
        return None if value is None else parse_published(value)

    @field_validator("tickers", mode="before")
    @classmethod
    def _tickers(cls, value: object, info: ValidationInfo) -> list[str]:
        if value is None:
            return []
        if isinstance(value, str):
            value = value.split(",")
        if not isinstance(value, list | tuple):
            raise ValueError("expected a list of ticker symbols")
        symbols: list[str] = []
        for item in value:
            if not isinstance(item, str):
                raise ValueError(f"expected ticker symbols, got a {type(item).__name__}")
            if item.strip():
                symbols.append(item.strip().lstrip("$").upper())
        if len(set(symbols)) > TICKERS_MAX:
            raise ValueError(f"at most {TICKERS_MAX} tickers")
        universe = list((info.context or {}).get("universe") or [])
        unknown = [s for s in dict.fromkeys(symbols) if s not in universe]
        if unknown:
            raise ValueError(
                f"unknown ticker {', '.join(repr(s[:20]) for s in unknown[:5])}: "
                f"the universe is {', '.join(universe)}"
            )
        return list(dict.fromkeys(symbols))

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str | None) -> str | None:
        if value is not None and not _SLUG_RE.match(value):
            raise ValueError("use lower-case letters, digits and single hyphens")
        return value


def validate_note(data: Mapping[str, Any], settings: Settings) -> NoteInput:
    if not isinstance(data, Mapping):
        raise NoteValidationError({"note": "expected a JSON object"})
    try:
        return NoteInput.model_validate(dict(data), context={"universe": settings.universe})
    except ValidationError as exc:
        raise NoteValidationError(_field_errors(exc)) from None


# -- scoring ---------------------------------------------------------------------

_ENGINES: dict[tuple[Any, ...], SentimentEngine] = {}


def scorer_for(settings: Settings) -> SentimentEngine:
    """One engine per universe and alias configuration (building one is not free)."""
    key = (
        tuple(settings.universe),
        tuple(sorted((k, tuple(v)) for k, v in settings.ticker_aliases.items())),
    )
    if key not in _ENGINES:
        _ENGINES[key] = SentimentEngine(symbols=settings.universe, aliases=settings.ticker_aliases)
    return _ENGINES[key]


_TICKER_FIELDS = ("score", "label", "mentions", "explicit", "tone")
_CALL_FIELDS = ("call_kind", "call_text", "call_sentence")


def _call_columns(call: Mapping[str, Any] | None) -> dict[str, Any]:
    """The engine's call as NoteTicker columns (all None without a call)."""
    if not call:
        return dict.fromkeys(_CALL_FIELDS)
    sentence = call.get("sentence")
    return {
        "call_kind": str(call.get("kind") or "call")[:32],
        "call_text": str(call.get("text") or ""),
        "call_sentence": sentence if isinstance(sentence, int) else None,
    }


def ticker_call(row: NoteTicker) -> dict[str, Any] | None:
    """The stored call in the engine's shape: ``{"kind", "text", "sentence"}`` or None."""
    if row.call_kind is None:
        return None
    return {"kind": row.call_kind, "text": row.call_text or "", "sentence": row.call_sentence}


def needs_rescore(note: Note) -> bool:
    """Scored by another engine version, or before tone and calls were stored."""
    return note.engine_version != ENGINE_VERSION or any(t.tone is None for t in note.tickers)


def apply_scores(note: Note, doc: DocumentScore, explicit: Iterable[str]) -> None:
    """Store the engine's reading on the note and relink its tickers.

    A note's tickers are those the engine finds plus those linked explicitly; an
    explicit ticker the text never names gets the document score as its stance and
    tone, and no call. Each found ticker keeps its tone and the call that decided it.
    """
    note.score = doc.score
    note.label = doc.label
    note.engine_version = doc.engine_version
    note.sentences = [s.to_dict() for s in doc.sentences]
    explicit_set = set(explicit)
    rows: dict[str, NoteTicker] = {}
    for symbol, ts in doc.tickers.items():
        rows[symbol] = NoteTicker(
            symbol=symbol,
            score=ts.score,
            label=ts.label,
            mentions=ts.mentions,
            explicit=symbol in explicit_set,
            tone=ts.tone,
            **_call_columns(ts.call),
        )
    for symbol in sorted(explicit_set - rows.keys()):
        rows[symbol] = NoteTicker(
            symbol=symbol,
            score=doc.score,
            label=doc.label,
            mentions=0,
            explicit=True,
            tone=doc.score,
            **_call_columns(None),
        )
    existing = {t.symbol: t for t in note.tickers}
    for symbol, row in rows.items():
        if symbol in existing:
            old = existing[symbol]
            for name in (*_TICKER_FIELDS, *_CALL_FIELDS):
                setattr(old, name, getattr(row, name))
        else:
            note.tickers.append(row)
    for symbol, old in existing.items():
        if symbol not in rows:
            note.tickers.remove(old)


def explicit_tickers(note: Note) -> list[str]:
    return sorted(t.symbol for t in note.tickers if t.explicit)


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


# -- writes ----------------------------------------------------------------------


def _unique_slug(session: Session, base: str) -> str:
    taken = set(
        session.scalars(
            select(Note.slug).where(or_(Note.slug == base, Note.slug.like(f"{base}-%")))
        )
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


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


def score_for_request(body: str, settings: Settings) -> DocumentScore:
    """Score a note written through the web or the API, within the request budget."""
    try:
        return scorer_for(settings).score_document(body, budget=settings.scoring_budget_seconds)
    except ScoringBudgetExceeded as exc:
        raise NoteValidationError(
            {"body": f"takes longer than {exc.budget:g} s to score; split it into shorter notes"}
        ) from None


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
    after_note_save(engine, settings)  # sentiment alert rules
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
    engine finds in the text stay linked.
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
    after_note_save(engine, settings)  # sentiment alert rules
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
    after_note_save(engine, settings)  # sentiment rules see the summaries without it
    return title


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
    q: str | None = None,
    page: int = 1,
    per_page: int = 20,
) -> NotePage:
    """Newest first. ``date_from``/``date_to`` are inclusive publication dates;
    ``q`` matches every word (case-insensitive) in the title, body or author.

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
    for word in (q or "").split():
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
