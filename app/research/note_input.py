"""Research note input: what an author may submit, and the errors of the notes modules.

``NoteInput`` validates a note as submitted (web form, API or Markdown import);
``validate_note`` turns pydantic's errors into one sentence per field, so a bad
note is refused with a clear message and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
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

from app.config import Settings
from app.db import utcnow

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


def is_slug(text: str) -> bool:
    """Whether `text` could be a stored slug (lower-case letters, digits, single hyphens)."""
    return len(text) <= SLUG_MAX and _SLUG_RE.fullmatch(text) is not None


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
