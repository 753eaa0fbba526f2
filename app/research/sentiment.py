"""Compatibility re-export: the scorer lives in ``app.sentiment.scorer``."""

from app.sentiment.scorer import (
    DEFAULT_ALIASES,
    DEFAULT_SYMBOLS,
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
    "DEFAULT_ALIASES",
    "DEFAULT_SYMBOLS",
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
