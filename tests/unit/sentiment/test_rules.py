"""Rule families of the finance layer, on sentences written for these tests."""

from __future__ import annotations

import pytest

from app.sentiment.scorer import SentimentScorer
from tests.unit.sentiment.sentiment_support import polarity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Good quantities up and down.
        ("Quarterly revenue rose 12% on strong demand for cloud services.", "positive"),
        ("The retailer said its operating profit increased to USD 40 million.", "positive"),
        ("Net sales fell 8% in the second quarter.", "negative"),
        ("Group EBITDA declined by a fifth year on year.", "negative"),
        ("The company cut its dividend.", "negative"),
        ("Order intake grew in all regions.", "positive"),
        # Bad quantities: the other way round.
        ("The net loss narrowed to EUR 3 million.", "positive"),
        ("The operating loss widened in the fourth quarter.", "negative"),
        ("Raw material costs rose sharply.", "negative"),
        ("The group managed to reduce its debt.", "positive"),
        ("The miner will lay off 400 workers.", "negative"),
        # From/to numbers and comparisons of figures.
        ("Pre-tax profit decreased to EUR 2.1 mn from EUR 3.4 mn.", "negative"),
        ("Operating income increased to EUR 7.5 mn from EUR 6.2 mn.", "positive"),
        ("Net profit was EUR 5.0 mn, compared with EUR 4.1 mn a year earlier.", "positive"),
        ("Revenue came in at USD 80 million versus USD 95 million last year.", "negative"),
        (
            "The unit posted an operating loss of EUR 1 mn, compared to a profit of EUR 2 mn.",
            "negative",
        ),
        ("Operating profit was EUR 4 mn, compared to a loss of EUR 1 mn a year ago.", "positive"),
        ("The software maker swung to a net loss in the quarter.", "negative"),
        ("The shipyard returned to profit in 2024.", "positive"),
    ],
)
def test_direction_times_quantity(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The chipmaker beat analyst estimates for the third straight quarter.", "positive"),
        ("Earnings per share came in above expectations.", "positive"),
        ("The bank missed consensus forecasts on weak trading income.", "negative"),
        ("Second-quarter margins were below expectations.", "negative"),
        ("Small caps outperformed large caps by 3% in March.", "positive"),
        ("The fund lagged its benchmark last year.", "negative"),
        ("Industrials underperformed the broader market.", "negative"),
        ("Results were better than expected.", "positive"),
    ],
)
def test_comparisons(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Valuations look less attractive after the run-up.", "negative"),
        ("Sales did not increase in the period.", "negative"),
        ("The outlook is no longer weak.", "positive"),
        ("The insurer failed to beat expectations.", "negative"),
        ("Margins were lower than expected.", "negative"),
        ("The group expects fewer orders next year.", "negative"),
    ],
)
def test_negators(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We are long NVDA into the print.", "positive"),
        ("We would short VTWO here.", "negative"),
        ("Buy puts on QQQ as the rally looks stretched.", "negative"),
        ("We added call spreads on SPY.", "positive"),
        ("We stay overweight MSFT.", "positive"),
        ("Move to underweight small caps.", "negative"),
        ("Hedge with VTWO puts.", "negative"),
        ("The broker upgraded the stock to buy from hold.", "positive"),
        ("Analysts downgraded the shares to sell.", "negative"),
        ("The price target was cut to USD 40 from USD 55.", "negative"),
    ],
)
def test_stance(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The company is headquartered in Espoo and employs 2,300 people.",
        "The agreement covers the supply of 40 cranes to the port.",
        "The value of the contract was not disclosed.",
        "Up to 300,000 new shares may be issued under the plan.",
        "The company agreed to sell its packaging unit to a private equity firm.",
        "The stake increased to 12% after the share issue.",
        "The dividend is payable to shareholders of record on 4 May.",
    ],
)
def test_factual_sentences_are_neutral(fin_scorer: SentimentScorer, text: str) -> None:
    assert polarity(fin_scorer, text) == "neutral"


def test_scores_are_bounded_and_pure(fin_scorer: SentimentScorer) -> None:
    text = "Profit soared, revenue surged, margins jumped and guidance was raised."
    first = fin_scorer.score_sentence(text)
    assert -1.0 <= first <= 1.0
    assert fin_scorer.score_sentence(text) == first
    assert fin_scorer.score_sentence("") == 0.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A comparative before "than" reaches back to the subject of the sentence.
        (
            "The operating loss for the fourth quarter of 2023 was USD 2 million smaller "
            "than the loss of the third quarter.",
            "positive",
        ),
        (
            "The net loss for the first half of the year was EUR 1.5 mn larger than the "
            "loss a year earlier.",
            "negative",
        ),
        # A change stated from a state: the figures decide.
        ("The unit made a loss of EUR 2 mn, an improvement from a loss of EUR 5 mn.", "positive"),
        (
            "Operating profit was USD 3 million, an improvement from a loss of USD 1 million.",
            "positive",
        ),
        ("The loss grew to EUR 4 mn, a deterioration from a loss of EUR 1 mn.", "negative"),
        # Improving or worsening is a judgement, whichever way the figure went.
        ("The net loss improved to EUR 1 mn from EUR 2 mn.", "positive"),
        ("The operating loss worsened in the second quarter.", "negative"),
        ("The operating loss was EUR 1 mn, an improvement on the previous year.", "positive"),
    ],
)
def test_loss_comparisons(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A move of the likelihood of a trouble applies to the trouble.
        ("The bank cuts its recession odds to 25% from 40%.", "positive"),
        ("Economists lower the probability of a downturn next year.", "positive"),
        ("The agency raised the risk of default on the bonds.", "negative"),
        ("Recession risks rose sharply in the third quarter.", "negative"),
        # Not when the trouble is only the reason for a move of something else.
        ("Sales fell amid recession risks.", "negative"),
    ],
)
def test_likelihood_of_trouble(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected
