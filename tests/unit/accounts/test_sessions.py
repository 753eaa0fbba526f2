"""Server-side sessions: idle and absolute expiry, rare writes, ending them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine

from app.accounts import sessions
from app.accounts.models import UserSession
from app.accounts.service import create_user, set_active, set_password
from app.db import session_scope

T0 = dt.datetime(2026, 3, 2, 9, 0)
PASSWORD = "correct horse battery"


def _signed_in(engine: Engine, name: str = "ana") -> dict[str, Any]:
    cookie: dict[str, Any] = {"stale": "from before the login"}
    with session_scope(engine) as db:
        user = create_user(db, name, "analyst", PASSWORD)
        sessions.start(db, cookie, user, now=T0)
    return cookie


def _resolve(engine: Engine, cookie: dict[str, Any], at: dt.datetime) -> str | None:
    with session_scope(engine) as db:
        user = sessions.resolve(db, cookie, now=at)
        return user.username if user else None


def test_the_cookie_holds_a_token_whose_hash_is_stored(engine: Engine) -> None:
    cookie = _signed_in(engine)
    assert set(cookie) == {sessions.TOKEN_KEY, sessions.FINGERPRINT_KEY}  # no fixation
    with session_scope(engine) as db:
        (row,) = db.query(UserSession).all()
        assert row.id != cookie[sessions.TOKEN_KEY] and len(row.id) == 64
        assert row.expires_at == T0 + sessions.IDLE_TIMEOUT


def test_idle_sessions_end_and_active_ones_slide_up_to_the_absolute_limit(
    engine: Engine,
) -> None:
    cookie = _signed_in(engine)
    hours = dt.timedelta(hours=1)
    assert _resolve(engine, cookie, T0 + 7 * hours) == "ana"  # seen: idle clock restarts
    assert _resolve(engine, cookie, T0 + 14 * hours) == "ana"
    assert _resolve(engine, cookie, T0 + 21 * hours) == "ana"
    assert _resolve(engine, cookie, T0 + 24 * hours) is None  # however busy
    idle = _signed_in(engine, "bob")
    assert _resolve(engine, idle, T0 + 8 * hours) is None


def test_last_seen_is_written_at_most_every_few_minutes(engine: Engine) -> None:
    cookie = _signed_in(engine)
    _resolve(engine, cookie, T0 + dt.timedelta(minutes=1))
    with session_scope(engine) as db:
        assert db.query(UserSession).one().last_seen_at == T0
    later = T0 + sessions.TOUCH_EVERY
    _resolve(engine, cookie, later)
    with session_scope(engine) as db:
        row = db.query(UserSession).one()
        assert row.last_seen_at == later and row.expires_at == later + sessions.IDLE_TIMEOUT


def test_end_forgets_one_session_and_password_or_disable_end_all(engine: Engine) -> None:
    first = _signed_in(engine)
    second: dict[str, Any] = {}
    with session_scope(engine) as db:
        user = sessions.resolve(db, first, now=T0)
        assert user is not None
        sessions.start(db, second, user, now=T0)
    with session_scope(engine) as db:
        sessions.end(db, first)
    assert first == {}
    assert _resolve(engine, {**second}, T0) == "ana"
    with session_scope(engine) as db:
        assert set_password(db, "ana", "another long password") == 1
    assert _resolve(engine, second, T0) is None

    third: dict[str, Any] = {}
    with session_scope(engine) as db:
        user = create_user(db, "cy", "analyst", PASSWORD)
        sessions.start(db, third, user, now=T0)
    with session_scope(engine) as db:
        set_active(db, "cy", False)
        assert db.query(UserSession).count() == 0
    with session_scope(engine) as db:
        set_active(db, "cy", True)
    assert _resolve(engine, third, T0) is None  # re-enabling doesn't revive it


def test_a_forged_or_missing_token_is_anonymous(engine: Engine) -> None:
    cookie = _signed_in(engine)
    assert _resolve(engine, {**cookie, sessions.TOKEN_KEY: "guess"}, T0) is None
    assert _resolve(engine, {sessions.FINGERPRINT_KEY: cookie["pwf"]}, T0) is None
    assert _resolve(engine, {**cookie, sessions.TOKEN_KEY: 42}, T0) is None


def test_signing_in_again_replaces_the_previous_session(engine: Engine) -> None:
    cookie = _signed_in(engine)
    previous = dict(cookie)
    with session_scope(engine) as db:
        user = sessions.resolve(db, cookie, now=T0)
        assert user is not None
        sessions.start(db, cookie, user, now=T0)
    assert cookie[sessions.TOKEN_KEY] != previous[sessions.TOKEN_KEY]
    assert _resolve(engine, previous, T0) is None
    assert _resolve(engine, cookie, T0) == "ana"
