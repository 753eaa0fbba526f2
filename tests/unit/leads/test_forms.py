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
