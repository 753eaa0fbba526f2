"""Set phrases whose words mean something else, advice in a headline's later clause,
and moves that belong to the name right before them; on sentences written here."""

from __future__ import annotations

import pytest

from app.sentiment.scorer import SentimentScorer
from app.sentiment.targets import scorer_for_targets, target_scorer
from tests.unit.sentiment.sentiment_support import default_engine, polarity


@pytest.fixture(scope="module")
def rules_only() -> SentimentScorer:
    return default_engine(use_learned=False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Carmaker strikes a $2 billion supply deal with a battery maker", "neutral"),
        ("Regional lender strikes pact with fintech partner", "neutral"),
        ("Small explorer strikes gold in its second drilling season", "positive"),
        ("Dock workers strike at the main port, halting exports", "negative"),
        ("Union threatens to strike over pay cuts", "negative"),
        ("The port operator faces a strike despite the pay deal", "negative"),
    ],
)
def test_striking_a_deal_is_no_walkout(
    rules_only: SentimentScorer, text: str, expected: str
) -> None:
    assert polarity(rules_only, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Worst is over for cement makers, says fund manager",
        "The worst may well be behind the regional banks",
        "Steelmakers: worst seems to be over",
    ],
)
def test_the_worst_being_over_is_a_relief(rules_only: SentimentScorer, text: str) -> None:
    assert polarity(rules_only, text) == "positive"


def test_the_worst_alone_stays_bad(rules_only: SentimentScorer) -> None:
    assert polarity(rules_only, "Chemicals post their worst quarter in a decade") == "negative"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rupee off highs as importers buy dollars", "negative"),
        ("Copper off its record high on weak Chinese demand", "negative"),
        ("Metal stocks off the lows after the stimulus talk", "positive"),
    ],
)
def test_off_a_peak_or_trough(rules_only: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(rules_only, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Buy cement stocks with a stop loss at Rs 410", "positive"),
        ("Profit booking drags realty stocks lower", "negative"),
        ("Smaller lenders doing well this year", "positive"),
        ("Budget hopes fire up infrastructure stocks", "positive"),
    ],
)
def test_phrases_that_are_not_their_words(
    rules_only: SentimentScorer, text: str, expected: str
) -> None:
    assert polarity(rules_only, text) == expected


