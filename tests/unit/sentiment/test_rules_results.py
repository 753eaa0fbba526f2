"""Results and guidance language, on sentences written for these tests.

Press-release style ("Operating profit rose to EUR 12.1 mn from EUR 9.8 mn",
"The company reiterates its outlook") and headline style ("beats on EPS, guides
Q3 below consensus", "withdraws forecast"), with mixed and neutral statements
that guard against misfires.
"""

from __future__ import annotations

import pytest

from app.sentiment.scorer import SentimentScorer
from tests.unit.sentiment.sentiment_support import polarity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Operating profit rose to EUR 12.1 mn from EUR 9.8 mn.", "positive"),
        ("Net sales decreased by 4 % to EUR 210.5 mn.", "negative"),
        (
            "Operating profit totalled EUR 8.4 mn, compared to EUR 6.1 mn a year earlier.",
            "positive",
        ),
        (
            "Operating profit fell to EUR 3.2 mn from EUR 5.7 mn in the corresponding period.",
            "negative",
        ),
        ("Net sales increased by 11 % year-on-year to EUR 54.3 mn.", "positive"),
        (
            "The company swung to a pre-tax loss of EUR 1.2 mn from a profit of EUR 0.8 mn.",
            "negative",
        ),
        ("The net loss narrowed to EUR 0.6 mn from EUR 2.4 mn.", "positive"),
        ("The operating loss widened to EUR 4.5 mn.", "negative"),
        ("The company reiterates its outlook for 2024.", "neutral"),
        (
            "The company expects operating profit to improve in the second half of the year.",
            "positive",
        ),
        ("The group issued a profit warning on Tuesday.", "negative"),
        (
            "The company now expects full-year operating profit to be lower than in the "
            "previous year.",
            "negative",
        ),
        ("The company raised its full-year guidance.", "positive"),
        ("The company lowered its guidance for the current year.", "negative"),
        ("The company will publish its interim report for January-June on 14 August.", "neutral"),
        ("Net sales in the third quarter amounted to EUR 45.2 mn.", "neutral"),
        ("The interim report will be released at 9:00 a.m. local time.", "neutral"),
        ("Earnings per share were EUR 0.42 compared with EUR 0.31 a year ago.", "positive"),
        ("Earnings per share were EUR 0.18 against EUR 0.27 in the previous year.", "negative"),
        ("The operating margin improved to 9.5 % from 7.8 %.", "positive"),
        ("The operating margin weakened to 4.1 %.", "negative"),
        ("Order intake grew 23 % to EUR 120 mn.", "positive"),
        ("Order intake declined by 15 % in the quarter.", "negative"),
        ("Cash flow from operations was strong at EUR 34 mn.", "positive"),
        ("The board proposes a dividend increase to EUR 0.50 per share.", "positive"),
        ("Profitability was better than expected.", "positive"),
        ("Sales fell short of the company's own target.", "negative"),
        ("The company confirms its previously published guidance.", "neutral"),
        ("Results were burdened by restructuring costs of EUR 3 mn.", "negative"),
        ("The company expects net sales to decline slightly in 2024.", "negative"),
        ("The company expects net sales to grow by 5-10 % in 2024.", "positive"),
        ("The company expects net sales to remain at the previous year's level.", "neutral"),
        ("XYZ beats on EPS, guides Q3 above consensus.", "positive"),
        ("XYZ misses on revenue, cuts full-year outlook.", "negative"),
        ("Margins compress as input costs climb.", "negative"),
        ("Record quarter for ABC as revenue jumps 30%.", "positive"),
        ("ABC reaffirms guidance.", "neutral"),
        ("ABC Q2 EPS of $0.42 vs. $0.38 est.", "positive"),
        ("ABC Q2 EPS of $0.31 vs. $0.38 est.", "negative"),
        ("ABC Q2 revenue $1.2B vs. $1.35B expected.", "negative"),
        ("ABC tops estimates as cloud sales surge.", "positive"),
        ("ABC shares slide after earnings miss.", "negative"),
        ("ABC beats on profit but misses on revenue; shares rise.", "positive"),
        ("ABC beats on revenue but profit falls short, shares drop 6%.", "negative"),
        ("ABC to report Q3 earnings on Oct. 24 after the close.", "neutral"),
        ("ABC earnings preview: what to expect.", "neutral"),
        ("ABC cuts 2024 EPS guidance to $2.10-$2.20 from $2.40-$2.50.", "negative"),
        ("ABC lifts annual revenue forecast on strong demand.", "positive"),
        ("ABC warns of weaker second-half sales.", "negative"),
        ("ABC posts wider-than-expected loss.", "negative"),
        ("ABC swings to profit in Q4.", "positive"),
        ("ABC swings to loss on impairment charge.", "negative"),
        ("ABC Q1 profit doubles, beats estimates.", "positive"),
        ("ABC Q1 profit halves as sales slump.", "negative"),
        ("ABC guides Q3 below consensus.", "negative"),
        ("ABC guides Q3 revenue above Street estimates.", "positive"),
        ("ABC Q3 revenue $4.1B.", "neutral"),
        ("ABC reports Q2 results.", "neutral"),
        ("ABC misses estimates, shares tumble 12% after hours.", "negative"),
        ("Same-store sales rose 6%, ahead of analyst forecasts.", "positive"),
        ("Gross margin contracted 120 basis points.", "negative"),
        ("Gross margin expanded 80 basis points to 42.3%.", "positive"),
        ("ABC sees FY revenue below estimates.", "negative"),
        ("ABC sees FY EPS above estimates.", "positive"),
        ("ABC maintains its outlook for the year.", "neutral"),
        ("ABC posts first quarterly loss in a decade.", "negative"),
        ("ABC returns to profitability in the third quarter.", "positive"),
        ("ABC Non-GAAP EPS of $0.42 beats by $0.04, revenue of $1.2B beats by $20M.", "positive"),
        ("ABC Non-GAAP EPS of $0.12 misses by $0.05, revenue of $310M misses by $12M.", "negative"),
        ("ABC GAAP EPS of $1.05 beats by $0.10.", "positive"),
        ("ABC revenue of $88.5M (-12% Y/Y) misses by $4.2M.", "negative"),
        ("ABC revenue of $88.5M (+22% Y/Y) beats by $4.2M.", "positive"),
        ("ABC EPS in-line, revenue in-line.", "neutral"),
        ("Results were in line with expectations.", "neutral"),
        ("Quarterly profit came in stronger than expected.", "positive"),
        ("Quarterly profit came in weaker than expected.", "negative"),
        ("ABC posts better-than-expected quarterly results.", "positive"),
        ("ABC reports disappointing third-quarter results.", "negative"),
        ("ABC reports solid second-quarter results.", "positive"),
        ("Net sales were flat at EUR 80.2 mn.", "neutral"),
        ("The company kept its dividend unchanged at EUR 0.30 per share.", "neutral"),
        ("ABC cuts dividend as profit slides.", "negative"),
        ("ABC hikes dividend by 10%.", "positive"),
        ("Profit before taxes decreased to EUR 2.1 mn.", "negative"),
        ("Profit before taxes increased to EUR 7.9 mn.", "positive"),
        ("The company expects its operating result to improve clearly from last year.", "positive"),
        ("The company expects its operating result to weaken from last year.", "negative"),
        ("The outlook is unchanged.", "neutral"),
        ("ABC narrows loss, beats revenue estimates.", "positive"),
        ("ABC's loss widens as costs rise.", "negative"),
        ("ABC Q4 earnings fall 20% on weak demand.", "negative"),
        ("ABC Q4 earnings rise 20% on strong demand.", "positive"),
        ("ABC misses on EPS, revenue in line.", "negative"),
        ("ABC beats on EPS, revenue in line.", "positive"),
        ("ABC slashes forecast for the year.", "negative"),
        ("ABC trims full-year sales target.", "negative"),
        ("ABC boosts full-year profit outlook.", "positive"),
        ("ABC shares sink after weak guidance.", "negative"),
        ("ABC shares jump on upbeat guidance.", "positive"),
        ("ABC sees Q3 revenue of $1.0B-$1.1B vs. consensus of $1.2B.", "negative"),
        ("ABC sets date for fourth-quarter earnings release.", "neutral"),
        ("ABC will host a conference call to discuss the results.", "neutral"),
        ("Operating profit was EUR 5.0 mn, the same as a year earlier.", "neutral"),
        ("Earnings per share dropped to EUR 0.05.", "negative"),
        ("Earnings per share rose to EUR 0.56.", "positive"),
        ("The company estimates that its net sales will grow in 2024.", "positive"),
        ("The company estimates that its operating profit will decrease in 2024.", "negative"),
        ("Operating profit is expected to be clearly higher than last year.", "positive"),
        ("Operating profit is expected to be clearly lower than last year.", "negative"),
        ("The company's net sales are expected to be at the same level as last year.", "neutral"),
        ("The company's result improved significantly.", "positive"),
        ("The company's result weakened significantly.", "negative"),
        ("Net profit for the period increased to EUR 15.2 mn, or EUR 0.61 per share.", "positive"),
        ("The company recorded a net loss of EUR 3.1 mn.", "negative"),
        ("The company recorded a one-off gain of EUR 1.0 mn in the first quarter.", "neutral"),
        ("Comparable operating profit improved in all business segments.", "positive"),
        ("Sales declined in all regions except Asia.", "negative"),
        ("The company's order backlog was at a record level at the end of the period.", "positive"),
        ("The company posted its weakest quarterly result in ten years.", "negative"),
        ("ABC raises dividend and announces $1B buyback.", "positive"),
        ("ABC Q3 profit down 18% y/y.", "negative"),
        ("ABC Q3 profit up 18% y/y.", "positive"),
        ("ABC FY outlook disappoints, stock falls.", "negative"),
        ("ABC earnings impress; stock rallies.", "positive"),
        ("ABC sees Q4 EPS $0.50-$0.55, below consensus of $0.61.", "negative"),
        ("ABC sees Q4 EPS $0.70-$0.75, above consensus of $0.61.", "positive"),
        ("ABC lowers FY revenue outlook.", "negative"),
        ("ABC reaffirms FY guidance, raises dividend.", "positive"),
        ("ABC reaffirms FY guidance but cuts dividend.", "negative"),
        ("Analysts had expected a profit, but the company reported a loss.", "negative"),
        ("The company's cash position weakened during the quarter.", "negative"),
        ("Net debt decreased to EUR 40 mn from EUR 55 mn.", "positive"),
        ("Net debt increased to EUR 80 mn.", "negative"),
        ("The equity ratio strengthened to 45 %.", "positive"),
        ("The company issued a profit warning and lowered its outlook.", "negative"),
        ("The company expects its profitability to improve.", "positive"),
        # Headline style.
        ("$ABC crushes Q2 estimates, stock up 8% after hours", "positive"),
        ("$ABC guides below the Street, shares down 9% AH", "negative"),
        ("$ABC EPS beat, rev beat, guide raised", "positive"),
        ("$ABC EPS miss, rev miss, guide cut", "negative"),
        ("ABC Q2 adj. EPS $1.12 vs. $0.98 consensus", "positive"),
        ("ABC Q2 adj. EPS $0.82 vs. $0.98 consensus", "negative"),
        ("ABC raises quarterly dividend to $0.25 per share", "positive"),
        ("ABC lowers quarterly dividend to $0.10 per share", "negative"),
        ("ABC declares quarterly dividend of $0.25 per share", "neutral"),
        ("ABC reports Q1 revenue growth of 14%", "positive"),
        ("ABC reports Q1 revenue decline of 14%", "negative"),
        ("ABC issues profit warning, shares plunge", "negative"),
        ("ABC warns on profit as costs mount", "negative"),
        ("ABC profit tops forecasts on cost savings", "positive"),
        ("ABC profit misses forecasts on weak China sales", "negative"),
        ("ABC CFO to present at investor conference", "neutral"),
        ("ABC Q3 earnings call transcript", "neutral"),
        ("ABC stock pops after earnings beat", "positive"),
        ("ABC stock drops after earnings miss", "negative"),
        ("The company's operating profit more than doubled.", "positive"),
        ("The company's operating profit more than halved.", "negative"),
        ("Net sales grew organically by 7 %.", "positive"),
        ("Comparable net sales fell 3 % in local currencies.", "negative"),
        ("The figures are unaudited.", "neutral"),
        ("The report is available on the company's website.", "neutral"),
        ("The company improved its profitability despite lower sales.", "positive"),
        ("Despite higher sales, operating profit declined.", "negative"),
        ("Despite lower sales, operating profit increased.", "positive"),
        ("Revenue rose 5 %, but operating profit fell 20 %.", "negative"),
        ("ABC beats on revenue but guides Q4 below expectations.", "negative"),
        ("ABC misses on revenue but raises full-year guidance.", "positive"),
        ("Operating profit excluding non-recurring items rose to EUR 4.3 mn.", "positive"),
        ("Operating profit excluding non-recurring items fell to EUR 1.3 mn.", "negative"),
        ("The company expects a loss for the full year.", "negative"),
        ("The company expects to return to profit next year.", "positive"),
        ("The outlook for the rest of the year is weak.", "negative"),
        ("The outlook for the rest of the year is positive.", "positive"),
        ("ABC sees weaker demand in the second half.", "negative"),
        ("ABC sees stronger demand in the second half.", "positive"),
        ("ABC misses Q2 estimates as subscriber growth slows", "negative"),
        ("ABC beats as subscriber growth accelerates", "positive"),
        ("ABC earnings drop 30% as prices fall.", "negative"),
        ("ABC will announce its results before the market opens on Thursday.", "neutral"),
    ],
)
def test_results_language(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Giving up a guide or a payout is negative; "withdraw" a trouble stays positive.
        ("The board withdrew its financial forecast for the year.", "negative"),
        ("ABC withdraws forecast as demand slumps.", "negative"),
        ("ABC pulls full-year guidance, citing uncertainty.", "negative"),
        ("ABC scraps its 2024 outlook.", "negative"),
        ("The company cancels its profit guidance for 2024.", "negative"),
        ("The company suspended its dividend.", "negative"),
        ("ABC scraps dividend.", "negative"),
        ("ABC suspends its dividend and withdraws guidance.", "negative"),
        ("The company withdrew the lawsuit against its former supplier.", "positive"),
        ("The company upgraded its profit forecast for the full year.", "positive"),
        ("The company upgraded its outlook for the year.", "positive"),
        ("The company downgraded its outlook for the year.", "negative"),
        ("ABC downgrades its sales forecast.", "negative"),
    ],
)
def test_guide_withdrawn_or_revised(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A payout denied is negative; a payout stated, or one not made in the past, is a fact.
        ("The company will not pay a dividend for 2023.", "negative"),
        ("The board proposes that no dividend be paid for 2023.", "negative"),
        ("The dividend will not be paid.", "negative"),
        ("The company will pay a dividend of EUR 0.50 per share.", "neutral"),
        ("The company did not pay a dividend in 2009.", "neutral"),
    ],
)
def test_payout_denied(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The adverb judges the result; the cause after "by" is not scored again.
        ("The operating result was negatively impacted by higher raw material prices.", "negative"),
        ("The result was positively affected by lower raw material prices.", "positive"),
        ("The result was affected negatively by weak demand in Russia.", "negative"),
        ("Sales were positively impacted by higher prices.", "positive"),
    ],
)
def test_impact_judged_by_adverb(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "record" reaches a result over fillers; "shareholders of record" is not a result.
        ("The company posted record net sales in the fourth quarter.", "positive"),
        ("The company posted record operating profit.", "positive"),
        ("ABC delivers record full-year revenue.", "positive"),
        ("ABC posts record full-year operating profit.", "positive"),
        ("ABC raises FY guidance after record quarter.", "positive"),
        ("Shareholders of record on 10 May are entitled to the dividend.", "neutral"),
    ],
)
def test_record_result(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A negated forecast verb negates the move it forecasts.
        ("The company no longer expects its net sales to grow this year.", "negative"),
        ("The company does not expect its profitability to improve.", "negative"),
        ("The company does not expect its costs to rise this year.", "positive"),
        ("Net sales are not expected to decline in 2024.", "positive"),
        ("The company expects sales not to fall.", "positive"),
    ],
)
def test_forecast_negated(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "lower-than-expected revenue": the figure follows the comparison.
        ("ABC posts lower-than-expected quarterly revenue.", "negative"),
        ("ABC reports smaller-than-expected quarterly loss.", "positive"),
        ("ABC reports larger-than-expected loss.", "negative"),
        ("ABC posts higher-than-expected profit.", "positive"),
        ("Higher-than-expected costs weighed on the quarter.", "negative"),
        ("Sales were lower than expected.", "negative"),
    ],
)
def test_than_expected_figure(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A point of the guided range, or whose guide it is, between the comparison and
        # the guide.
        ("Revenue came in below the company's own guidance.", "negative"),
        ("Revenue came in above the top end of the guidance range.", "positive"),
        ("Sales came in below the low end of the company's forecast.", "negative"),
        ("Earnings fell short of the midpoint of its guidance.", "negative"),
        ("Quarterly revenue was ahead of analysts' estimates.", "positive"),
    ],
)
def test_guided_range_points(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The company achieved its best-ever quarterly result.", "positive"),
        ("ABC suffers its worst-ever quarter.", "negative"),
    ],
)
def test_best_and_worst_ever(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The end of a range ("8%-10%") is not a signed move; a prior guide is a guide.
        ("ABC sees FY sales growth of 8%-10%, above prior view of 5%-7%", "positive"),
        ("The company targets annual sales growth of 5%-7%.", "positive"),
        ("ABC sees FY EPS of $2.10, below its previous guidance of $2.40", "negative"),
        ("ABC shares -6% after the earnings report", "negative"),
    ],
)
def test_guided_ranges_and_prior_views(
    fin_scorer: SentimentScorer, text: str, expected: str
) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A quantity, a verb, a preposition: the verb is intransitive and moves its subject.
        ("ABC's margins expand on cost cuts", "positive"),
        ("Sales jump on strong holiday demand.", "positive"),
        ("Costs climb amid higher energy prices.", "negative"),
        ("The company's price cuts in Europe weighed on revenue.", "negative"),
    ],
)
def test_intransitive_move(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "compress" is a move only when it governs a quantity.
        ("ABC's margins compress for a third straight quarter", "negative"),
        ("Margin compression weighed on results.", "negative"),
        ("Gross margin compressed to 38%.", "negative"),
        ("The plant produces compressed natural gas.", "neutral"),
    ],
)
def test_margin_compression(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A surprise result takes the sign of the result; a surprise by itself is neutral.
        ("ABC posts surprise profit", "positive"),
        ("ABC posts surprise loss", "negative"),
        ("The carrier reported an unexpected quarterly loss.", "negative"),
        ("The miner swung to an unexpected net profit in the second quarter.", "positive"),
        ("The announcement came as a surprise to the market.", "neutral"),
    ],
)
def test_surprise_result(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "Net" alone is the bottom line in results headlines.
        ("Lender's Q3 net down 31% on rising bad loans", "negative"),
        ("Carmaker's Q2 net up 18% at Rs 2,100 crore", "positive"),
        # Loans gone bad are a bad quantity: their fall is good news.
        ("Non-performing loans fell for a third straight quarter.", "positive"),
        ("Retailer shares tank 5.6% on the exchange", "negative"),
        ("Regulator imposes Rs 5 lakh fine on the broker", "negative"),
        ("Rupee hits a 9-mth low against the dollar", "negative"),
    ],
)
def test_results_headline_shorthand(fin_scorer: SentimentScorer, text: str, expected: str) -> None:
    assert polarity(fin_scorer, text) == expected
