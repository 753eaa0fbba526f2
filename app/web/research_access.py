"""Who writes research on the web, and which notes they may change."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlalchemy import Engine

from app.research import notes as svc
from app.web import params as edge


def session_analyst(request: Request) -> Any:
    """The signed-in analyst or admin, when sign-in is set up; else None."""
    if "session" not in request.scope:
        return None
    from app.web.auth import current_user

    user = current_user(request)
    return user if user is not None and user.role in ("analyst", "admin") else None


def sign_in_enabled(request: Request) -> bool:
    return "session" in request.scope


def find_note(engine: Engine, ref: str) -> Any:
    """A note by id (ASCII digits within the id range) or by slug; None when there is none."""
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
