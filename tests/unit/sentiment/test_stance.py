"""Per-ticker stance in notes, on passages written for these tests: explicit calls
decide, tone decides otherwise, references carry across sentences, benchmarks and
recaps read neutral."""

from __future__ import annotations

import pytest

from app.config import DEFAULT_ALIASES
from app.sentiment.scorer import SentimentScorer, coarse_label
from app.sentiment.targets import KNOWN_ALIASES

UNIVERSE = ("VTWO", "SPY", "QQQ", "NVDA", "MSFT", "JPM", "TLT", "AMD", "XLF")
# The catalogue's names where it has them ("Azure" is MSFT), else the configured defaults.
ALIASES = {**DEFAULT_ALIASES, **{s: KNOWN_ALIASES[s] for s in UNIVERSE if s in KNOWN_ALIASES}}


@pytest.fixture(scope="module")
def scorer() -> SentimentScorer:
    return SentimentScorer(UNIVERSE, ALIASES)


def stance(scorer: SentimentScorer, text: str) -> dict[str, str]:
    doc = scorer.score_document(text)
    return {sym: coarse_label(t.label) for sym, t in doc.tickers.items()}


# (text, expected per-ticker stance, expected overall) — one line per rule family.
PASSAGES = [
    # A rating decides over praise (bullish words around a bearish call).
    (
        "Nvidia's execution has been superb and demand for its chips is remarkable. "
        "We nonetheless cut NVDA to Underperform: the valuation already assumes perfection.",
        {"NVDA": "negative"},
        "negative",
    ),
    # A rating decides over gloom (bearish words around a bullish call).
    (
        "Bond funds have suffered heavy redemptions and the mood is grim. "
        "We upgrade TLT to Buy because inflation is cooling faster than priced.",
        {"TLT": "positive"},
        "positive",
    ),
    # A kept Hold with a target near the price is neutral, whatever the tone.
    (
        "Microsoft delivered another excellent quarter. We keep MSFT at Hold with a $410 "
        "target, close to the current price.",
        {"MSFT": "neutral"},
        "neutral",
    ),
    # A price target well below the price is a bearish call.
    (
        "Our $70 target for AMD sits 25% below the last close.",
        {"AMD": "negative"},
        "negative",
    ),
    # A pair: the long leg positive, the short leg negative, neutral overall.
    (
        "We go long QQQ and short VTWO, beta-neutral. Net exposure is unchanged.",
        {"VTWO": "negative", "QQQ": "positive"},
        "neutral",
    ),
    # A funding leg is negative; the net add decides the overall call.
    (
        "We add to JPM, funded by trimming SPY. Net, equity exposure rises slightly.",
        {"JPM": "positive", "SPY": "negative"},
        "positive",
    ),
    # A rotation: out of one into the other.
    (
        "We rotate out of QQQ into VTWO as earnings breadth improves.",
        {"QQQ": "negative", "VTWO": "positive"},
        "neutral",
    ),
    # The view carries across sentences through "the company" and "the shares".
    (
        "JPM reports on Friday. The company faces rising deposit costs and weaker fees. "
        "The shares look expensive, and we would sell them.",
        {"JPM": "negative"},
        "negative",
    ),
    # A benchmark named only for comparison is neutral.
    (
        "We reiterate Buy on NVDA; the stock has beaten the S&P 500 by 30 points this year.",
        {"NVDA": "positive", "SPY": "neutral"},
        "positive",
    ),
    # A descriptive recap with no view is neutral, however loaded the verbs.
    (
        "Small caps were crushed on Tuesday. The Russell 2000 sank 3.1% while the Nasdaq-100 "
        "slid 2%. Volumes soared and breadth collapsed.",
        {"VTWO": "neutral", "QQQ": "neutral"},
        "neutral",
    ),
    # Options: bought puts are bearish for the underlying, written puts bullish.
    (
        "We buy puts on VTWO and sell puts on SPY.",
        {"VTWO": "negative", "SPY": "positive"},
        "neutral",
    ),
    # A condition is not the call: the Overweight stands.
    (
        "We stay Overweight MSFT. If Azure growth slowed below 20%, we would cut to Underweight.",
        {"MSFT": "positive"},
        "positive",
    ),
    # Without any call, the tone decides.
    (
        "Nvidia's data-center orders keep accelerating and margins are expanding.",
        {"NVDA": "positive"},
        "positive",
    ),
]


