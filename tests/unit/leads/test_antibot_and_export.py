from __future__ import annotations

import pytest

from app.leads import antibot
from app.leads.export import safe_cell
from app.leads.references import ALPHABET, new_reference

SECRET = "unit-secret"


def test_min_fill_time() -> None:
    signed = antibot.form_timestamp(SECRET, now=1000.0)
    assert antibot.looks_like_bot(SECRET, "", signed, 2, now=1001.5)
    assert not antibot.looks_like_bot(SECRET, "", signed, 2, now=1002.0)
    assert not antibot.looks_like_bot(SECRET, "", signed, 0, now=1000.0)


def test_honeypot_and_bad_signatures() -> None:
    signed = antibot.form_timestamp(SECRET, now=1000.0)
    assert antibot.looks_like_bot(SECRET, "http://spam", signed, 0, now=2000)
    assert antibot.looks_like_bot("other-secret", "", signed, 0, now=2000)
    assert antibot.looks_like_bot(SECRET, "", None, 0)
    assert antibot.looks_like_bot(SECRET, "", "garbage", 0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"), ("+44 20", "'+44 20"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"), ("\rx", "'\rx"), ("Acme", "Acme"), ("", ""), (None, ""),
        ("a=b", "a=b"), (12, "12"),
    ],
)  # fmt: skip
def test_safe_cell(value: object, expected: str) -> None:
    assert safe_cell(value) == expected


def test_reference_format() -> None:
    refs = {new_reference() for _ in range(200)}
    assert len(refs) == 200
    for ref in refs:
        assert ref.startswith("DSP-") and len(ref) == 10
        assert set(ref[4:]) <= set(ALPHABET)
