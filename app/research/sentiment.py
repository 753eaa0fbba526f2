"""Compatibility re-export: the engine lives in ``app.sentiment.engine``."""

from app.sentiment.engine import (
    DEFAULT_ALIASES,
    DEFAULT_SYMBOLS,
    ENGINE_VERSION,
    LABELS,
    DocumentScore,
    ScoringBudgetExceeded,
    SentenceScore,
    SentimentEngine,
    TickerScore,
    coarse_label,
    label_for,
    split_sentences,
)

__all__ = [
    "DEFAULT_ALIASES",
    "DEFAULT_SYMBOLS",
    "ENGINE_VERSION",
    "LABELS",
    "DocumentScore",
    "ScoringBudgetExceeded",
    "SentenceScore",
    "SentimentEngine",
    "TickerScore",
    "coarse_label",
    "label_for",
    "split_sentences",
]
