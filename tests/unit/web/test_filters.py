import datetime as dt

import pytest

from app.web import filters as f


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.042, "+4.2\u00a0%"),
        (-0.013, "\u22121.3\u00a0%"),
        (0.0, "0.0\u00a0%"),
        (-0.00001, "0.0\u00a0%"),
        (12.5, "+1,250.0\u00a0%"),
        (None, "—"),
        (float("nan"), "—"),
    ],
)
def test_pct(value: float | None, expected: str) -> None:
    assert f.pct(value) == expected


def test_pp_and_num() -> None:
    assert f.pp(-0.013) == "\u22121.3\u00a0pp"
    assert f.pp(0.4213) == "+42.1\u00a0pp"
    assert f.num(-0.28) == "\u22120.28"
    assert f.num(0.28) == "0.28"
    assert f.num(0.28, sign=True) == "+0.28"
    assert f.num(1.8512, 2) == "1.85"


def test_thousands_and_dates() -> None:
    assert f.thousands(1234567) == "1,234,567"
    assert f.thousands(None) == "—"
    assert f.isodate(dt.date(2026, 7, 13)) == "2026-07-13"
    assert f.isodate(dt.datetime(2026, 7, 13, 15, 4)) == "2026-07-13"
    assert f.isodate("2026-07-13T15:04:00") == "2026-07-13"
    assert f.isodate(None) == "—"


def test_arrow_and_direction() -> None:
    assert (f.arrow(0.1), f.arrow(-0.1), f.arrow(0), f.arrow(None)) == ("▲", "▼", "", "")
    assert [f.direction(v) for v in (0.1, -0.1, 0, None)] == ["up", "down", "flat", "na"]


@pytest.mark.parametrize(
    ("value", "digits", "shown", "arrow", "direction"),
    [
        (0.0004, 1, "0.0\u00a0%", "", "flat"),  # rounds to 0.0 %: no arrow, flat colour
        (-0.0004, 1, "0.0\u00a0%", "", "flat"),
        (-0.0004, 2, "\u22120.04\u00a0%", "▼", "down"),  # two digits show the move
        (0.00049, 2, "+0.05\u00a0%", "▲", "up"),
        (0.00004, 2, "0.00\u00a0%", "", "flat"),
    ],
)
def test_values_that_show_as_zero_get_no_arrow(
    value: float, digits: int, shown: str, arrow: str, direction: str
) -> None:
    assert f.pct(value, digits) == shown
    assert f.arrow(value, digits) == arrow
    assert f.direction(value, digits) == direction


@pytest.mark.parametrize(
    ("value", "bucket"),
    [
        (0.005, "heat-0"),
        (-0.005, "heat-0"),
        (0.02, "heat-p1"),
        (-0.02, "heat-n1"),
        (0.10, "heat-p2"),
        (-0.30, "heat-n3"),
        (None, "heat-na"),
    ],
)
def test_heat(value: float | None, bucket: str) -> None:
    assert f.heat(value) == bucket


def test_sentiment_class() -> None:
    assert f.sentiment_class("mildly negative") == "neg1"
    assert f.sentiment_class(None) == "none"


@pytest.mark.parametrize(
    ("score", "shown"),
    [
        (0.1486, "+0.14"),  # neutral: must not read as the 0.15 band edge
        (0.15, "+0.15"),
        (0.4999, "+0.49"),
        (-0.1499, "\u22120.14"),
        (-0.5, "\u22120.50"),
        (0.004, "0.00"),
        (None, "—"),
    ],
)
def test_sentiment_scores_are_cut_so_they_stay_inside_their_label_band(
    score: float | None, shown: str
) -> None:
    assert f.sentiment_figure(score) == shown
