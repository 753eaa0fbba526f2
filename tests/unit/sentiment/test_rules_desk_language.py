"""Market-desk and analyst vocabulary: setups, tapes, streaks, advice and verbs of
benefit, on sentences written here (full stops, so the rules' reading is what shows)."""

from __future__ import annotations

import pytest

from app.sentiment.scorer import SentimentScorer
from tests.unit.sentiment.sentiment_support import polarity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The brewer has been the outperformer of the consumer pack.", "positive"),
        ("Brokers see the pump maker as a possible multibagger.", "positive"),
        ("Hotel stocks look set for a run-up into the holidays.", "positive"),
        ("Shipbuilders are staging a comeback.", "positive"),
        ("A rerating of regional lenders looks likely.", "positive"),
        ("The cable maker looks undervalued against its peers.", "positive"),
        ("Demand stayed tepid through the quarter.", "negative"),
        ("It was a lacklustre session for exporters.", "negative"),
        ("Loan growth at state lenders remained muted.", "negative"),
        ("Utilities have been the laggards this year.", "negative"),
        ("A supply overhang hangs over the shares.", "negative"),
        ("An oversupply of crude keeps prices low.", "negative"),
        ("A credit crunch is hurting small lenders.", "negative"),
        ("The rout in emerging-market currencies deepened.", "negative"),
        ("Trading stayed choppy ahead of the decision.", "negative"),
        ("Traders remain wary of the miners.", "negative"),
    ],
)
def test_desk_vocabulary(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The index snapped a four-day losing streak.", "positive"),
        ("The index extended its losing streak to six sessions.", "negative"),
        ("The lender ended its winning run on Friday.", "negative"),
        ("The miner is on a winning streak.", "positive"),
    ],
)
def test_streaks_turn_when_ended(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Exporters will benefit from the weaker currency.", "positive"),
        ("Lenders are set to benefit as rates rise.", "positive"),
        ("The retailer benefits from lower freight costs.", "positive"),
        ("Employee benefits are paid in cash.", "neutral"),
        ("The plan includes a tax benefit for savers.", "neutral"),
    ],
)
def test_benefit_only_as_a_verb_of_what_comes(
    fin_scorer: SentimentScorer, text: str, expected: str
) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We are in a bear market for bonds.", "negative"),
        ("The bull run in chip stocks has further to go.", "positive"),
        ("The buyer will bear the costs of the transfer.", "neutral"),
    ],
)
def test_bear_and_bull_only_as_market_phases(
    fin_scorer: SentimentScorer, text: str, expected: str
) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Avoid aviation stocks for now: analyst",
        "Book profits in metal stocks at these levels.",
        "Caution is advised on sugar stocks.",
    ],
)
def test_advice_to_sell_or_hold_back(fin_scorer: SentimentScorer, text: str) -> None:
    assert polarity(fin_scorer, text) == "negative"


def test_ended_trouble_takes_its_object_along(fin_scorer: SentimentScorer) -> None:
    assert polarity(fin_scorer, "The rate cut eased fears of a credit crunch.") == "positive"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Under the deal the group will deliver nine storage tanks.", "neutral"),
        ("The fund's beneficiaries are two family trusts.", "neutral"),
        # "Zoom" the company is not the verb: the move decides.
        ("Shares of the video-call company Zoom rose 3%.", "positive"),
    ],
)
def test_everyday_words_stay_neutral_or_follow_the_move(
    fin_scorer: SentimentScorer, text: str, expected: str
) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Do not buy cement stocks: fund manager", "negative"),
        ("Go short in metal stocks: analyst", "negative"),
        ("Seek an exit from Initech: broker", "negative"),
        ("Exit Globex, says broker", "negative"),
        ("Go long on Initech", "positive"),
        ("Add Globex on dips: analyst", "positive"),
        ("Initech is a clear sell: broker", "negative"),
        ("Globex a strong buy, says broker", "positive"),
        ("Right time to buy chemical stocks: fund manager", "positive"),
        ("Good time to sell Initech, says broker", "negative"),
        ("Initech shares rise on export order; stk up", "positive"),
        ("Retail investors should avoid Globex: fund manager", "negative"),
        ("Suggest to buy Initech on dips, says broker", "positive"),
    ],
)
def test_headline_advice(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Exit from the joint venture was completed.",
        "The table breaks down the costs by region.",
        "Cracks were found in the hull.",
        "The coating gives corrosion resistance.",
        "The group plans to buy a packaging plant.",
        "The company should sell the unit by June.",
        "Time to sell the old headquarters has come, the board said.",
    ],
)
def test_advice_and_chart_words_need_their_context(fin_scorer: SentimentScorer, text: str) -> None:
    assert polarity(fin_scorer, text) == "neutral"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The stock is on the verge of breaking down.", "negative"),
        ("The index broke down below its 200-day average.", "negative"),
        ("The lender halted buybacks after the stress test.", "negative"),
        ("Shares saw a double-digit drop after the update.", "negative"),
        ("The company posted double digit growth.", "positive"),
    ],
)
def test_chart_breaks_halted_payouts_and_sizes(
    fin_scorer: SentimentScorer, text: str, expected: str
) -> None:
    assert polarity(fin_scorer, text) == expected
