"""Per-ticker, target-dependent scores and alias detection."""

from __future__ import annotations

from app.config import DEFAULT_ALIASES
from app.sentiment.scorer import SentimentScorer
from tests.unit.sentiment.sentiment_support import default_engine


def tickers(text: str, scorer: SentimentScorer | None = None) -> dict[str, float]:
    doc = (scorer or default_engine()).score_document(text)
    return {sym: t.score for sym, t in doc.tickers.items()}


def test_long_short_pair_binds_to_each_side() -> None:
    scores = tickers("We stay long SPY/QQQ, short VTWO.")
    assert scores["SPY"] > 0.15
    assert scores["QQQ"] > 0.15
    assert scores["VTWO"] < -0.15


def test_short_or_puts_as_hedge() -> None:
    scores = tickers("Short VTWO/IWM or buy puts as a hedge.")
    assert scores["VTWO"] < -0.15


def test_direction_binds_to_nearest_ticker() -> None:
    scores = tickers("NVDA rallied 4% while MSFT fell 2%.")
    assert scores["NVDA"] > 0.15
    assert scores["MSFT"] < -0.15


def test_single_ticker_gets_sentence_score() -> None:
    scorer = default_engine()
    text = "Microsoft beat estimates on strong cloud revenue."
    doc = scorer.score_document(text)
    assert doc.tickers["MSFT"].score == doc.sentences[0].score
    assert doc.tickers["MSFT"].mentions == 1


def test_aliases_and_cashtags() -> None:
    scorer = default_engine()
    doc = scorer.score_document(
        "Nvidia guided higher. Small caps lagged. $qqq was flat. The S&P 500 hit a record high."
    )
    assert set(doc.tickers) == {"NVDA", "VTWO", "QQQ", "SPY"}
    assert doc.tickers["NVDA"].score > 0
    assert doc.tickers["VTWO"].score < 0
    assert doc.sentences[1].tickers == ("VTWO",)


def test_plain_symbols_must_be_upper_case() -> None:
    doc = default_engine().score_document("The spy thriller sold well.")
    assert doc.tickers == {}


def test_universe_and_aliases_are_parameters() -> None:
    scorer = SentimentScorer(symbols=["AAPL"], aliases={"AAPL": ["Apple"]})
    scores = tickers("We are overweight Apple but short SPY.", scorer)
    assert set(scores) == {"AAPL"}
    assert scores["AAPL"] > 0.15


def test_default_aliases() -> None:
    assert "small caps" in DEFAULT_ALIASES["VTWO"]
    assert "Nvidia" in DEFAULT_ALIASES["NVDA"]
    assert "S&P 500" in DEFAULT_ALIASES["SPY"]


def test_selling_puts_is_bullish_for_the_underlying() -> None:
    scores = tickers("We sell puts on SPY.")
    assert scores["SPY"] > 0.15
    scores = tickers("Buy QQQ puts into the event.")
    assert scores["QQQ"] < -0.15


def test_benchmark_in_a_comparison_is_not_credited() -> None:
    scores = tickers("Nvidia outperformed the S&P 500 by 9% this quarter.")
    assert scores["NVDA"] > 0.15
    assert scores["SPY"] < 0.15
    # The subject is outside the universe: the benchmark still must not read positive.
    scores = tickers("Our quality basket outperformed the S&P 500 again.")
    assert scores["SPY"] < 0.15
    # The loser of a comparison reads the other way.
    scores = tickers("Small caps lagged the S&P 500 for a third month.")
    assert scores["VTWO"] < -0.15
    assert scores["SPY"] > -0.15
    # "both" between the comparison and the benchmarks does not hide them.
    scores = tickers("VTWO trails both SPY and QQQ by more than 15 points.")
    assert scores["VTWO"] < -0.15
    assert scores["SPY"] > -0.15 and scores["QQQ"] > -0.15


def test_pair_trade_hedge_leg() -> None:
    scores = tickers("We are overweight MSFT against the S&P 500.")
    assert scores["MSFT"] > 0.15
    assert scores["SPY"] < 0.15
    scores = tickers("Short NVDA against QQQ.")
    assert scores["NVDA"] < -0.15
    assert scores["QQQ"] > -0.15
    scores = tickers("Long MSFT versus QQQ.")
    assert scores["MSFT"] > 0.15
    assert scores["QQQ"] < 0.15


def test_selloff_as_buying_opportunity() -> None:
    scores = tickers("The selloff in small caps is a buying opportunity.")
    assert scores["VTWO"] > 0.15
    scores = tickers("We are buying the dip in QQQ.")
    assert scores["QQQ"] > 0.15
