"""Edge parsers: ids, whole numbers, dates and search terms; and the Accept policy."""

from __future__ import annotations

import datetime as dt

import pytest

from app.web import params
from app.web.negotiation import prefers_json


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 1),
        (" 42 ", 42),
        ("2147483647", 2**31 - 1),
        ("2147483648", None),  # beyond PostgreSQL's INTEGER: no such id can exist
        ("9223372036854775807", None),
        ("9223372036854775808", None),
        ("0", None),
        ("²", None),
        ("١٢٣", None),
        ("-1", None),
        ("1e3", None),
        ("9" * 5000, None),
        ("", None),
    ],
)
def test_parse_id(text: str, expected: int | None) -> None:
    assert params.parse_id(text) == expected


@pytest.mark.parametrize("text", ["0", "101", "²", "9" * 5000, "1.0", "x", "-5"])
def test_parse_int_refuses_with_the_range(text: str) -> None:
    with pytest.raises(params.ParamError, match="whole number from 1 to 100"):
        params.parse_int(text, 1, 100)


def test_parse_int_accepts_the_range() -> None:
    assert [params.parse_int(t, 1, 100) for t in ("1", " 100 ")] == [1, 100]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("9999-12-31", "between 1900-01-01 and 2100-12-31"),
        ("1899-12-31", "between"),
        ("0001-01-01", "between"),
        ("2026-02-30", "like 2026-07-13"),
        ("20260713", "like 2026-07-13"),
        ("２０２６-01-01", "like 2026-07-13"),
        ("yesterday", "like 2026-07-13"),
    ],
)
def test_parse_date_refuses(text: str, reason: str) -> None:
    with pytest.raises(params.ParamError, match=reason):
        params.parse_date(text)


def test_parse_date_edges_allow_a_day_either_side() -> None:
    first, last = params.parse_date("1900-01-01"), params.parse_date("2100-12-31")
    assert first - dt.timedelta(days=1) < first and last + dt.timedelta(days=1) > last


def test_parse_search() -> None:
    assert params.parse_search("  nvidia   margins ") == "nvidia margins"
    assert params.parse_search(" ".join(["w"] * 20)).count("w") == 20
    with pytest.raises(params.ParamError, match="20 words"):
        params.parse_search(" ".join(["w"] * 21))
    with pytest.raises(params.ParamError, match="200 characters"):
        params.parse_search("x" * 201)
    with pytest.raises(params.ParamError, match="control"):
        params.parse_search("a\x00b")


def test_shown_cuts_long_values() -> None:
    assert params.shown("abc") == "'abc'"
    assert len(params.shown("9" * 5000)) < 50


@pytest.mark.parametrize(
    ("accept", "json"),
    [
        (None, False),
        ("", False),
        ("*/*", False),
        ("text/html", False),
        ("application/json", True),
        ("application/json, text/html", False),
        ("text/html;q=0.5, application/json", True),
        ("application/*", True),
        ("text/*, application/json;q=0.1", False),
        ("text/html;q=0, */*", True),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", False),
        ("application/json;q=nonsense", False),
    ],
)
def test_prefers_json(accept: str | None, json: bool) -> None:
    assert prefers_json(accept) is json
