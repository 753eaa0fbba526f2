"""One sentiment scorer for all the rule tests."""

from __future__ import annotations

import pytest

from app.sentiment.scorer import SentimentScorer


@pytest.fixture(scope="session")
def fin_scorer() -> SentimentScorer:
    return SentimentScorer()
