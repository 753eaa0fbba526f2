"""One sentiment engine for all the rule tests."""

from __future__ import annotations

import pytest

from app.sentiment.engine import SentimentEngine


@pytest.fixture(scope="session")
def fin_engine() -> SentimentEngine:
    return SentimentEngine()
