"""Request parameters checked at the edge: ids, whole numbers, dates and search terms.

Every parser either returns a value the database and date arithmetic can take, or
raises ``ParamError`` with a short reason a person can act on ("must be a whole
number from 1 to 100,000"). Callers prefix the parameter's name (JSON ``fields``)
or turn it into a sentence (HTML filter forms).

Why these checks and not just ``int()`` / ``date.fromisoformat``:
- ``str.isdigit`` accepts superscripts and other Unicode digits that ``int`` refuses;
- ``int`` accepts any size, but the id columns are SQL INTEGER, which PostgreSQL
  keeps in signed 32 bits (a larger bound id is an error there, not "no row"), and
  Python refuses to convert strings of more than 4,300 digits at all;
- ``date.fromisoformat`` accepts years 1–9999, where adding a day or converting a
  time zone overflows.
"""

from __future__ import annotations

import datetime as dt
import re

# Signed 32-bit: the largest id an INTEGER primary key holds on PostgreSQL (SQLite's
# go to 64 bits, but one bound keeps both backends answering alike).
ID_MAX = 2**31 - 1
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)
SEARCH_MAX_CHARS = 200
SEARCH_MAX_WORDS = 20
SYMBOL_MAX = 16
_DIGITS = re.compile(r"[0-9]{1,25}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ParamError(ValueError):
    """A parameter that can't be used; the message says why, without its name."""


def shown(value: str, limit: int = 40) -> str:
    """A value quoted for an error message, cut so a hostile input isn't echoed whole."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


def parse_id(text: str) -> int | None:
    """A database id written in ASCII digits within 1..ID_MAX, else None
    (callers answer 404: an id that can't exist names nothing)."""
    text = text.strip()
    if not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if 1 <= value <= ID_MAX else None


def parse_int(text: str, low: int, high: int) -> int:
    """A whole number in [low, high], written in ASCII digits."""
    cleaned = text.strip()
    if not _DIGITS.fullmatch(cleaned) or not low <= int(cleaned) <= high:
        raise ParamError(f"must be a whole number from {low:,} to {high:,}")
    return int(cleaned)


def check_date(value: dt.date) -> dt.date:
    """A date (or date-time) within 1900–2100, where all date arithmetic is safe."""
    day = value.date() if isinstance(value, dt.datetime) else value
    if not DATE_MIN <= day <= DATE_MAX:
        raise ParamError(f"must be between {DATE_MIN.isoformat()} and {DATE_MAX.isoformat()}")
    return value


def parse_date(text: str) -> dt.date:
    """A YYYY-MM-DD date within 1900–2100."""
    cleaned = text.strip()
    try:
        value = dt.date.fromisoformat(cleaned) if cleaned.isascii() else None
    except ValueError:
        value = None
    if value is None or len(cleaned) != 10:
        raise ParamError("use a date like 2026-07-13")
    return check_date(value)


def parse_search(text: str) -> str:
    """Search words: at most 200 characters and 20 words, no control characters."""
    cleaned = " ".join(text.split())
    if len(cleaned) > SEARCH_MAX_CHARS:
        raise ParamError(f"use at most {SEARCH_MAX_CHARS} characters")
    if len(cleaned.split()) > SEARCH_MAX_WORDS:
        raise ParamError(f"use at most {SEARCH_MAX_WORDS} words")
    if _CONTROL.search(cleaned):
        raise ParamError("contains control characters")
    return cleaned


def plausible_symbol(text: str) -> bool:
    """Short enough and printable: anything else can't be a ticker symbol."""
    return 0 < len(text) <= SYMBOL_MAX and text.isprintable()


# Letters, digits and the punctuation Yahoo uses (BRK.B, BF-B, ^GSPC, EURUSD=X).
_SYMBOL = re.compile(r"[A-Z0-9^][A-Z0-9.\-^=]{0,15}")


def parse_symbol(text: str) -> str:
    """A ticker symbol as typed ("nvda", " $NVDA "), upper-cased: 1–16 characters of
    letters, digits and . - ^ =."""
    cleaned = text.strip().lstrip("$").upper()
    if not cleaned:
        raise ParamError("enter a symbol, e.g. NVDA")
    if len(cleaned) > SYMBOL_MAX or not cleaned.isascii() or not _SYMBOL.fullmatch(cleaned):
        raise ParamError(
            f"{shown(cleaned)} is not a symbol: use up to {SYMBOL_MAX} letters, digits "
            "and . - ^ =, e.g. NVDA or BRK.B"
        )
    return cleaned


def parse_choice(text: str, choices: tuple[str, ...]) -> str:
    """One of a few fixed values (e.g. a column to sort by), compared case-insensitively;
    returned as spelled in `choices`."""
    cleaned = text.strip()
    for choice in choices:
        if cleaned.casefold() == choice.casefold():
            return choice
    raise ParamError(f"must be one of {', '.join(c for c in choices if c)}")


def sentence(name: str, reason: str) -> str:
    """'page', 'must be …' → 'Page must be ….' for the HTML filter forms."""
    return f"{name[:1].upper()}{name[1:]} {reason}."