def test_smaller_still_compares_results(rules_only: SentimentScorer) -> None:
    assert polarity(rules_only, "Smaller losses at the carmaker this quarter") == "positive"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shares unlikely to rise further, says strategist", "negative"),
        ("Margins unlikely to improve much from here", "negative"),
        ("Retailers drop sharply on profit warning", "negative"),
        ("Metal prices drop on weak demand from builders", "negative"),
    ],
)
def test_unlikely_moves_and_moves_for_a_reason(
    rules_only: SentimentScorer, text: str, expected: str
) -> None:
    assert polarity(rules_only, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Outlook for cement makers hazy, but buy leaders on dips", "positive"),
        ("June quarter a blip; accumulate quality bank stocks on dips", "positive"),
        ("Are auto stocks losing steam? No, it's the right time to buy, says analyst", "positive"),
        ("Lenders rally; sell into strength, says chartist", "negative"),
    ],
)
def test_advice_in_a_later_clause(rules_only: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(rules_only, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Metals rally, energy slides as crude eases", "negative"),
        ("Cement stocks end lower; metals snap three sessions of gains", "negative"),
        ("Palm oil snaps a five-day decline on export demand", "positive"),
        ("Sugar stocks cap early gains as the rupee firms", "negative"),
    ],
)
def test_moves_kept_or_ended(rules_only: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(rules_only, text) == expected


def test_move_right_after_a_name_is_its_own() -> None:
    text = "Steel and copper rally as supply worries grow, aluminium sinks"
    score = target_scorer([("Steel", text), ("copper", text), ("aluminium", text)])
    assert score("aluminium", text) < -0.15
    assert score("Steel", text) > 0.15


def test_avoid_buying_is_advice_against() -> None:
    text = "Avoid buying Acme and Globex due to legal uncertainty: broker"
    score = target_scorer([("Acme", text), ("Globex", text)])
    assert score("Acme", text) < -0.15
    assert score("Globex", text) < -0.15


def test_outdone_peer_is_the_benchmark() -> None:
    scorer, (acme, globex) = scorer_for_targets(("Acme", "Globex"), use_learned=False)
    tickers = scorer.score_document("Acme poised to outdo Globex this year").tickers
    assert tickers[acme].score > 0.15
    assert tickers[globex].tone < 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pension fund trims stake in the cement maker to 4%", "negative"),
        ("Promoters cut shareholding by 6.5% in the March quarter", "negative"),
        ("The group plans to reduce its stake to 10 percent by 2027", "neutral"),
        ("Get out of the airline stocks now: chartist", "negative"),
        ("Investors should stay away from state-run lenders", "negative"),
        ("Staff were moved out of the old office", "neutral"),
        ("Sugar mills crack over 4% on export curbs", "negative"),
        ("Cracks are showing in the housing market", "neutral"),
        ("Banks tank as the regulator tightens lending norms", "negative"),
    ],
)
def test_holders_selling_and_exits(rules_only: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(rules_only, text) == expected


def test_stake_cut_binds_to_the_company_held() -> None:
    scorer, (fund, bank) = scorer_for_targets(("Acme Fund", "Globex Bank"), use_learned=False)
    tickers = scorer.score_document("Acme Fund trims stake in Globex Bank to 3%").tickers
    assert tickers[bank].tone < -0.15
    assert tickers[fund].tone > -0.15


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Invest in Railway stocks for the long haul: fund manager", "positive"),
        ("Go for Silver ETFs this festive season", "positive"),
        ("Good time to get into Bharat Forge: chartist", "positive"),
        ("Prefer Apollo Tyres among auto ancillaries: analyst", "positive"),
        ("Consider Coal India from a dividend angle", "positive"),
        ("Can buy Titan on declines: strategist", "positive"),
        ("Use every dip to buy quality lenders: broker", "positive"),
        ("Do not recommend Vodafone Idea at these levels", "negative"),
        ("The fund will invest in new plants", "neutral"),
        ("Traders get into position early in the session", "neutral"),
    ],
)
def test_advice_to_buy(rules_only: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(rules_only, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sovereign fund hikes stake in the port operator to 9%", "positive"),
        ("The insurer raised its stake in the lender to 12 percent", "positive"),
        ("Consider This Before Buying The Utility For Its Dividend", "neutral"),
        ("Nickel hits two-year low on weak demand from steelmakers", "negative"),
    ],
)
def test_stake_raised_and_title_case(rules_only: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(rules_only, text) == expected


def test_named_subjects_move_at_full_weight() -> None:
    names = ("Cement stocks", "Acme")
    scorer, (cement, acme) = scorer_for_targets(names, use_learned=False)
    text = "Cement stocks rebound after a steep fall; Acme slips early"
    tickers = scorer.score_document(text).tickers
    assert tickers[cement].tone > 0.15
    assert tickers[acme].tone < -0.15


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The index loses momentum ahead of the expiry", "negative"),
        ("Stocks edge up as inflation worry ebbs", "positive"),
        ("Trade war fears recede, lifting exporters", "positive"),
        ("Cement maker's quarterly net tanks 40% on fuel costs", "negative"),
        ("The rupee sinks deeper against the dollar", "negative"),
        ("Use the fall in the drugmaker to buy it: fund manager", "positive"),
        ("The streaming stock loses a bull.", "negative"),
    ],
)
def test_things_lost_troubles_ebbing(rules_only: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(rules_only, text) == expected


def test_a_kept_rating_binds_to_the_name_after_it() -> None:
    scorer, (broker, bank) = scorer_for_targets(
        ("Acme Securities", "Globex Bank"), use_learned=False
    )
    tickers = scorer.score_document("Acme Securities maintains 'Buy' on Globex Bank").tickers
    assert tickers[bank].tone > 0.15
    assert abs(tickers[broker].tone) < 0.15


@pytest.mark.parametrize(
    "text",
    [
        "Maintain 'Buy' on the cement maker: broker",
        "Broker starts Titan with 'buy', targets Rs 900",
    ],
)
def test_ratings_kept_or_started(rules_only: SentimentScorer, text: str) -> None:
    assert polarity(rules_only, text) == "positive"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("South Korean won slips against the dollar", "negative"),
        ("The engineering group won a large rail contract", "positive"),
    ],
)
def test_the_korean_won(rules_only: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(rules_only, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The toolmaker reports higher net profit and revenue", "positive"),
        ("Paper mill posts lower operating profit for the June quarter", "negative"),
        ("Brokerages up target price for the software exporter", "positive"),
        ("The benchmark index makes a fresh lifetime high", "positive"),
        ("Stocks up on hopes of a trade deal", "positive"),
    ],
)
def test_results_described_and_levels(
    rules_only: SentimentScorer, text: str, expected: str
) -> None:
    assert polarity(rules_only, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Monsoon delay hits fertiliser stocks", "negative"),
        ("Lenders to be hit by the new provisioning norm", "negative"),
        ("Bank index hits a record high", "positive"),
        ("Cement makers weighed down by fuel costs", "negative"),
        ("Rate cut hopes fade as inflation stays sticky", "negative"),
        ("The rupee fails to maintain early gains", "negative"),
        ("Short sell Acme Paints: chartist", "negative"),
    ],
)
def test_blows_fading_hopes_and_gains_kept(
    rules_only: SentimentScorer, text: str, expected: str
) -> None:
    assert polarity(rules_only, text) == expected


def test_an_all_caps_sector_is_an_advice_object(rules_only: SentimentScorer) -> None:
    assert polarity(rules_only, "Right time to buy IT stocks: strategist") == "positive"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Investors are ready to take on more risk again", "positive"),
        ("The lender takes on more risk in its loan book", "negative"),
        ("European stocks slip from record highs after the data", "negative"),
        ("Asian markets recover early losses", "positive"),
    ],
)
def test_risk_appetite_and_moves_from_a_level(
    rules_only: SentimentScorer, text: str, expected: str
) -> None:
    assert polarity(rules_only, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Worried about fund outflows? Inflows should resume soon", "neutral"),
        ("Expect flat earnings growth from the utility this year", "neutral"),
        ("Cement makers to report sluggish growth", "negative"),
        ("Near-term outlook for shipbuilders grim", "negative"),
    ],
)
def test_weak_growth_grim_outlooks_and_answered_worries(
    rules_only: SentimentScorer, text: str, expected: str
) -> None:
    assert polarity(rules_only, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gains in copper limited as demand cools", "negative"),
        ("Upside capped near 1,200 for the cable maker", "negative"),
        ("Limited downside for the lender from here", "positive"),
    ],
)
def test_gains_held_back(rules_only: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(rules_only, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Higher rates weigh on the regional banks.", "negative"),
        ("Refinancing needs weigh on small-cap balance sheets.", "negative"),
        ("Small-cap multiples keep compressing.", "negative"),
        ("Software valuations expanded through the quarter.", "positive"),
        ("The gap in forward multiples has narrowed.", "neutral"),
    ],
)
def test_burdens_and_multiples(rules_only: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(rules_only, text) == expected
