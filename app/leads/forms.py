"""Validation of the demo form: raw form fields in, a clean request or per-field errors out."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, ValidationError, field_validator

from app.leads.choices import (
    AUM_RANGES,
    CONSENT_VALUES,
    EMAIL_MAX,
    MESSAGE_MAX,
    NAME_MAX,
    ROLES,
    match_aum,
    match_interest,
    match_role,
)
from app.leads.freemail import is_free_mail

FIELDS = ("full_name", "email", "company", "role", "aum", "interests", "message", "consent")
# Single-line fields refuse every control character; the message keeps tabs and newlines.
# (PostgreSQL can't store NUL at all, so letting one through would be a server error.)
_LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) can make
# a name or message read differently in the admin pages and the CSV export than what
# was typed ("Trojan Source"). They are invisible, so they are dropped, not refused.
_BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def _text(value: Any) -> str:
    """The submitted text without bidi controls, not yet stripped of spaces."""
    return str(value or "").translate(_BIDI_CONTROLS)


def _line(value: Any, what: str) -> str:
    text = _text(value).strip()
    if not text:
        raise ValueError(f"Enter your {what}.")
    if len(text) > NAME_MAX:
        raise ValueError(f"Keep the {what} under {NAME_MAX} characters.")
    if _LINE_CONTROL.search(text):
        raise ValueError(f"The {what} contains characters we can't accept.")
    return text


class DemoRequest(BaseModel):
    full_name: str
    email: str
    company: str
    role: str
    aum: str
    interests: list[str] = []
    message: str = ""
    consent: bool

    @field_validator("full_name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> str:
        return _line(value, "full name")

    @field_validator("company", mode="before")
    @classmethod
    def _company(cls, value: Any) -> str:
        return _line(value, "company")

    @field_validator("email", mode="before")
    @classmethod
    def _email(cls, value: Any) -> str:
        text = _text(value).strip()
        if not text:
            raise ValueError("Enter your work email.")
        if len(text) > EMAIL_MAX or _LINE_CONTROL.search(text):
            raise ValueError("Enter a valid email address, like name@firm.com.")
        try:
            return validate_email(text, check_deliverability=False).normalized
        except EmailNotValidError as exc:
            raise ValueError("Enter a valid email address, like name@firm.com.") from exc

    @field_validator("role", mode="before")
    @classmethod
    def _role(cls, value: Any) -> str:
        role = match_role(str(value or ""))
        if role is None:
            raise ValueError(f"Choose your role: {', '.join(ROLES)}.")
        return role

    @field_validator("aum", mode="before")
    @classmethod
    def _aum(cls, value: Any) -> str:
        aum = match_aum(str(value or ""))
        if aum is None:
            raise ValueError(f"Choose an AUM range: {', '.join(AUM_RANGES)}.")
        return aum

    @field_validator("interests", mode="before")
    @classmethod
    def _interests(cls, value: Any) -> list[str]:
        values = [value] if isinstance(value, str) else list(value or [])
        chosen: list[str] = []
        for raw in values:
            key = match_interest(str(raw))
            if key is None:
                raise ValueError("Choose interests from the list.")
            if key not in chosen:
                chosen.append(key)
        return chosen

    @field_validator("message", mode="before")
    @classmethod
    def _message(cls, value: Any) -> str:
        # Browsers send line breaks as CRLF but count them as one character against the
        # textarea's maxlength: count them the same way, and store plain newlines.
        text = _text(value).replace("\r\n", "\n").replace("\r", "\n").strip()
        if len(text) > MESSAGE_MAX:
            raise ValueError(
                f"Keep the message under {MESSAGE_MAX:,} characters (it has {len(text):,})."
            )
        if _TEXT_CONTROL.search(text):
            raise ValueError("The message contains characters we can't accept.")
        return text

    @field_validator("consent", mode="before")
    @classmethod
    def _consent(cls, value: Any) -> bool:
        if str(value or "").strip().casefold() not in CONSENT_VALUES:
            raise ValueError("Please agree to be contacted so we can arrange the demo.")
        return True

    @property
    def email_normalized(self) -> str:
        return self.email.casefold()

    @property
    def free_mail(self) -> bool:
        return is_free_mail(self.email)


def validate(values: Mapping[str, Any]) -> tuple[DemoRequest | None, dict[str, str]]:
    try:
        # Absent fields validate as empty, so they get the same friendly message.
        filled = {name: values.get(name, [] if name == "interests" else "") for name in FIELDS}
        return DemoRequest.model_validate(filled), {}
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else "form"
            message = str(error.get("ctx", {}).get("error") or error["msg"])
            errors.setdefault(field, message.removeprefix("Value error, "))
        return None, errors
