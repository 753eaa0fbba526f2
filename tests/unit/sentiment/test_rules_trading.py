"""Rule families added in fin-1.2, on sentences written for these tests.

Options trades and flow, trading into a move ("buy the dip"), short interest,
price-target and rating moves, side clauses after "while", questions, and
direction verbs that need a figure ("cut", "reduce").
"""

from __future__ import annotations

import pytest

from app.sentiment.scorer import SentimentScorer
from tests.unit.sentiment.sentiment_support import default_engine, polarity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Writing options takes the other side of buying them.
        ("We sell puts on the index into the close.", "positive"),
        ("Traders are writing calls on the stock.", "negative"),
        ("Short puts on the chipmaker look cheap.", "positive"),
        # Options flow.
        ("The retailer sees unusual call activity ahead of earnings.", "positive"),
        ("Heavy put buying hit the airline stocks.", "negative"),
        # Trading into a move, and a fall read as a chance.
        ("We keep buying the dip in the chip names.", "positive"),
        ("Investors bought the pullback in bank stocks.", "positive"),
        ("Desks would sell the rally in long bonds.", "negative"),
        ("The selloff in utilities is a buying opportunity.", "positive"),
        ("The bounce in cruise lines is a selling opportunity.", "negative"),
        ("A good entry point for patient holders.", "positive"),
        # Short interest is a bearish figure.
        ("Short interest in the carmaker rises to a record.", "negative"),
        ("Short interest in the miner falls sharply.", "positive"),
        # Chart emoji.
        ("Chip stocks 📈 after the earnings call", "positive"),
        ("Airline stocks 📉 today", "negative"),
    ],
)
def test_trading_language(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Brokerage PT raised to $45 from $38 at a regional bank.", "positive"),
        ("Toolmaker cut to Neutral at a regional broker.", "negative"),
        ("The insurer is cut to Equal Weight at a large bank.", "negative"),
        ("The grocer is raised to Neutral from Sell.", "positive"),
        ("The bank cut the homebuilder to Sell.", "negative"),
    ],
)
def test_rating_and_target_moves(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "cut" and "reduce" need a figure or a quantity.
        ("The plant will add a cutting and welding line.", "neutral"),
        ("The brewer plans to reduce the use of plastic wrap.", "neutral"),
        ("The group will cut up to 40 jobs at the plant.", "negative"),
        ("The carrier will cut about 300 jobs this year.", "negative"),
        ("The programme will reduce costs by 10 %.", "positive"),
        # A figure after "more than" / "less than" still makes the word a move.
        ("The index was up more than 400 points by midday.", "positive"),
        ("The stock is down more than 6 % this week.", "negative"),
        # The clause after ", while" is a side remark.
        ("Parts sales rose 12 % , while service sales fell 3 % .", "positive"),
        ("Export volumes fell 9 % , while domestic volumes edged up 1 % .", "negative"),
        # What happened "since" the last such event is background.
        (
            "Copper demand is expected to rise for the first time since prices collapsed.",
            "positive",
        ),
        ("Orders fell for the first time since the merger was completed.", "negative"),
        # A question asks; it does not assert.
        ("Is the toolmaker a strong buy right now?", "neutral"),
        ("Should investors worry about the margin?", "neutral"),
    ],
)
def test_clauses_and_bound_verbs(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


def test_buy_ticker_then_option_word() -> None:
    fin_scorer = default_engine()
    doc = fin_scorer.score_document("Buy SPY puts as a hedge. We own NVDA calls.")
    assert doc.tickers["SPY"].score < -0.15
    assert doc.tickers["NVDA"].score > 0.15


@pytest.mark.parametrize(
    ("text", "symbol", "expected"),
    [
        # A house view moved to a neutral weight: the verb gives the sign.
        ("We cut NVDA to neutral.", "NVDA", "negative"),
        ("We are trimming exposure and cutting MSFT to market weight.", "MSFT", "negative"),
        ("We raise QQQ to equal weight after the selloff.", "QQQ", "positive"),
        # Taking profits is selling.
        ("We are taking profits in NVDA.", "NVDA", "negative"),
        # Adding into weakness is buying the dip; trimming into strength is selling.
        ("We reiterate our overweight on MSFT and would add on weakness.", "MSFT", "positive"),
        ("We would trim QQQ into strength.", "QQQ", "negative"),
        ("Take some profits on QQQ and add to VTWO.", "QQQ", "negative"),
        ("Take some profits on QQQ and add to VTWO.", "VTWO", "positive"),
    ],
)
def test_house_views_on_a_ticker(
    fin_scorer: SentimentScorer, text: str, symbol: str, expected: str
) -> None:
    score = fin_scorer.score_document(text).tickers[symbol].score
    label = "positive" if score >= 0.15 else "negative" if score <= -0.15 else "neutral"
    assert label == expected, (text, symbol, score)


@pytest.mark.parametrize(
    "text",
    [
        "The company took a profit of EUR 5 mn on the sale of the unit.",
        "The staff were moved to a new office in Espoo.",
        "The unit was moved to Helsinki in 2005.",
    ],
)
def test_results_and_moves_that_are_not_house_views(fin_scorer: SentimentScorer, text: str) -> None:
    assert polarity(fin_scorer, text) == "neutral"


def test_adding_to_weakness_is_not_buying_it(fin_scorer: SentimentScorer) -> None:
    assert polarity(fin_scorer, "Higher rates add to weakness in housing.") == "negative"
