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


def test_carried_timestamp_keeps_the_first_render_time() -> None:
    first = antibot.form_timestamp(SECRET, now=1000.0)
    carried = antibot.carried_timestamp(SECRET, first, now=1001.0)
    assert antibot.rendered_at(SECRET, carried) == 1000.0
    # Resubmitted 1 s after the re-render, 2.5 s after the first render: a person.
    assert not antibot.looks_like_bot(SECRET, "", carried, 2, now=1002.5)


@pytest.mark.parametrize("submitted", [None, "", "garbage", 17])
def test_carried_timestamp_is_fresh_when_the_submitted_one_is_not_genuine(
    submitted: object,
) -> None:
    carried = antibot.carried_timestamp(SECRET, submitted, now=5000.0)
    assert antibot.rendered_at(SECRET, carried) == 5000.0
    assert antibot.looks_like_bot(SECRET, "", carried, 2, now=5001.0)


def test_carried_timestamp_from_another_secret_is_not_trusted() -> None:
    foreign = antibot.form_timestamp("other-secret", now=1.0)
    assert antibot.rendered_at(SECRET, antibot.carried_timestamp(SECRET, foreign, now=9.0)) == 9.0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"), ("+44 20", "'+44 20"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"), ("\rx", "'\rx"), ("Acme", "Acme"), ("", ""), (None, ""),
        ("a=b", "a=b"), (12, "12"),
        # A spreadsheet splitting on ; , or tab would start a cell at the trigger.
        ("ACME;=1+1", "'ACME;=1+1"), ("ACME,+1", "'ACME,+1"), ("ACME\t=1", "'ACME\t=1"),
        ("a;@SUM(A1)", "'a;@SUM(A1)"), ("x,-2", "'x,-2"), ("a;\t1", "'a;\t1"),
        ("a,\r1", "'a,\r1"), ("note\n=HYPERLINK(1)", "'note\n=HYPERLINK(1)"),
        ("Call me - today", "'Call me - today"), ("x; =1", "'x; =1"),
        # Triggers inside words are not the start of a cell.
        ("dana+demo@firm.com", "dana+demo@firm.com"), ("2026-12-07T10:00", "2026-12-07T10:00"),
        ("Research; Alerts", "Research; Alerts"), ("$100M–$1B", "$100M–$1B"), ("1+1=2", "1+1=2"),
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
