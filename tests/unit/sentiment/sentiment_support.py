"""Helpers for the rule tests."""

from __future__ import annotations

from app.sentiment.scorer import SentimentScorer, coarse_label, label_for


def polarity(scorer: SentimentScorer, text: str) -> str:
    """negative / neutral / positive, as the evaluation counts it."""
    return coarse_label(label_for(scorer.score_sentence(text)))
