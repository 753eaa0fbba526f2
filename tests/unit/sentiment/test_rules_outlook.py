"""Rule families added in fin-1.3, on sentences written for these tests.

Forecast predicates after "to be" reaching back over an aside, a top rank
taken ("become the largest"), and a level held ("the margin remained high").
"""

from __future__ import annotations

import pytest

from app.sentiment.scorer import SentimentScorer
from tests.unit.sentiment.sentiment_support import polarity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The predicate after "to be" binds to the forecast's object across an aside.
        (
            "The retailer expects its operating profit , excluding one-off items and "
            "currency effects , for the full year to be slightly lower than last year .",
            "negative",
        ),
        (
            "The group said it expects its net sales , at comparable exchange rates , "
            "for the current financial year to remain higher than a year ago .",
            "positive",
        ),
        (
            "It expects its costs , including the new logistics centre in the north , "
            "for next year to be lower .",
            "positive",
        ),
        # Without "to be" the short reach still applies: a far-off quantity stays unbound.
        (
            "The profit figure was published on Monday by the statistics office of the "
            "regional government , whose budget is lower .",
            "neutral",
        ),
    ],
)
def test_forecast_predicate_reach(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "With the purchase the firm will become the third largest bakery in the region.",
            "positive",
        ),
        ("The insurer aims at becoming the world 's biggest provider of marine cover.", "positive"),
        ("The brewer became the market leader in ciders last year.", "positive"),
        ("The start-up has become number one in online tyre sales.", "positive"),
        ("The chain will not become the largest grocer in the country.", "negative"),
        # "become" with an ordinary complement is not a rank.
        ("The chairman will become a member of the audit committee.", "neutral"),
        ("The plant became operational in March.", "neutral"),
    ],
)
def test_become_top_rank(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The refining margin has remained high .", "positive"),
        ("Order intake stayed high throughout the spring.", "positive"),
        ("Operating costs remained low in the period.", "positive"),
        ("Demand for newsprint remained low .", "negative"),
        ("Debt levels remain high .", "negative"),
        # No quantity before the verb: a level without an object says nothing.
        ("The water level remained high after the rains.", "neutral"),
        ("Temperatures stayed high all week.", "neutral"),
    ],
)
def test_level_held(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected
