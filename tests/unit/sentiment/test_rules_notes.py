"""Phrasing common in research notes, on sentences written for these tests."""

from __future__ import annotations

import pytest

from app.sentiment.scorer import SentimentScorer
from tests.unit.sentiment.sentiment_support import polarity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A comparative before a noun describes that noun, not a figure said earlier.
        ("Margins came under pressure from higher depreciation.", "negative"),
        ("The index trades at its highest multiple since 2021.", "neutral"),
        ("Futures point to a lower open after the jobs report.", "negative"),
        ("Wall Street is set for a higher open.", "positive"),
        # After a verb the comparative is still the move of its subject.
        ("Quarterly sales were higher than a year ago.", "positive"),
        ("Depreciation rose 12% as new data centres came online.", "negative"),
        # Pressure and limits on the upside.
        ("Gross margins remain under pressure.", "negative"),
        ("We see limited upside from current levels.", "negative"),
        ("We see little downside from here.", "positive"),
    ],
)
def test_note_phrasing(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "symbol", "expected"),
    [
        # The contract's tenor or strike may sit between the trade and the option.
        ("We buy three-month QQQ puts.", "QQQ", "negative"),
        ("We buy the December $400 QQQ puts.", "QQQ", "negative"),
        ("We buy long-dated NVDA calls.", "NVDA", "positive"),
        # Upside calls are a strike, not a move.
        ("We buy QQQ puts and sell upside calls to pay for them.", "QQQ", "negative"),
        # A hedge of the sentence's subject.
        ("The Nasdaq-100 looks stretched; we hedge with puts.", "QQQ", "negative"),
        # A preference among index variants names the index.
        ("Investors should prefer the equal-weight S&P 500 for now.", "SPY", "positive"),
    ],
)
def test_option_and_preference_stance(
    fin_scorer: SentimentScorer, text: str, symbol: str, expected: str
) -> None:
    score = fin_scorer.score_document(text).tickers[symbol].score
    label = "positive" if score >= 0.15 else "negative" if score <= -0.15 else "neutral"
    assert label == expected, (text, score)


def test_a_hedge_without_a_ticker_is_not_a_stance(fin_scorer: SentimentScorer) -> None:
    assert polarity(fin_scorer, "The fund hedges with options on currencies.") == "neutral"