@pytest.mark.parametrize(("text", "labels", "overall"), PASSAGES)
def test_passage_stance(
    scorer: SentimentScorer, text: str, labels: dict[str, str], overall: str
) -> None:
    doc = scorer.score_document(text)
    got = {sym: coarse_label(doc.tickers[sym].label) for sym in labels}
    assert got == labels
    assert coarse_label(doc.label) == overall


def test_action_binds_to_its_object() -> None:
    # The broker is named first; the target cut is for the bank after "for".
    scorer = SentimentScorer(("GS", "BBVA"), {"GS": ("Goldman",), "BBVA": ("BBVA",)})
    doc = scorer.score_document("Goldman cut its price target for BBVA to EUR 9 from EUR 11.")
    assert coarse_label(doc.tickers["BBVA"].label) == "negative"
    assert doc.tickers["BBVA"].call is not None
    assert doc.tickers["GS"].call is None


def test_call_json_names_kind_and_evidence(scorer: SentimentScorer) -> None:
    text = "Breadth is improving. We move to Overweight VTWO with a $96 target against $81 now."
    ticker = scorer.score_document(text).to_dict()["tickers"]["VTWO"]
    assert set(ticker) == {"score", "label", "mentions", "tone", "call"}
    assert ticker["call"]["kind"] == "rating"
    assert ticker["call"]["sentence"] == 1
    assert ticker["call"]["text"].startswith("We move to Overweight")
    assert isinstance(ticker["tone"], float)


def test_third_party_positions_are_not_calls(scorer: SentimentScorer) -> None:
    # Hedge funds selling is a report of flows, not the author's call.
    doc = scorer.score_document("Hedge funds are selling QQQ.")
    assert doc.tickers["QQQ"].call is None


def test_neither_add_nor_trim_is_neutral(scorer: SentimentScorer) -> None:
    doc = scorer.score_document(
        "AMD shipped a strong quarter. We neither add to nor trim AMD at this price."
    )
    assert coarse_label(doc.tickers["AMD"].label) == "neutral"


def test_others_cutting_exposure_is_not_our_net_call(scorer: SentimentScorer) -> None:
    text = (
        "Macro funds have cut exposure to equities for six straight weeks. "
        "We see that as a contrarian signal and buy SPY on weakness."
    )
    doc = scorer.score_document(text)
    assert coarse_label(doc.label) == "positive"
    ours = scorer.score_document("Net, our equity exposure falls by three points.")
    assert coarse_label(ours.label) == "negative"


# Pair-trade notes: the thesis is bearish on small caps, the pair is how it is expressed.
# A PM reads each as mildly negative overall, VTWO negative and the long legs positive.
PAIR_NOTES = [
    "Small caps: time to cut the beta\n\n"
    "The Russell 2000 has lagged the market leaders all year; VTWO trails both SPY and QQQ "
    "by more than 15 points. Small-cap multiples are compressing as refinancing costs "
    "climb.\n\nWe recommend cutting small-cap beta now, either with a short in VTWO or with "
    "puts on it. For those who want to stay invested, we prefer a long SPY/QQQ, short VTWO "
    "pair.\n\nNvidia and Microsoft continue to carry index earnings, and their guidance keeps "
    "rising. The main risk to the pair is crowding: if positioning unwinds, it can amplify "
    "drawdowns on both legs.",
    "We see further downside for small caps. The Russell 2000 lagged the mega-cap leaders "
    "again in November, and small-cap multiples keep compressing. We recommend a long "
    "SPY/QQQ, short VTWO pair to cut small-cap beta; investors who cannot short can buy puts "
    "on VTWO instead. Large-cap earnings, led by NVDA and MSFT, continue to surprise to the "
    "upside. The trade is crowded, which could amplify drawdowns if it reverses.",
    "Cutting small-cap beta\n\nSmall caps have lagged the market leaders all year, and VTWO "
    "trails SPY and QQQ by a wide margin. We recommend cutting small-cap beta: short VTWO or "
    "buy puts on it, funded by a long SPY/QQQ, short VTWO pair. Refinancing needs weigh on "
    "small-cap balance sheets and their multiples are compressing. Crowding risk in the "
    "mega-cap trade can amplify drawdowns, but we stay long NVDA and MSFT, where earnings "
    "keep beating estimates.",
]


