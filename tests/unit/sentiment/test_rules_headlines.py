"""Headline phrasings: abandoned bids, investor flows, approvals, on sentences written here."""

from __future__ import annotations

import pytest

from app.sentiment.scorer import SentimentScorer
from tests.unit.sentiment.sentiment_support import polarity


@pytest.mark.parametrize(
    "text",
    [
        "The toolmaker drops its bid for a smaller rival.",
        "Activist investor drops opposition to the merger.",
        "Did analysts drop the ball on this retailer?",
    ],
)
def test_drop_with_abandoned_object_is_not_a_fall(fin_scorer: SentimentScorer, text: str) -> None:
    assert polarity(fin_scorer, text) == "neutral"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chip stocks drop 4% after the forecast.", "negative"),
        ("Profit dropped 12% in the quarter.", "negative"),
    ],
)
def test_drop_as_a_move_still_counts(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pension funds are selling shares of the utility.", "negative"),
        ("Insiders are cashing out of the chipmaker.", "negative"),
        ("Insiders keep buying the regional lender.", "positive"),
        ("Institutions are done buying the software group.", "negative"),
        ("Investors aren't done buying the retailer.", "positive"),
    ],
)
def test_investor_flows(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The company is selling its packaging unit.",
        "The group completed buying the remaining shares.",
        "Funds from the sale will be used for buying equipment.",
    ],
)
def test_deals_are_not_investor_flows(fin_scorer: SentimentScorer, text: str) -> None:
    assert polarity(fin_scorer, text) == "neutral"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lender shares rally on Northern Capital's stake.", "positive"),
        ("Retail stocks slide on holiday sales data.", "negative"),
    ],
)
def test_price_subject_binds_the_move(
    fin_scorer: SentimentScorer, text: str, expected: str
) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The biotech earns drug approval in Japan.", "positive"),
        ("Regulators have granted priority review for the company's lead therapy.", "positive"),
        ("The medtech group obtains EU clearance for its heart pump.", "positive"),
    ],
)
def test_regulatory_approvals(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The bank grants customers a three-month payment holiday.",
        "The board asked shareholders for approval of the share issue.",
    ],
)
def test_approval_mentions_stay_neutral(fin_scorer: SentimentScorer, text: str) -> None:
    assert polarity(fin_scorer, text) == "neutral"


def test_deal_named_inside_the_object(fin_scorer: SentimentScorer) -> None:
    text = "The driller inks North Sea LNG supply deal with a utility."
    assert polarity(fin_scorer, text) == "positive"


@pytest.mark.parametrize(
    "text",
    [
        "The automaker reaches a settlement with the tax office over the valuation claim.",
        "The airline reached agreement with the pilots' union.",
    ],
)
def test_settlements_reached(fin_scorer: SentimentScorer, text: str) -> None:
    assert polarity(fin_scorer, text) == "positive"
