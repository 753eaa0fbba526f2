from __future__ import annotations

import pytest

from app.leads.forms import validate
from app.leads.freemail import is_free_mail

VALID = {
    "full_name": "  Dana Whitfield ", "email": "Dana@Northbridge.COM", "company": "Northbridge",
    "role": "cio", "aum": "$100M - $1B", "interests": ["Portfolio Analytics", "research"],
    "message": "", "consent": "on",
}  # fmt: skip


def test_valid_request_is_cleaned() -> None:
    request, errors = validate(VALID)
    assert errors == {} and request is not None
    assert request.full_name == "Dana Whitfield" and request.role == "CIO"
    assert request.aum == "$100M–$1B"
    assert request.interests == ["portfolio_analytics", "research"]
    assert request.email == "Dana@northbridge.com"
    assert request.email_normalized == "dana@northbridge.com"
    assert request.free_mail is False


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("full_name", ""), ("full_name", "x" * 201), ("full_name", "a\nb"),
        ("email", "nope"), ("email", "a@b"), ("company", ""), ("role", "King"),
        ("aum", "$5"), ("interests", ["x"]), ("message", "m" * 2001), ("message", "a\x00b"),
        ("consent", ""), ("consent", "no"),
    ],
)  # fmt: skip
def test_each_invalid_field_gets_its_own_message(field: str, value: object) -> None:
    request, errors = validate({**VALID, field: value})
    assert request is None and list(errors) == [field]
    assert errors[field] and "Value error" not in errors[field]


def test_missing_fields_get_friendly_messages() -> None:
    _, errors = validate({})
    assert set(errors) == {"full_name", "email", "company", "role", "aum", "consent"}
    assert errors["email"] == "Enter your work email."


def test_message_keeps_newlines_and_tabs() -> None:
    request, _ = validate({**VALID, "message": "line one\n\tline two"})
    assert request is not None and request.message == "line one\n\tline two"


@pytest.mark.parametrize(
    ("email", "flagged"),
    [("a@gmail.com", True), ("a@YAHOO.com", True), ("a@outlook.com", True),
     ("a@hotmail.com", True), ("a@blackrock.com", False), ("a@gmail.com.evil.io", False)],
)  # fmt: skip
def test_free_mail(email: str, flagged: bool) -> None:
    assert is_free_mail(email) is flagged


def test_message_counts_crlf_as_one_line_break() -> None:
    request, errors = validate({**VALID, "message": "a\r\n" * 999 + "z"})
    assert errors == {} and request is not None
    assert request.message == "a\n" * 999 + "z" and len(request.message) == 1999


@pytest.mark.parametrize("field", ["full_name", "company", "message"])
def test_bidi_controls_are_dropped(field: str) -> None:
    controls = "".join(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
    request, errors = validate({**VALID, field: f"Ev{controls}il Corp"})
    assert errors == {} and request is not None
    assert getattr(request, field) == "Evil Corp"


def test_only_bidi_controls_is_an_empty_name() -> None:
    _, errors = validate({**VALID, "full_name": "\u202e\u2066\u2069"})
    assert errors == {"full_name": "Enter your full name."}


def test_bidi_controls_in_the_email_are_dropped() -> None:
    request, _ = validate({**VALID, "email": "dana\u202e@northbridge.com"})
    assert request is not None and request.email_normalized == "dana@northbridge.com"


def test_right_to_left_text_itself_is_kept() -> None:
    request, _ = validate({**VALID, "full_name": "דנה וייטפילד", "message": "مرحبا \u200f"})
    assert request is not None and request.full_name == "דנה וייטפילד"
    assert request.message == "مرحبا \u200f"


@pytest.mark.parametrize("message", ["a\x00b", "\x00", "ok\x1b[31m"])
def test_message_refuses_nul_and_escapes(message: str) -> None:
    _, errors = validate({**VALID, "message": message})
    assert errors == {"message": "The message contains characters we can't accept."}
