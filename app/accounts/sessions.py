"""What a login session stores: the user id and a fingerprint of the password hash.

The fingerprint makes a password change (or reset) end every existing session.
"""

from __future__ import annotations

import hashlib
from collections.abc import MutableMapping
from typing import Any

from app.accounts.models import User

USER_KEY = "uid"
FINGERPRINT_KEY = "pwf"


def fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def start(session: MutableMapping[str, Any], user: User) -> None:
    session.clear()  # no fixation: nothing from before the login survives it
    session[USER_KEY] = user.id
    session[FINGERPRINT_KEY] = fingerprint(user)


def matches(session: MutableMapping[str, Any], user: User) -> bool:
    return session.get(FINGERPRINT_KEY) == fingerprint(user)


def user_id(session: MutableMapping[str, Any]) -> int | None:
    value = session.get(USER_KEY)
    return value if isinstance(value, int) else None