@pytest.mark.parametrize("text", PAIR_NOTES)
def test_pair_trade_note_reads_mildly_bearish(scorer: SentimentScorer, text: str) -> None:
    doc = scorer.score_document(text)
    assert -0.45 <= doc.score <= -0.15, doc.score
    assert coarse_label(doc.tickers["VTWO"].label) == "negative"
    for sym in ("SPY", "QQQ", "NVDA", "MSFT"):
        assert coarse_label(doc.tickers[sym].label) == "positive", sym


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # The option after "or buy" belongs to the second call, not to "short VTWO".
        ("We would short VTWO or buy puts on it.", -1.0),
        ("We recommend a short in VTWO or puts on it.", -1.0),
        ("Buy VTWO December 80 puts.", -1.0),
        ("Buy VTWO calls.", 1.0),
    ],
)
def test_option_binds_only_right_after_its_ticker(
    scorer: SentimentScorer, text: str, value: float
) -> None:
    call = scorer.score_document(text).tickers["VTWO"].call
    assert call is not None and call["value"] == value, call


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Adding and paring in other words than "add" and "trim".
        ("We are increasing our S&P 500 holding by two points through SPY.", {"SPY": 1.0}),
        ("We are lightening our QQQ position by a third.", {"QQQ": -1.0}),
        ("We are selling our entire NVDA position.", {"NVDA": -1.0}),
        ("We lift MSFT to Overweight.", {"MSFT": 1.0}),
        # Active "funding X by selling Y" funds X; passive "funded by … Y" makes Y the leg.
        ("We are funding a new QQQ position by selling VTWO.", {"QQQ": 1.0, "VTWO": -1.0}),
        ("We buy JPM, funded by a matching reduction in SPY.", {"JPM": 1.0, "SPY": -1.0}),
        # A holding that stays where it is: a neutral call.
        ("We cut QQQ; our SPY holding stays where it is.", {"QQQ": -1.0, "SPY": 0.0}),
        ("We sold our last JPM shares.", {"JPM": -1.0}),
        ("We took profits on half our NVDA holding.", {"NVDA": -1.0}),
        ("We have built a full-size position in MSFT.", {"MSFT": 1.0}),
        (
            "We sell a quarter of our QQQ position and put the proceeds into TLT.",
            {"QQQ": -1.0, "TLT": 1.0},
        ),
        ("We are stepping aside from MSFT and closing out the position.", {"MSFT": -1.0}),
        ("We are buying protection through three-month SPY puts.", {"SPY": -1.0}),
        ("We are topping up QQQ by two points.", {"QQQ": 1.0}),
        # Holding back from a buy is a negative call; an imperative opener speaks for us.
        ("Avoid chasing NVDA here.", {"NVDA": -1.0}),
        ("We would avoid adding to QQQ at these levels.", {"QQQ": -1.0}),
        ("Fund the QQQ add by selling VTWO.", {"QQQ": 1.0, "VTWO": -1.0}),
        ("Prefer MSFT over NVDA into the print.", {"MSFT": 1.0, "NVDA": -1.0}),
        ("Exit the VTWO position.", {"VTWO": -1.0}),
        ("We are adding back equity exposure through SPY and QQQ.", {"SPY": 1.0, "QQQ": 1.0}),
        (
            "We are taking 2 points off NVDA and rotating them into MSFT.",
            {"NVDA": -1.0, "MSFT": 1.0},
        ),
        ("We buy a three-month put spread on VTWO.", {"VTWO": -1.0}),
        (
            "We are increasing NVDA, funding it by selling the same amount of SPY.",
            {"NVDA": 1.0, "SPY": -1.0},
        ),
        ("Financials pair: long XLF, short JPM, beta-neutral.", {"XLF": 1.0, "JPM": -1.0}),
        ("We are raising SPY by 5 points using cash.", {"SPY": 1.0}),
        ("We recommend buying the NVDA two-month 120/105 put spread.", {"NVDA": -1.0}),
        ("We recommend a VTWO put spread.", {"VTWO": -1.0}),
        # "It" refers back to the name before it in the same sentence.
        ("The committee reviewed the QQQ holding and voted to cut it.", {"QQQ": -1.0}),
        # A position verb with no object acts on the ticker in focus.
        ("AMD jumped 11% after hours. We would use the strength to sell.", {"AMD": -1.0}),
        ("NVDA is off 5% on a rumor. Adding here, with a stop below $110.", {"NVDA": 1.0}),
        ("We are adding duration through TLT.", {"TLT": 1.0}),
        (
            "We sell part of our SPY holding and use the proceeds to buy VTWO.",
            {"SPY": -1.0, "VTWO": 1.0},
        ),
        ("We are neutral on AMD.", {"AMD": 0.0}),
        # A benchmark that a weight is set against takes no call.
        (
            "NVDA should lag. We are trimming the position to an underweight against QQQ, our "
            "benchmark.",
            {"NVDA": -1.0, "QQQ": None},
        ),
        # "The stock" right before the rating word is its object, not the name before it.
        (
            "We like MSFT. Relative to QQQ, which we use as the yardstick for our coverage, we "
            "expect the stock to outperform.",
            {"MSFT": 1.0, "QQQ": None},
        ),
        # The other leg when the first is not a followed name.
        ("We prefer Airbus over AMD.", {"AMD": -1.0}),
        ("We are long gold against QQQ.", {"QQQ": -1.0}),
        # A headline's subject is what the call acts on.
        ("JPM: we cut the position in half.", {"JPM": -1.0}),
        ("AMD: downgrade to Underweight on weaker margins", {"AMD": -1.0}),
        # A move to a neutral rating takes its direction from the old one.
        ("We move AMD to Neutral from Buy.", {"AMD": -0.6}),
        ("We lift JPM to Neutral from Underweight.", {"JPM": 0.6}),
        # Targets: moved between two figures, against the price in words.
        ("NVDA: price objective to $210 from $175.", {"NVDA": 0.6}),
        ("MSFT: price target lowered to $380.", {"MSFT": -0.6}),
        ("Our $120 NVDA target sits below the current price.", {"NVDA": -1.0}),
        ("We leave our JPM target at $290, close to where shares trade.", {"JPM": 0.0}),
        (
            "The AMD target goes to $340 from $345, a level that barely differs from the last "
            "trade.",
            {"AMD": 0.0},
        ),
        # "The stock" binds the rating to the ticker in focus, not to the next name.
        (
            "AMD keeps winning share. We keep the stock at Neutral, and we hold the same "
            "Neutral rating on NVDA.",
            {"AMD": 0.0, "NVDA": 0.0},
        ),
    ],
)
def test_call_wordings(
    scorer: SentimentScorer, text: str, expected: dict[str, float | None]
) -> None:
    tickers = scorer.score_document(text).tickers
    got = {sym: (tickers[sym].call or {}).get("value") for sym in expected}
    assert got == expected


