"""One sentiment scorer for all the rule tests."""

from __future__ import annotations

import pytest

from app.config import DEFAULT_ALIASES, DEFAULT_TICKERS
from app.sentiment.scorer import SentimentScorer

# The rule tests were written for a universe that also calls SPY "S&P" (the shipped
# configuration says only "S&P 500"); "S&P downgraded the retailer to junk status."
# reads negative only when "S&P" is a named subject.
RULE_TEST_ALIASES = {**DEFAULT_ALIASES, "SPY": [*DEFAULT_ALIASES["SPY"], "S&P"]}


@pytest.fixture(scope="session")
def fin_scorer() -> SentimentScorer:
    return SentimentScorer(DEFAULT_TICKERS, RULE_TEST_ALIASES)
