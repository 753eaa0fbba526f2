"""Helpers for the rule tests."""

from __future__ import annotations

from app.sentiment.engine import SentimentEngine, coarse_label, label_for


def polarity(engine: SentimentEngine, text: str) -> str:
    """negative / neutral / positive, as the evaluation counts it."""
    return coarse_label(label_for(engine.score_sentence(text)))