@pytest.mark.parametrize(
    ("text", "overall"),
    [
        # The first calls alone would read negative (one buy, one sale of two funds).
        (
            "We buy SPY and sell QQQ, and we trim VTWO as well. Overall, we add equity risk.",
            "positive",
        ),
        ("We buy JPM. The net effect on equity exposure is zero.", "neutral"),
        ("We swap 3 points from TLT into SPY, keeping the total allocation unchanged.", "neutral"),
        (
            "We sell QQQ and put the proceeds into VTWO. The switch leaves net equity exposure "
            "where it was.",
            "neutral",
        ),
        (
            "We are buying protection through three-month SPY puts. Net, the hedge cuts the "
            "portfolio's equity delta by a quarter.",
            "negative",
        ),
        # One name's allocation is not the book's: the stated net decides.
        (
            "We sell TLT. Proceeds go to cash, and our SPY allocation is unchanged. Net, total "
            "portfolio exposure falls.",
            "negative",
        ),
        ("We add to SPY and trim TLT. Net, the portfolio takes on more risk.", "positive"),
        ("We cut VTWO and add TLT. Net, risk is being taken down by about 4 points.", "negative"),
        ("We buy QQQ and sell VTWO; overall equity exposure does not change.", "neutral"),
        (
            "We sell TLT and buy SPY in equal amounts, so our net invested position is unchanged.",
            "neutral",
        ),
        ("We raise SPY and trim TLT, which leaves our net exposure higher.", "positive"),
        # A rating outranks the position word on the same name.
        ("We initiate on AMD with a Hold rating.", "neutral"),
        # "Long bonds" describes an asset: a recap stays a recap.
        (
            "Long bonds rallied and TLT rose 0.9% after a soft jobs report. Volume was light. "
            "Breadth improved across the curve.",
            "neutral",
        ),
        # A switch nets out by design: however bullish the reason, it is neutral.
        (
            "We rotate out of TLT into SPY. The S&P 500 should benefit from a broad earnings "
            "recovery.",
            "neutral",
        ),
        # "Risk" that is not the book's exposure states no net change.
        ("We add to SPY and trim VTWO. The main risk to our view is a cut in rates.", "positive"),
    ],
)
def test_stated_net_exposure(scorer: SentimentScorer, text: str, overall: str) -> None:
    assert coarse_label(scorer.score_document(text).label) == overall
