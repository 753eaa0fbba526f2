"""Import research notes from Markdown files with YAML front matter.

All or nothing per run, idempotent by slug: unchanged files write nothing at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from frontmatter.default_handlers import YAMLHandler
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, selectinload

from app.config import Settings
from app.db import session_scope, utcnow
from app.research.models import Note
from app.research.note_input import (
    ImportFailedError,
    NoteInput,
    NoteValidationError,
    slugify,
    validate_note,
)
from app.research.note_scoring import apply_scores, explicit_tickers, needs_rescore, scorer_for
from app.research.note_store import assign_input, write_session

ImportAction = Literal["created", "updated", "unchanged"]


@dataclass(frozen=True)
class ImportOutcome:
    path: Path
    slug: str
    action: ImportAction
    note_id: int


def collect_files(paths: Sequence[Path]) -> list[Path]:
    """Files as given, and the ``*.md`` files directly inside given folders (sorted)."""
    files: list[Path] = []
    missing: dict[Path, str] = {}
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.glob("*.md") if p.is_file())
            if not found:
                missing[path] = "folder has no .md files"
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            missing[path] = "no such file or folder"
    if missing:
        raise ImportFailedError(missing)
    return list(dict.fromkeys(files))


def read_note_file(path: Path, settings: Settings) -> NoteInput:
    """Parse one Markdown file with YAML front matter into a validated note.

    Front matter is read with YAML's base loader, so every value arrives as
    text and a malformed date is reported by field rather than by the parser.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise NoteValidationError({"file": "is not UTF-8 text"}) from None
    handler = YAMLHandler()
    if not handler.detect(text):
        raise NoteValidationError({"front matter": "missing (start the file with ---)"})
    try:
        raw, content = handler.split(text)
        meta = yaml.load(raw, Loader=yaml.BaseLoader) or {}  # all scalars as text
    except (ValueError, yaml.YAMLError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise NoteValidationError({"front matter": f"is not valid YAML ({reason})"}) from None
    if not isinstance(meta, dict):
        raise NoteValidationError({"front matter": "must be a mapping of fields"})
    if "body" in meta:
        raise NoteValidationError({"body": "belongs below the front matter, not in it"})
    if not meta.get("published_at"):
        raise NoteValidationError({"published_at": "is required"})
    data = {**meta, "body": content.strip("\n")}
    data.setdefault("slug", slugify(path.stem))
    return validate_note(data, settings)


def _same(note: Note, note_in: NoteInput) -> bool:
    return (
        note.title == note_in.title
        and note.body == note_in.body
        and note.author == note_in.author
        and note.published_at == note_in.published_at
        and explicit_tickers(note) == sorted(note_in.tickers)
        and not needs_rescore(note)
    )


def import_files(engine: Engine, paths: Sequence[Path], settings: Settings) -> list[ImportOutcome]:
    """Import Markdown notes, idempotent by slug: all files or none.

    Every file is parsed and validated first; if any is invalid (or two files
    share a slug) nothing is stored and ``ImportFailedError`` names each bad
    file. Then one transaction creates new notes, updates changed ones and
    leaves identical ones untouched.
    """
    files = collect_files(paths)
    parsed: dict[Path, NoteInput] = {}
    problems: dict[Path, str] = {}
    owners: dict[str, Path] = {}
    for path in files:
        try:
            note_in = read_note_file(path, settings)
        except NoteValidationError as exc:
            problems[path] = str(exc)
            continue
        assert note_in.slug is not None  # read_note_file always sets one
        if note_in.slug in owners:
            problems[path] = f"slug {note_in.slug!r} is also used by {owners[note_in.slug]}"
            continue
        owners[note_in.slug] = path
        parsed[path] = note_in
    if problems:
        raise ImportFailedError(problems)

    # A read-only look first: re-importing unchanged files writes nothing at all.
    with session_scope(engine) as session:
        existing = _by_slug(session, owners)
        if all(
            slug in existing and _same(existing[slug], note_in)
            for slug, note_in in ((n.slug, n) for n in parsed.values())
        ):
            return [
                ImportOutcome(path, slug, "unchanged", existing[slug].id)
                for slug, path in owners.items()
            ]

    scorer = scorer_for(settings)
    outcomes: list[tuple[Path, str, ImportAction, Note]] = []
    with write_session(engine, settings) as session:
        existing = _by_slug(session, owners)  # again, under the write lock
        for path, note_in in parsed.items():
            assert note_in.slug is not None
            note = existing.get(note_in.slug)
            action: ImportAction = "updated"
            if note is not None and _same(note, note_in):
                outcomes.append((path, note.slug, "unchanged", note))
                continue
            if note is None:
                note = Note(slug=note_in.slug, created_at=utcnow(), source="import", tickers=[])
                session.add(note)
                action = "created"
            assign_input(note, note_in)
            apply_scores(note, scorer.score_document(note.body), note_in.tickers)
            outcomes.append((path, note.slug, action, note))
    return [ImportOutcome(p, s, a, n.id) for p, s, a, n in outcomes]


def _by_slug(session: Session, slugs: Iterable[str]) -> dict[str, Note]:
    query = select(Note).where(Note.slug.in_(list(slugs))).options(selectinload(Note.tickers))
    return {n.slug: n for n in session.scalars(query)}
