"""Helpers for the rule tests."""

from __future__ import annotations

from app.config import DEFAULT_ALIASES, DEFAULT_TICKERS
from app.sentiment.engine import SentimentEngine, coarse_label, label_for


def default_engine(use_learned: bool = True) -> SentimentEngine:
    """An engine for the default universe and aliases, as configured in ``Settings``."""
    return SentimentEngine(DEFAULT_TICKERS, DEFAULT_ALIASES, use_learned=use_learned)


def polarity(engine: SentimentEngine, text: str) -> str:
    """negative / neutral / positive, as the evaluation counts it."""
    return coarse_label(label_for(engine.score_sentence(text)))
