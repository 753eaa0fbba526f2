"""Compatibility re-export: the engine lives in ``app.sentiment.engine``."""

from app.sentiment.engine import (
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
