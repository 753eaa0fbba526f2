"""Narrative parts of research notes: theses, risks, conditionals, macro drivers,
comparisons between tickers and mixed sentences, on sentences written for these tests."""

from __future__ import annotations

import pytest

from app.sentiment.scorer import SentimentScorer
from tests.unit.sentiment.sentiment_support import polarity


def _label(score: float) -> str:
    return "positive" if score >= 0.15 else "negative" if score <= -0.15 else "neutral"


@pytest.mark.parametrize(
    ("text", "symbol", "expected"),
    [
        # Trading into a move with the holding in between.
        ("We would sell small caps into strength.", "VTWO", "negative"),
        ("We would buy Nvidia on any weakness.", "NVDA", "positive"),
        ("The S&P 500 looks expensive at 22 times earnings.", "SPY", "negative"),
        ("The catalyst for Nvidia is the May print.", "NVDA", "neutral"),
        ("The next catalyst for Microsoft is its Build conference in May.", "MSFT", "neutral"),
        ("Our thesis on Microsoft rests on Azure growth re-accelerating.", "MSFT", "neutral"),
        ("Data-centre demand is a powerful tailwind for Nvidia.", "NVDA", "positive"),
        ("Strong cloud demand should keep driving Microsoft earnings higher.", "MSFT", "positive"),
        ("We expect Copilot adoption to support Microsoft revenue growth.", "MSFT", "positive"),
        ("Earnings revisions for the S&P 500 keep moving higher.", "SPY", "positive"),
        ("The key question for Nvidia is whether hyperscaler capex holds up.", "NVDA", "neutral"),
        ("Nvidia reports first-quarter results on May 22.", "NVDA", "neutral"),
        ("The main risk is a slowdown in cloud spending for Microsoft.", "MSFT", "negative"),
        ("The main risk to our Nvidia call is a slowdown in cloud spending.", "NVDA", "negative"),
        (
            "Downside risks for the S&P 500 include sticky inflation and weaker margins.",
            "SPY",
            "negative",
        ),
        ("Valuation is the main risk for Nvidia after the rally.", "NVDA", "negative"),
        ("A weaker consumer is a risk to S&P 500 earnings.", "SPY", "negative"),
        ("Concentration risk in the Nasdaq-100 has rarely been higher.", "QQQ", "negative"),
        ("A recession would hurt S&P 500 earnings.", "SPY", "negative"),
        ("A sharp rise in yields would weigh on the Nasdaq-100.", "QQQ", "negative"),
        ("A miss on Azure growth would likely pressure Microsoft shares.", "MSFT", "negative"),
        ("Higher tariffs could squeeze margins across the S&P 500.", "SPY", "negative"),
        ("Any sign of a capex pause would hurt Nvidia.", "NVDA", "negative"),
        ("Falling yields are a tailwind for the Russell 2000.", "VTWO", "positive"),
        ("Tariffs are a headwind for Nvidia.", "NVDA", "negative"),
        ("Higher rates remain a headwind for small caps.", "VTWO", "negative"),
        ("A weaker dollar is a tailwind for S&P 500 earnings.", "SPY", "positive"),
        ("A stronger dollar is a headwind for Microsoft's overseas revenue.", "MSFT", "negative"),
        ("Rising real yields weigh on the Nasdaq-100.", "QQQ", "negative"),
        ("Easing inflation is supportive for small caps.", "VTWO", "positive"),
        ("Sticky inflation keeps pressure on the Russell 2000.", "VTWO", "negative"),
        ("Export curbs continue to weigh on Nvidia's China sales.", "NVDA", "negative"),
        ("Rate cuts should benefit the Russell 2000 more than the S&P 500.", "VTWO", "positive"),
        ("Tighter financial conditions hurt small caps.", "VTWO", "negative"),
        ("Strong AI capex budgets continue to benefit Nvidia.", "NVDA", "positive"),
        ("Higher energy costs are a drag on S&P 500 margins.", "SPY", "negative"),
        ("MSFT has lagged QQQ by 8 points this year.", "MSFT", "negative"),
        ("Small caps outperformed the S&P 500 last month.", "VTWO", "positive"),
        ("Nvidia has outperformed the Nasdaq-100 by 40 points year to date.", "NVDA", "positive"),
        (
            "The Russell 2000 has underperformed the S&P 500 for three straight years.",
            "VTWO",
            "negative",
        ),
        ("Microsoft trailed the Nasdaq-100 in the first quarter.", "MSFT", "negative"),
        ("The Nasdaq-100 beat the S&P 500 again in June.", "QQQ", "positive"),
        # A valuation gap is a judgement: cheap relative to peers reads as a positive.
        ("Small caps trade at a steep discount to large caps.", "VTWO", "positive"),
        ("Nvidia trades at a premium to the Nasdaq-100 on forward earnings.", "NVDA", "negative"),
        ("The S&P 500 lagged global equities in the quarter.", "SPY", "negative"),
        ("Microsoft has underperformed Nvidia by a wide margin.", "MSFT", "negative"),
        ("Although Microsoft missed on revenue, Azure growth accelerated.", "MSFT", "positive"),
        ("Microsoft's cloud growth slowed, while costs kept rising.", "MSFT", "negative"),
        ("Small caps are cheap, but earnings keep disappointing.", "VTWO", "negative"),
        (
            "While valuations look stretched, earnings momentum in the Nasdaq-100 remains strong.",
            "QQQ",
            "positive",
        ),
        ("Despite weak breadth, the S&P 500 closed at a new high.", "SPY", "positive"),
        ("Risk/reward for Nvidia looks unattractive at these levels.", "NVDA", "negative"),
        ("We see 15% upside to our Microsoft target.", "MSFT", "positive"),
        ("We would fade the rally in small caps.", "VTWO", "negative"),
        ("The Nasdaq-100 looks expensive versus history.", "QQQ", "negative"),
        ("We are buyers of Microsoft on dips.", "MSFT", "positive"),
        ("Earnings momentum at Nvidia remains unmatched.", "NVDA", "positive"),
        ("Margins at Microsoft are set to expand.", "MSFT", "positive"),
        ("Guidance implies slowing growth for Nvidia.", "NVDA", "negative"),
        ("Refinancing needs are a growing burden for small caps.", "VTWO", "negative"),
        ("The S&P 500 faces a wall of worry into the election.", "SPY", "negative"),
        (
            "Microsoft is well positioned to benefit from enterprise AI adoption.",
            "MSFT",
            "positive",
        ),
        ("Nvidia is at risk of losing share to custom chips.", "NVDA", "negative"),
    ],
)
def test_narrative_per_ticker(
    fin_scorer: SentimentScorer, text: str, symbol: str, expected: str
) -> None:
    score = fin_scorer.score_document(text).tickers[symbol].score
    assert _label(score) == expected, (text, score)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Although sales fell, margins improved.", "positive"),
        # Guards: a cost is not a valuation; "weighs on" needs a figure or a market.
        ("The retailer cut its expensive weekend shifts.", "neutral"),
        ("Higher-than-expected costs weighed on the quarter.", "negative"),
        ("Margins were strong, but the outlook was cautious.", "negative"),
        ("Revenue fell short, although margins improved.", "positive"),
    ],
)
def test_narrative_sentences(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected
