"""Analyst actions and market moves, on sentences written for these tests.

Ratings and price targets in their usual phrasings, share and index moves (gains pared
or extended, streaks, levels, breadth, crossings, investor flows) and macro headlines
as they bear on markets, with neutral sentences (scheduled events, plain levels) that
guard against misfires.
"""

from __future__ import annotations

import pytest

from app.sentiment.scorer import SentimentScorer
from tests.unit.sentiment.sentiment_support import polarity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The chipmaker was upgraded to Buy at a regional broker.", "positive"),
        ("A large bank upgrades the retailer to Outperform.", "positive"),
        ("The airline was downgraded to Sell by a major bank.", "negative"),
        ("A brokerage cuts the carmaker to Underperform.", "negative"),
        ("The software maker is cut to Neutral at a large bank.", "negative"),
        ("The utility is raised to Neutral from Sell.", "positive"),
        ("Analysts initiated coverage of the insurer with an Outperform rating.", "positive"),
        ("The broker initiated the lender at Underweight.", "negative"),
        ("The bank reiterated its Overweight rating on the drugmaker.", "positive"),
        ("Analysts reiterated a Sell rating on the cruise operator.", "negative"),
        ("The broker reiterated its Hold rating on the brewer.", "neutral"),
        ("Analysts maintained a Neutral rating on the stock.", "neutral"),
        ("The shares hit a record high after the upgrade.", "positive"),
        ("The bank downgraded the stock, citing weak margins.", "negative"),
        ("The analyst upgraded the stock, citing improving margins.", "positive"),
        ("The broker assumed coverage of the stock with a Hold rating.", "neutral"),
        ("The retailer is upgraded to Buy on margin recovery.", "positive"),
        ("Downgrade to Sell on slowing growth.", "negative"),
        ("The insurer is initiated with an Outperform at a regional broker.", "positive"),
        ("The stock is started at Buy.", "positive"),
        ("Analysts turned bearish on the chipmaker.", "negative"),
        ("The stock added to gains after the upgrade.", "positive"),
    ],
)
def test_rating_actions(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    """Upgrades, downgrades, initiations and reiterations in their usual phrasings."""
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The brokerage raises its price target on the chipmaker to $250 from $210.", "positive"),
        ("The analyst lowered the price target to $40 from $55.", "negative"),
        ("The price target was cut to 40 euros.", "negative"),
        ("The bank lifted its target price for the miner to 500 pence.", "positive"),
        ("Price target lowered at a regional broker.", "negative"),
        ("The analyst boosted his price target, citing strong demand.", "positive"),
        ("The firm trimmed its price target on the retailer.", "negative"),
        ("The analyst slashed the price target to $18.", "negative"),
        ("PT raised to 120 at a large bank.", "positive"),
        ("PT cut to 40 at a regional broker.", "negative"),
    ],
)
def test_price_targets(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    """Price targets raised, cut, trimmed or lifted."""
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shares jump 8% after the company beat earnings estimates.", "positive"),
        ("The stock slides to a 52-week low.", "negative"),
        ("The stock hits an all-time high.", "positive"),
        ("Shares fall for a fifth straight session.", "negative"),
        ("The stock rises for a third consecutive day.", "positive"),
        ("The stock pares gains after the chief executive resigns.", "negative"),
        ("The index erases losses in afternoon trading.", "positive"),
        ("Gold extends its rally to a fresh record.", "positive"),
        ("Oil extends losses as inventories build.", "negative"),
        ("Futures point higher ahead of the open.", "positive"),
        ("The index closed flat on Tuesday.", "neutral"),
        ("The S&P 500 closed at 4,500 points.", "neutral"),
        ("The Dow ended little changed.", "neutral"),
        ("The Nasdaq tumbled 3% on Friday.", "negative"),
        ("The Nasdaq rallied 2% to close at a record.", "positive"),
        ("Shares sank after the company cut its outlook.", "negative"),
        ("Shares soared after the drug won approval.", "positive"),
        ("The stock plunged to its lowest level in a decade.", "negative"),
        ("The index is trading at 15,000 points.", "neutral"),
        ("Shares were unchanged in early trading.", "neutral"),
        ("Decliners outnumbered advancers by three to one.", "negative"),
        ("Advancers outnumbered decliners on the New York Stock Exchange.", "positive"),
        ("The stock gave up early gains to close lower.", "negative"),
        ("The stock recovered from early losses to close higher.", "positive"),
        ("The stock is down 40% year to date.", "negative"),
        ("The stock is up 40% this year.", "positive"),
        ("European stocks slumped to a three-month low.", "negative"),
        ("Asian markets rebounded after the selloff.", "positive"),
        ("Wall Street suffered its worst week since March.", "negative"),
        ("Wall Street posted its best week in two months.", "positive"),
        ("The stock lost a fifth of its value in a single day.", "negative"),
        ("The stock doubled in value this year.", "positive"),
        ("Shares of the retailer hit a record low.", "negative"),
        ("The stock dropped below its 200-day moving average.", "negative"),
        ("The stock broke above its 200-day moving average.", "positive"),
        ("Volatility spiked as investors fled to safety.", "negative"),
        ("Investors piled into tech stocks.", "positive"),
        ("The shares gapped up at the open.", "positive"),
        ("The shares gapped down after the earnings miss.", "negative"),
        ("Stocks closed higher for the third straight day.", "positive"),
        ("The index extended its slide into a third week.", "negative"),
        ("Stocks wiped out early gains.", "negative"),
        ("Stocks rebounded from early losses.", "positive"),
        ("The stock had its worst day since 2020.", "negative"),
        ("The stock had its best day in a year.", "positive"),
        ("Investors dumped bank shares.", "negative"),
        ("The Dow notched its fifth straight gain.", "positive"),
        ("The S&P 500 posted its third straight loss.", "negative"),
        ("The S&P 500 opened at 4,800.", "neutral"),
        ("Trading volume was light ahead of the holiday.", "neutral"),
    ],
)
def test_share_and_index_moves(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    """Share and index moves: streaks, levels, gains pared or extended, breadth, flows."""
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Stock futures point lower after the jobs report.", "negative"),
        ("Bank stocks rallied after the Fed held rates steady.", "positive"),
        ("Stocks fell as Treasury yields climbed to a 16-year high.", "negative"),
        ("Inflation came in hotter than expected, sending stocks lower.", "negative"),
        ("Stocks rallied as inflation cooled more than expected.", "positive"),
        ("The economy added more jobs than expected last month.", "positive"),
        ("The unemployment rate rose to its highest level in two years.", "negative"),
        ("The Federal Reserve will announce its rate decision on Wednesday.", "neutral"),
        ("The company will report quarterly results after the market closes.", "neutral"),
        ("Investors await the monthly jobs report due Friday.", "neutral"),
        ("Inflation hit a 40-year high.", "negative"),
        ("Unemployment fell to a record low.", "positive"),
        ("Bond yields surged to a 15-year high, sending stocks lower.", "negative"),
        ("The central bank kept interest rates unchanged, as expected.", "neutral"),
        ("Interest rates rose again, raising borrowing costs.", "negative"),
        ("Mortgage rates were little changed this week.", "neutral"),
        ("The Fed signaled rate cuts later this year, lifting stocks.", "positive"),
        ("Fears of more rate hikes sent stocks lower.", "negative"),
        ("The jobs report is due on Friday.", "neutral"),
        ("The economy lost jobs for the first time in three years.", "negative"),
        ("Consumer confidence rose to a two-year high.", "positive"),
        ("Retail sales fell unexpectedly in March.", "negative"),
    ],
)
def test_macro_headlines(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    """Rates, inflation, jobs and scheduled events as they bear on markets."""
    assert polarity(fin_scorer, text) == expected
