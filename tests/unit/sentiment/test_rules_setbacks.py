"""Setbacks stated without a figure: burdens, snags, breaches, losses of standing."""

from __future__ import annotations

import pytest

from app.sentiment.scorer import SentimentScorer
from tests.unit.sentiment.sentiment_support import polarity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The quarter was burdened by one-off restructuring charges.", "negative"),
        ("Interest costs remain a heavy burden for the retailer.", "negative"),
        ("The planned merger has hit a snag over the share exchange ratio.", "negative"),
        ("A court found that the printer maker violated two patents.", "negative"),
        ("The retailer settled the patent infringement claim.", "positive"),
        ("The two carriers are embroiled in a dispute over landing fees.", "negative"),
        ("The outlook remains unstable after the strike.", "negative"),
        ("New measures failed to stem the disputes.", "negative"),
        ("The new management stemmed the losses.", "positive"),
    ],
)
def test_setback_words(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Baltic subsidiary closed the year in red.", "negative"),
        ("The airline is expected to stay in the red this year.", "negative"),
        ("The ferry operator has been in the black since 2019.", "positive"),
        ("The Red Cross opened a new office in Riga.", "neutral"),
        ("The black paint range was discontinued.", "neutral"),
    ],
)
def test_result_state_colours(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The component supplier lost a major customer in Germany.", "negative"),
        ("The drugmaker loses patent case against a generic rival.", "negative"),
        ("The carrier lost its spot as the country's largest airline.", "negative"),
        ("The bank has not lost a single client this year.", "positive"),
        ("The shipyard won a new contract.", "positive"),
    ],
)
def test_losing_what_a_company_holds(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Announced job cuts doubled in March.", "negative"),
        ("The bank plans 300 job cuts in its retail unit.", "negative"),
        ("Job cuts slowed sharply in the fourth quarter.", "positive"),
    ],
)
def test_job_cuts_read_as_layoffs(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The board rejected the bid as too low.", "negative"),
        ("Analysts say the shares are still too expensive.", "negative"),
        ("It is too early to say how the merger will affect results.", "neutral"),
        ("The sales team met the client, too.", "neutral"),
    ],
)
def test_too_plus_judgement(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The miner will scale back production at two sites.", "negative"),
        ("The retailer scaled back its expansion plans.", "negative"),
        ("The insurer is scaling back operating costs.", "positive"),
    ],
)
def test_scale_back(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The region is at risk of losing a decade of growth.", "negative"),
        ("Up to 300 jobs are at risk at the plant.", "negative"),
        ("The bank's value at risk fell in the quarter.", "positive"),
    ],
)
def test_at_risk(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The regulator ordered the bank to pay a fine of EUR 2 million.", "negative"),
        ("The airline faces a fine over late refunds.", "negative"),
        ("Branding has become a fine art for the group.", "neutral"),
    ],
)
def test_fine_as_penalty(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Two cargo ships got stuck in ice off the coast.", "negative"),
        ("The company stuck to its full-year guidance.", "neutral"),
    ],
)
def test_stuck(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The mill laid off 120 workers in March.", "negative"),
        ("Staff were laid off at the Oulu plant.", "negative"),
        ("The new contract laid the groundwork for the partnership.", "neutral"),
        ("The board laid out its plans for the merged unit.", "neutral"),
    ],
)
def test_laid_only_with_off(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The fund booked gains and losses on its currency hedges.", "neutral"),
        ("The deal will result in a profit or loss that cannot yet be estimated.", "neutral"),
        ("The survey ranks the best and worst performing retailers.", "neutral"),
        ("The group swung to a loss in the third quarter.", "negative"),
        ("Operating profit rose and losses narrowed.", "positive"),
    ],
)
def test_coordinated_opposites_name_a_range(
    fin_scorer: SentimentScorer, text: str, expected: str
) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The retailer is suspending its dividend .", "negative"),
        ("Regulator suspends trading in the miner's shares", "negative"),
        ("Analysts expect more corporate bankruptcies in the sector .", "negative"),
        ("Analysts see a worrying trend in the order book .", "negative"),
    ],
)
def test_setback_inflections(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A burden the company faces is a setback, even before it has a figure.
        ("The new terminal will face delays next year .", "negative"),
        ("Airlines are facing higher fuel costs this winter .", "negative"),
        # Facing something that is not a burden says nothing.
        ("The plant faces the river on its northern side .", "neutral"),
    ],
)
def test_facing_a_burden(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Moving to the sidelines is stepping away from a stock.
        ("Broker moves to the sidelines on the chipmaker", "negative"),
        ("Investors stay on the sidelines ahead of the vote .", "negative"),
        # The sidelines of a meeting are a place.
        ("The ministers met on the sidelines of the summit .", "neutral"),
    ],
)
def test_sidelines(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected
