"""Compatibility re-export: the scorer lives in ``app.sentiment.scorer``."""

from app.sentiment.scorer import (
    ENGINE_VERSION,
    LABELS,
    DocumentScore,
    ScoringBudgetExceeded,
    SentenceScore,
    SentimentScorer,
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
    "SentimentScorer",
    "TickerScore",
    "coarse_label",
    "label_for",
    "split_sentences",
]
