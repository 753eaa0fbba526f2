"""Company-news constructions: deals won, levels stated, figures compared."""

from __future__ import annotations

import pytest

from app.sentiment.scorer import SentimentScorer
from tests.unit.sentiment.sentiment_support import polarity


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
def test_levels_stated(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The kind of order or contract may be named before the noun.
        ("The shipyard has received two ferry hull orders.", "positive"),
        ("The engineering group received a large bridge maintenance contract.", "positive"),
        # A deal noun that is not the verb's object does not count.
        ("Number of bids received for the tender is three.", "neutral"),
    ],
)
def test_deals_named_by_kind(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The carmaker will build a plant in Ohio, creating 300 jobs.", "positive"),
        ("The software house plans to recruit about 40 new engineers next year.", "positive"),
        ("The retailer hired more than 1,000 seasonal workers.", "positive"),
        # Without a count it is not a statement about jobs created.
        ("The bank plans to recruit new engineers to replace retiring staff.", "neutral"),
        ("The merger would create the region's second-biggest carrier.", "neutral"),
    ],
)
def test_jobs_created(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Savings and synergies stated as a figure or as achieved are a gain.
        ("The restructuring is expected to bring annual cost savings of EUR 4 mn.", "positive"),
        ("The merger will yield synergies of about USD 30 million a year.", "positive"),
        ("The programme aims to achieve substantial savings.", "positive"),
        # Named without a figure they are only a topic.
        ("The bank launched new savings accounts for children.", "neutral"),
        ("The unit has synergies with the group's other businesses.", "neutral"),
    ],
)
def test_savings_stated(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Pay is a cost to the company that reports it.
        ("Board members agreed to a temporary salary cut of 10%.", "positive"),
        ("The mill said its wages rose 6% under the new agreement.", "negative"),
        ("The airline expects salaries to increase sharply next year.", "negative"),
    ],
)
def test_pay_is_a_cost(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Legal and trade burdens removed are good news.
        ("The court dismissed all charges against the former chief executive.", "positive"),
        ("Washington lifts tariffs on imported steel.", "positive"),
        # Not when the verb only ends a period that had charges in it.
        ("The group ended the year with charges of EUR 5 mn.", "neutral"),
    ],
)
def test_burdens_removed(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A result stated as a negative total is a loss.
        ("Operating profit for the period was EUR -2.4 mn .", "negative"),
        ("The unit's result totalled SEK -12 million in 2008 .", "negative"),
        # As the baseline of a comparison it is the old figure.
        ("Net profit was EUR 3.1 mn , compared to EUR -0.8 mn a year ago .", "positive"),
        # A move to a negative level is scored by its direction word.
        ("Net orders rose to -40 in November from -95 in October .", "positive"),
    ],
)
def test_negative_totals(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A trouble lessened is good news.
        ("The central bank's move eased fears of a credit crunch .", "positive"),
        ("Forecasters reduce recession odds for next year", "positive"),
        ("The chief executive sought to allay concerns about the merger .", "positive"),
        # A move that only happens amid a trouble is still a move.
        ("Copper prices eased amid fears of a slowdown .", "negative"),
    ],
)
def test_troubles_lessened(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected
