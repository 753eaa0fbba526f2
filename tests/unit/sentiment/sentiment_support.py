"""Helpers for the rule tests."""

from __future__ import annotations

from app.config import DEFAULT_ALIASES, DEFAULT_TICKERS
from app.sentiment.scorer import SentimentScorer, coarse_label, label_for


def default_engine(use_learned: bool = True) -> SentimentScorer:
    """An scorer for the default universe and aliases, as configured in ``Settings``."""
    return SentimentScorer(DEFAULT_TICKERS, DEFAULT_ALIASES, use_learned=use_learned)


def polarity(scorer: SentimentScorer, text: str) -> str:
    """negative / neutral / positive, as the evaluation counts it."""
    return coarse_label(label_for(scorer.score_sentence(text)))
