"""Reference numbers shown to prospects, e.g. DSP-7K3F9Q."""

from __future__ import annotations

import secrets

# Crockford-style: no 0/O, 1/I/L or U, so a reference read over the phone is unambiguous.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "DSP-"


def new_reference(length: int = 6) -> str:
    return PREFIX + "".join(secrets.choice(ALPHABET) for _ in range(length))
