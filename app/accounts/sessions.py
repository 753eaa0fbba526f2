"""Sign-in sessions: a random token in the signed cookie, its hash in ``user_sessions``.

The signed cookie alone proves nothing: every authenticated request looks its token up
(one primary-key lookup joined with the user), so logging out (which deletes the row),
a password change or reset and disabling the user (which delete all the user's rows)
end the session everywhere, including in copies of the cookie. The cookie also carries
a fingerprint of the password hash, so a hash changed directly in the database ends
sessions too.

A session ends after ``IDLE_TIMEOUT`` without requests, and ``ABSOLUTE_LIFETIME`` after
sign-in however busy it is. Expired rows are pruned whenever someone signs in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import MutableMapping
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.accounts.models import User, UserSession
from app.db import utcnow

TOKEN_KEY = "sid"
FINGERPRINT_KEY = "pwf"
# The same as the cookie's max age (app.web.security.SESSION_MAX_AGE).
IDLE_TIMEOUT = dt.timedelta(hours=8)
ABSOLUTE_LIFETIME = dt.timedelta(hours=24)
# last_seen_at is written at most this often, so reads rarely turn into writes.
TOUCH_EVERY = dt.timedelta(minutes=5)

Cookie = MutableMapping[str, Any]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _expiry(created_at: dt.datetime, seen_at: dt.datetime) -> dt.datetime:
    return min(seen_at + IDLE_TIMEOUT, created_at + ABSOLUTE_LIFETIME)


def fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def token(cookie: Cookie) -> str | None:
    value = cookie.get(TOKEN_KEY)
    return value if isinstance(value, str) and value else None


def start(db: Session, cookie: Cookie, user: User, now: dt.datetime | None = None) -> None:
    """Record a new session for `user` and put its token in the (cleared) cookie."""
    now = now or utcnow()
    end(db, cookie)  # signing in again replaces the session; no fixation: nothing survives
    new_token = secrets.token_urlsafe(32)
    db.add(
        UserSession(
            id=_digest(new_token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            expires_at=_expiry(now, now),
        )
    )
    prune(db, now)
    cookie[TOKEN_KEY] = new_token
    cookie[FINGERPRINT_KEY] = fingerprint(user)


def resolve(db: Session, cookie: Cookie, now: dt.datetime | None = None) -> User | None:
    """The active user whose live session the cookie names, or None."""
    value = token(cookie)
    if value is None:
        return None
    now = now or utcnow()
    row = db.execute(
        select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.id == _digest(value))
    ).first()
    if row is None:
        return None
    record, user = row
    if record.expires_at <= now or not user.is_active:
        return None
    if cookie.get(FINGERPRINT_KEY) != fingerprint(user):
        return None
    if now - record.last_seen_at >= TOUCH_EVERY:
        record.last_seen_at = now
        record.expires_at = _expiry(record.created_at, now)
    return user


def end(db: Session, cookie: Cookie) -> None:
    """Log out: forget the session here and in every copy of the cookie."""
    value = token(cookie)
    cookie.clear()
    if value is not None:
        db.execute(delete(UserSession).where(UserSession.id == _digest(value)))


def end_all(db: Session, user_id: int) -> int:
    """End every session of one user (password change, reset, disabling)."""
    result = db.execute(delete(UserSession).where(UserSession.user_id == user_id))
    return int(getattr(result, "rowcount", 0) or 0)


def prune(db: Session, now: dt.datetime | None = None) -> int:
    """Delete expired sessions (an indexed range delete)."""
    result = db.execute(delete(UserSession).where(UserSession.expires_at <= (now or utcnow())))
    return int(getattr(result, "rowcount", 0) or 0)
