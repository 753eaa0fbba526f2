"""Rule families added in fin-1.1, on sentences written for these tests.

Market moves, analyst actions, levels, troubles ended, corporate-statement
positives and the clause rules ("despite", cause clauses after a move).
"""

from __future__ import annotations

import pytest

from app.sentiment.scorer import ENGINE_VERSION, SentimentScorer
from tests.unit.sentiment.sentiment_support import polarity


def test_engine_version_bumped() -> None:
    assert ENGINE_VERSION == "fin-2.5"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Market moves without a figure, read from their context.
        ("European shares open higher after the holiday.", "positive"),
        ("Copper edges lower with traders waiting for factory data.", "negative"),
        ("The chipmaker gains on an upbeat product launch.", "positive"),
        ("Regional banks slide after a weak quarter from a peer.", "negative"),
        ("Bond funds stumble as inflation picks up.", "negative"),
        ("Why shares of the toy maker are tanking today.", "negative"),
        ("The yen shows slight gains against the dollar.", "positive"),
        ("Futures point to a higher open on Wall Street.", "positive"),
    ],
)
def test_market_moves(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Brent crude trades at a 6-month low.", "negative"),
        ("The index closed at a new high.", "positive"),
        ("Lumber futures hit a 52-week high.", "positive"),
        ("The retailer sets records for revenue and cash flow.", "positive"),
        ("The Nasdaq finished above its record close.", "positive"),
        ("Bookings hit a new record in the spring.", "positive"),
    ],
)
def test_levels_and_records(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A regional broker ups the lender to buy.", "positive"),
        ("The software maker gains a bull at a large bank.", "positive"),
        ("The streaming stock loses a bull.", "negative"),
        ("Buy Acme and Globex ahead of earnings.", "positive"),
        ("Media stocks: Sell, and sell short.", "negative"),
        ("Asset managers have never been this bullish on utilities.", "positive"),
        ("The bank sees upside in the merger.", "positive"),
        ("More downside ahead for cruise lines.", "negative"),
    ],
)
def test_analyst_actions(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The retailer topped revenue estimates.", "positive"),
        ("The game studio helped the publisher top bookings estimates.", "positive"),
        ("The drugmaker reports estimate-beating quarterly results.", "positive"),
        ("Quarterly revenue tops $2 billion for the first time.", "positive"),
    ],
)
def test_results_against_expectations(
    fin_scorer: SentimentScorer, text: str, expected: str
) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The regulator ends its probe into the insurer.", "positive"),
        ("The carmaker settles the emissions lawsuit.", "positive"),
        ("The port operator averts a strike with a new pay deal.", "positive"),
        ("Consumers shrug off the industry's woes.", "positive"),
        ("The airline did not avoid bankruptcy.", "negative"),
    ],
)
def test_troubles_ended(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The government will halve tariffs on imported machinery.", "positive"),
        ("The state raises taxes on tobacco makers.", "negative"),
        ("Profit before taxes fell to EUR 3 mn from EUR 5 mn.", "negative"),
        ("The net loss from continuing operations narrowed to EUR 2 mn.", "positive"),
        ("The mill operator will close three plants.", "negative"),
        ("The group will terminate the contracts of 40 employees.", "negative"),
        ("The insurer will reduce the number of its office staff by 30.", "negative"),
        ("Retailers put thousands of employees on furlough.", "negative"),
        ("The recovery stalled in the third quarter.", "negative"),
    ],
)
def test_corporate_actions(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sales of outdoor gear progressed well in the spring.", "positive"),
        ("The new model has been well received by customers.", "positive"),
        ("The new line makes production more efficient.", "positive"),
        ("The deal will strengthen the group's capital structure.", "positive"),
        ("The plan will cut working costs.", "positive"),
        ("The project will stabilise costs and improve supply security.", "positive"),
        ("The quarterly operating loss was EUR 3 mn, compared to a loss of EUR 5 mn.", "positive"),
        (
            "The yard swung to a EUR 1.2 mln net profit in 2024 from a EUR 0.4 mln net loss.",
            "positive",
        ),
    ],
)
def test_corporate_statements(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "despite …" is the concession: the main clause decides.
        ("Stocks sink despite strong jobs data.", "negative"),
        ("Despite weak demand, the company raised its dividend.", "positive"),
        # After a move, "as / on" opens its reason, which counts less.
        ("Oil slides as producers may not agree deeper output cuts.", "negative"),
        ("Crude rises on expected output cuts.", "positive"),
    ],
)
def test_clauses(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The bank operates in more than 20 countries.",
        "The loan falls due in March 2030.",
        "The group has taken up the option to buy the remaining shares.",
        "Shareholders of record on 2 May receive the dividend.",
        "Her speech went into great detail, as well as covering the budget.",
    ],
)
def test_new_rules_leave_facts_neutral(fin_scorer: SentimentScorer, text: str) -> None:
    assert polarity(fin_scorer, text) == "neutral"


def test_curly_apostrophe_negator(fin_scorer: SentimentScorer) -> None:
    assert polarity(fin_scorer, "The plan isn’t sitting well with investors.") == "negative"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "lower" after a move verb or a figure is the price's move, not an eased trouble.
        ("Stocks end lower on a weak outlook.", "negative"),
        ("Copper shares edge lower on supply worries.", "negative"),
        ("The retailer closed 4% lower on weak holiday sales.", "negative"),
        ("Bonds eased on fears of a slowdown.", "negative"),
        # A lessening verb with its trouble as the object is still relief.
        ("The rate cut lowered recession fears.", "positive"),
        ("The central bank's move eased fears of a credit crunch.", "positive"),
    ],
)
def test_lower_as_a_move_or_as_relief(
    fin_scorer: SentimentScorer, text: str, expected: str
) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A participle after a comma is the subject's own move, not a change in the
        # figure named before it.
        ("Retailers are leading the market's losses, falling more than 2%.", "negative"),
        # Fears brushed aside take what they were about with them.
        ("Stocks rebound strongly, brushing aside fears of a slowing economy.", "positive"),
        ("The lender had a brush with bankruptcy in 2009.", "negative"),
        # Leading a move: "X leads gains", "losses led by X".
        ("Chipmakers lead gains on the index.", "positive"),
        ("Utilities led losses in a quiet session.", "negative"),
    ],
)
def test_moves_led_and_fears_brushed_aside(
    fin_scorer: SentimentScorer, text: str, expected: str
) -> None:
    assert polarity(fin_scorer, text) == expected
