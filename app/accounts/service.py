"""Create, list, disable and authenticate users; set their passwords.

Disabling a user and setting a password end all of the user's sessions.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import data_version
from app.accounts import sessions
from app.accounts.models import ROLES, User
from app.accounts.passwords import (
    MIN_PASSWORD_LENGTH,
    hash_password,
    needs_rehash,
    verify_password,
)
from app.db import utcnow

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
DISPLAY_NAME_MAX = 120


class AccountError(ValueError):
    """A user-facing reason why an account change was refused."""


def normalize_username(username: str) -> str:
    return username.strip().lower()


def validate_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")


def validate_new_user(username: str, role: str, password: str) -> str:
    name = normalize_username(username)
    if not USERNAME_RE.match(name):
        raise AccountError(
            "username must be 2-64 characters: letters, digits, dot, dash or underscore"
        )
    if role not in ROLES:
        raise AccountError(f"role must be one of: {', '.join(ROLES)}")
    validate_password(password)
    return name


def clean_display_name(text: str | None) -> str | None:
    """A display name as stored: trimmed, inner whitespace collapsed; empty → None."""
    name = " ".join((text or "").split())
    if not name:
        return None
    if len(name) > DISPLAY_NAME_MAX:
        raise AccountError(f"display name must be at most {DISPLAY_NAME_MAX} characters")
    if not name.isprintable():
        raise AccountError("display name must not contain control characters")
    return name


def create_user(
    session: Session, username: str, role: str, password: str, display_name: str | None = None
) -> User:
    name = validate_new_user(username, role, password)
    shown = clean_display_name(display_name)
    if get_user(session, name) is not None:
        raise AccountError(f"user {name!r} already exists")
    user = User(
        username=name,
        role=role,
        password_hash=hash_password(password),
        is_active=True,
        display_name=shown,
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent create of the same name
        raise AccountError(f"user {name!r} already exists") from exc
    return user


def get_user(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == normalize_username(username)))


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def _existing(session: Session, username: str) -> User:
    user = get_user(session, username)
    if user is None:
        raise AccountError(f"no user {normalize_username(username)!r}")
    return user


def set_active(session: Session, username: str, active: bool) -> User:
    user = _existing(session, username)
    user.is_active = active
    if not active:
        sessions.end_all(session, user.id)
    return user


def set_display_name(session: Session, username: str, display_name: str | None) -> User:
    """Rename a user as pages show them (empty: back to the login name). Bumps the data
    version: cached pages that show the old name are rendered again."""
    shown = clean_display_name(display_name)
    user = _existing(session, username)
    user.display_name = shown
    data_version.bump(session.connection())
    return user


def set_password(session: Session, username: str, password: str) -> int:
    """Change (or reset) a password; returns how many sessions that ended."""
    validate_password(password)
    user = _existing(session, username)
    user.password_hash = hash_password(password)
    return sessions.end_all(session, user.id)


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with these credentials, or None. Rehashes outdated hashes."""
    user = get_user(session, username)
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.is_active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user
