"""Sentiment label bands at their edges, and the document result shape."""

from __future__ import annotations

import pytest

from app.sentiment.scorer import (
    ENGINE_VERSION,
    coarse_label,
    label_for,
)
from tests.unit.sentiment.sentiment_support import default_engine


@pytest.mark.parametrize(
    ("score", "label"),
    [
        (-1.0, "negative"),
        (-0.50, "negative"),
        (-0.4999, "mildly negative"),
        (-0.28, "mildly negative"),
        (-0.15, "mildly negative"),
        (-0.1499, "neutral"),
        (0.0, "neutral"),
        (0.1499, "neutral"),
        (0.15, "mildly positive"),
        (0.4999, "mildly positive"),
        (0.50, "positive"),
        (1.0, "positive"),
    ],
)
def test_label_bands(score: float, label: str) -> None:
    assert label_for(score) == label


@pytest.mark.parametrize(
    ("label", "coarse"),
    [
        ("negative", "negative"),
        ("mildly negative", "negative"),
        ("neutral", "neutral"),
        ("mildly positive", "positive"),
        ("positive", "positive"),
    ],
)
def test_coarse_label(label: str, coarse: str) -> None:
    assert coarse_label(label) == coarse


def test_coarse_label_rejects_unknown() -> None:
    with pytest.raises(ValueError):
        coarse_label("bullish")


def test_document_to_dict_shape() -> None:
    doc = default_engine().score_document(
        "# Weekly note\n\n- Nvidia beat estimates.\n- We trim **VTWO** on weak breadth.\n"
    )
    data = doc.to_dict()
    assert set(data) == {"score", "label", "sentences", "tickers", "engine_version"}
    assert data["engine_version"] == ENGINE_VERSION
    assert data["label"] == label_for(data["score"])
    assert -1.0 <= data["score"] <= 1.0
    for s in data["sentences"]:
        assert set(s) == {"text", "score", "label", "tickers", "learned"}
        assert isinstance(s["tickers"], list)
    for t in data["tickers"].values():
        assert set(t) == {"score", "label", "mentions", "tone", "call"}
    assert [s["text"] for s in data["sentences"]] == [
        "Weekly note",
        "Nvidia beat estimates.",
        "We trim VTWO on weak breadth.",
    ]
    assert data["tickers"]["NVDA"]["score"] > 0
    assert data["tickers"]["VTWO"]["score"] < 0


def test_document_weights_opinion_over_fact() -> None:
    scorer = default_engine()
    doc = scorer.score_document(
        "Operating profit jumped 40%. The company is based in Oslo. It has 900 staff."
    )
    assert 0.15 <= doc.score < doc.sentences[0].score


def test_empty_document() -> None:
    doc = default_engine().score_document("")
    assert doc.score == 0.0
    assert doc.label == "neutral"
    assert doc.sentences == ()
    assert doc.tickers == {}


def test_a_document_past_its_budget_raises_between_sentences() -> None:
    from app.sentiment.scorer import ScoringBudgetExceeded

    scorer = default_engine()
    text = "NVDA rose. MSFT fell. " * 20
    with pytest.raises(ScoringBudgetExceeded) as info:
        scorer.score_document(text, budget=0.0)
    assert info.value.budget == 0.0
    assert scorer.score_document(text, budget=60.0).sentences  # a fair budget scores it all
