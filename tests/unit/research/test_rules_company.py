"""Company-news constructions: deals won, levels stated, figures compared."""

from __future__ import annotations

import pytest

from app.research.sentiment import SentimentEngine
from tests.unit.research.sentiment_support import polarity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A level reached is a fact, not a move or a beat.
        ("Last year the group's revenue exceeded USD 900 million.", "neutral"),
        ("Order intake exceeds EUR 40 mn in the period.", "neutral"),
        # Against an expectation or as a change it still counts.
        ("Quarterly revenue exceeded analyst expectations.", "positive"),
    ],
)
def test_levels_stated(fin_engine: SentimentEngine, text: str, expected: str) -> None:
    assert polarity(fin_engine, text) == expected
