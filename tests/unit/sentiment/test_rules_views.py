"""House views in research notes, on sentences written for these tests: ratings,
positions added, trimmed, closed or rotated, price targets, valuation judgements,
risk/reward and conviction, each read for the ticker it is about."""

from __future__ import annotations

import pytest

from app.sentiment.scorer import SentimentScorer
from tests.unit.sentiment.sentiment_support import polarity


def _ticker_label(scorer: SentimentScorer, text: str, symbol: str) -> str:
    score = scorer.score_document(text).tickers[symbol].score
    return "positive" if score >= 0.15 else "negative" if score <= -0.15 else "neutral"


@pytest.mark.parametrize(
    ("text", "symbol", "expected"),
    [
        ("We downgrade Nvidia to underweight after the run.", "NVDA", "negative"),
        ("We upgrade NVDA to overweight on data-center demand.", "NVDA", "positive"),
        ("Nvidia remains our top pick in semiconductors.", "NVDA", "positive"),
        ("NVDA is our highest-conviction long.", "NVDA", "positive"),
        ("We are trimming our NVDA position into strength.", "NVDA", "negative"),
        ("We exit our remaining Nvidia position.", "NVDA", "negative"),
        ("We add to NVDA on the pullback.", "NVDA", "positive"),
        ("Our new price target of $160 implies 20% upside for NVDA.", "NVDA", "positive"),
        ("Our $100 target implies 15% downside for Nvidia.", "NVDA", "negative"),
        ("We raise our NVDA price target to $180.", "NVDA", "positive"),
        ("We cut our price target on Nvidia to $110.", "NVDA", "negative"),
        ("At 45 times earnings, NVDA looks expensive.", "NVDA", "negative"),
        ("Nvidia is priced for perfection.", "NVDA", "negative"),
        ("Nvidia trades at a discount to its five-year average multiple.", "NVDA", "positive"),
        ("NVDA looks cheap relative to its growth.", "NVDA", "positive"),
        ("Risk/reward on NVDA is unattractive at these levels.", "NVDA", "negative"),
        ("We see a favorable risk/reward in Nvidia.", "NVDA", "positive"),
        ("We would avoid NVDA ahead of the print.", "NVDA", "negative"),
        ("We would fade the rally in Nvidia.", "NVDA", "negative"),
        ("We are buyers of NVDA on dips.", "NVDA", "positive"),
        ("We stay long NVDA.", "NVDA", "positive"),
        ("We remain constructive on Nvidia.", "NVDA", "positive"),
        ("We are cautious on NVDA into earnings.", "NVDA", "negative"),
        ("Valuation for Nvidia is stretched.", "NVDA", "negative"),
        ("We reiterate our buy rating on NVDA.", "NVDA", "positive"),
        ("We would take profits in Nvidia here.", "NVDA", "negative"),
        ("Nvidia is one of our least preferred names.", "NVDA", "negative"),
        ("We upgrade Microsoft to buy from hold.", "MSFT", "positive"),
        ("We downgrade MSFT to neutral on cloud deceleration.", "MSFT", "negative"),
        ("Microsoft screens as inexpensive versus megacap peers.", "MSFT", "positive"),
        ("MSFT trades at a premium to its history and looks fully valued.", "MSFT", "negative"),
        ("We see 25% upside to our $500 Microsoft target.", "MSFT", "positive"),
        ("Microsoft is our top pick for 2025.", "MSFT", "positive"),
        ("Microsoft still looks like a good buy at these levels.", "MSFT", "positive"),
        ("NVDA and MSFT remain our best bets in software and chips.", "MSFT", "positive"),
        ("Microsoft is one of the top software picks for next year.", "MSFT", "positive"),
        ("Microsoft should do well as cloud demand holds up.", "MSFT", "positive"),
        ("At this price Microsoft is a risky bet.", "MSFT", "negative"),
        ("Microsoft looks good into the print.", "MSFT", "positive"),
        ("It does not look good for Microsoft's cloud unit.", "MSFT", "negative"),
        ("We initiate coverage of MSFT with an outperform rating.", "MSFT", "positive"),
        ("We initiate on Microsoft at underperform.", "MSFT", "negative"),
        ("We are adding to MSFT.", "MSFT", "positive"),
        ("We reduce our Microsoft overweight.", "MSFT", "negative"),
        ("We lower our MSFT target to $380.", "MSFT", "negative"),
        ("Microsoft offers an attractive entry point after the selloff.", "MSFT", "positive"),
        ("We see limited upside in MSFT from here.", "MSFT", "negative"),
        ("Microsoft shares look undervalued.", "MSFT", "positive"),
        ("Microsoft shares look overvalued.", "MSFT", "negative"),
        ("We have high conviction in Microsoft.", "MSFT", "positive"),
        ("We have low conviction in MSFT near term.", "MSFT", "negative"),
        ("The risk/reward for Microsoft is skewed to the upside.", "MSFT", "positive"),
        ("The risk/reward for MSFT is skewed to the downside.", "MSFT", "negative"),
        ("Microsoft's valuation is undemanding.", "MSFT", "positive"),
        ("We keep Microsoft at equal weight.", "MSFT", "neutral"),
        ("We maintain our hold rating on MSFT.", "MSFT", "neutral"),
        ("We rotate out of QQQ into VTWO.", "QQQ", "negative"),
        ("We rotate out of QQQ into VTWO.", "VTWO", "positive"),
        ("Rotate from QQQ into VTWO.", "QQQ", "negative"),
        ("Rotate from QQQ into VTWO.", "VTWO", "positive"),
        ("We are underweight the Nasdaq-100.", "QQQ", "negative"),
        ("We move to overweight QQQ.", "QQQ", "positive"),
        ("The Nasdaq-100 looks expensive at 30 times forward earnings.", "QQQ", "negative"),
        ("We would sell QQQ into strength.", "QQQ", "negative"),
        ("We stay short QQQ.", "QQQ", "negative"),
        ("We cover our QQQ short.", "QQQ", "positive"),
        ("QQQ is crowded and vulnerable to a pullback.", "QQQ", "negative"),
        ("We see 10% downside for the Nasdaq-100.", "QQQ", "negative"),
        ("Our year-end target for QQQ implies 8% upside.", "QQQ", "positive"),
        ("We close our QQQ underweight.", "QQQ", "positive"),
        ("We turn bullish on QQQ.", "QQQ", "positive"),
        ("We remain bearish on the Nasdaq-100.", "QQQ", "negative"),
        ("Pair trade: long SPY, short QQQ.", "SPY", "positive"),
        ("Pair trade: long SPY, short QQQ.", "QQQ", "negative"),
        ("We raise our S&P 500 year-end target to 6,500.", "SPY", "positive"),
        ("We lower our S&P 500 target to 5,200.", "SPY", "negative"),
        ("The S&P 500 looks expensive relative to bonds.", "SPY", "negative"),
        ("We are neutral on SPY.", "SPY", "neutral"),
        ("We prefer SPY over QQQ.", "SPY", "positive"),
        ("We prefer SPY over QQQ.", "QQQ", "negative"),
        ("We would buy SPY on any dip.", "SPY", "positive"),
        ("We cut our S&P 500 exposure.", "SPY", "negative"),
        ("We increase our SPY allocation.", "SPY", "positive"),
        ("The S&P 500 trades at a discount to its long-run average.", "SPY", "positive"),
        ("The S&P 500 is priced for perfection.", "SPY", "negative"),
        ("We stay overweight SPY.", "SPY", "positive"),
        ("We upgrade small caps to overweight.", "VTWO", "positive"),
        ("We downgrade the Russell 2000 to underweight.", "VTWO", "negative"),
        ("Small caps look cheap relative to large caps.", "VTWO", "positive"),
        ("Small caps trade at a steep discount to history.", "VTWO", "positive"),
        ("We would avoid VTWO until rates fall.", "VTWO", "negative"),
        ("We add VTWO to our model portfolio.", "VTWO", "positive"),
        ("Long VTWO / short SPY is our favourite pair.", "VTWO", "positive"),
        ("Long VTWO / short SPY is our favourite pair.", "SPY", "negative"),
        ("We see 18% upside for the Russell 2000.", "VTWO", "positive"),
        ("We are sellers of VTWO rallies.", "VTWO", "negative"),
        ("Small caps are a value trap.", "VTWO", "negative"),
        ("We take profits on our VTWO long.", "VTWO", "negative"),
        ("We initiate a long position in VTWO.", "VTWO", "positive"),
    ],
)
def test_house_view_per_ticker(
    fin_scorer: SentimentScorer, text: str, symbol: str, expected: str
) -> None:
    assert _ticker_label(fin_scorer, text, symbol) == expected, text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Valuation words need a linking verb or a trading price: goods and share issues
        # priced low are not a valuation call.
        ("The retailer sells cheap clothing.", "neutral"),
        ("Shares were offered at a discount to the market price.", "neutral"),
        # A switch without a ticker, a closure of a plant: no position.
        ("The company plans to switch suppliers next year.", "neutral"),
        ("We close our Helsinki plant.", "neutral"),
        # A rating named before "rating" or "recommendation".
        ("The buy recommendation was reiterated.", "positive"),
        ("The sell rating was kept.", "negative"),
        # Closing words in plain news keep their own reading.
        ("Analysts lower their price targets.", "negative"),
        ("The stock looks cheap after the selloff.", "positive"),
        ("Valuation is stretched.", "negative"),
        ("The stock is fully valued.", "negative"),
    ],
)
def test_house_view_sentence(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


def test_the_index_a_discount_is_measured_against_is_the_benchmark(
    fin_scorer: SentimentScorer,
) -> None:
    doc = fin_scorer.score_document("The Russell 2000 trades at a steep discount to the S&P 500.")
    assert doc.tickers["VTWO"].score >= 0.15
    # Named only as the benchmark: neutral in the note's stance, the opposite in tone.
    assert doc.tickers["SPY"].label == "neutral"
    assert doc.tickers["SPY"].tone <= -0.15


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Best Buy opened two new stores in Ohio.", "neutral"),  # the retailer's name
        ("The miner placed a bet on lithium.", "neutral"),  # a bet made, not recommended
    ],
)
def test_a_pick_or_bet_needs_its_qualifier(
    fin_scorer: SentimentScorer, text: str, expected: str
) -> None:
    assert polarity(fin_scorer, text) == expected
