"""The project's own market vocabulary.

Every list here was written for this scorer from general financial-news usage.
Words are lower-case surface forms (inflections are listed explicitly: a dict
lookup per token is cheaper than stemming and keeps the behaviour obvious).
"""

from __future__ import annotations

from app.sentiment.desk_words import DESK_NEGATIVE, DESK_POSITIVE


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- Quantities -----------------------------------------------------------------
# A good quantity rising is positive; a bad quantity rising is negative.
# Values are weights: headline figures (profit, earnings) count a little more.
GOOD_QUANTITIES: dict[str, float] = {
    **dict.fromkeys(
        words(
            "profit profits earnings eps ebit ebita ebitda income result results "
            "profitability margin margins net"
        ),
        1.2,
    ),
    **dict.fromkeys(
        words(
            "sales revenue revenues turnover orders order bookings backlog dividend dividends "
            "guidance outlook forecast forecasts target targets demand volume volumes "
            "deliveries shipments output production traffic passengers subscribers customers "
            "users market-share share shares stock stocks price prices valuation value "
            "growth return returns yield cash cash-flow liquidity productivity efficiency "
            "capacity occupancy utilization utilisation savings synergies rating ratings "
            "estimate estimates expectations jobs employment workforce headcount payroll "
            "index indices market markets equities economy gdp exports investment investments "
            "visitors attendance footfall premiums premium payout buyback business operations "
            "presence network footprint outlets stores shops restaurants branches locations "
            "intake flow funds assets deposits loans workers employees staff personnel guided "
            "guides pt"
        ),
        1.0,
    ),
}

BAD_QUANTITIES: dict[str, float] = {
    **dict.fromkeys(words("loss losses deficit deficits"), 1.2),
    **dict.fromkeys(
        words(
            "cost costs expenses expense expenditure debt debts indebtedness liabilities "
            "leverage gearing impairment impairments write-down write-downs writedown "
            "writedowns charges provisions layoffs redundancies unemployment inflation "
            "delinquencies defaults arrears churn risk risks volatility inventories inventory "
            "backlogs delays complaints claims fines penalties shortfall outflows outflow "
            "spending borrowing borrowings tariff tariffs tax taxes levies salary salaries "
            "wage wages depreciation amortization amortisation"
        ),
        1.0,
    ),
}

# Quantities whose change is a neutral fact in company news (a holding, a share
# count): a direction word bound to them produces no signal.
NEUTRAL_QUANTITIES: frozenset[str] = words(
    "stake stakes holding holdings capital ownership votes voting interest interests "
    "shareholding share-capital number registered issued options warrants subscriptions "
    "authorisation authorization temperature area population"
)

# --- Directions ------------------------------------------------------------------
UP_WORDS: dict[str, float] = {
    **dict.fromkeys(
        words(
            "rise rises rising rose risen increase increases increased increasing "
            "grow grows growing grew grown up higher climb climbs climbed climbing "
            "gain gains gained gaining improve improves improved improving improvement "
            "improvements advance advances advanced advancing boost boosts boosted boosting "
            "expand expands expanded expanding expansion rebound rebounds rebounded "
            "rebounding recover recovers recovered recovering recovery strengthen "
            "strengthens strengthened strengthening raise raises raised raising lift lifts "
            "lifted lifting widen widens widened widening hike hikes hiked upside upturn "
            "accelerate accelerated accelerating enhance enhanced enhances enhancing "
            "bigger larger greater "
            "more add adds added adding heightened exceeds exceeded growth buoy buoys buoyed "
            "tops topping resume resumes resumed resuming"
        ),
        1.0,
    ),
    **dict.fromkeys(
        words(
            "surge surges surged surging soar soars soared soaring jump jumps jumped jumping "
            "rocket rockets rocketed skyrocket skyrocketed skyrockets double doubled doubles "
            "doubling triple tripled quadrupled spike spikes spiked rally rallies rallied "
            "rallying record-high highest peak outpaced bounce bounces bounced bouncing "
            "swell swells swelled zooms zoomed zooming spurt spurts spurted spurting"
        ),
        1.3,
    ),
}

DOWN_WORDS: dict[str, float] = {
    **dict.fromkeys(
        words(
            "fall falls falling fell fallen decrease decreases decreased decreasing "
            "decline declines declined declining drop drops dropped dropping down lower "
            "lowers lowered lowering dip dips dipped dipping slip slips slipped slipping "
            "slide slides slid sliding ease eases eased easing shrink shrinks shrank "
            "shrunk shrinking contracted contracting contraction reduce reduces reduced "
            "reducing reduction reductions cut cuts cutting narrow narrows narrowed narrowing "
            "weaken weakens weakened weakening deteriorate deteriorates deteriorated "
            "deteriorating deterioration erode erodes eroded eroding erosion lose loses "
            "losing lost shed sheds shedding trim trims trimmed trimming lessen lessened "
            "smaller fewer less weaker worsen worsened worsening slow slows slowed slowing "
            "slower retreat retreats retreated retreating sank sink sinks sinking diminish "
            "diminished diminishing pare pares pared sag sags sagged dwindle dwindled "
            "downside decelerate decelerated decelerating tighten tightened dampen dampens "
            "dampened scrap scraps scrapped scrapping omit omits omitted omitting compress "
            "compresses compressed compressing compression"
        ),
        1.0,
    ),
    **dict.fromkeys(
        words(
            "plunge plunges plunged plunging plummet plummets plummeted plummeting "
            "slump slumps slumped slumping tumble tumbles tumbled tumbling crash crashes "
            "crashed crashing collapse collapses collapsed collapsing halve halved halves "
            "halving slash slashes slashed slashing tanked nosedive nosedives "
            "nosedived dive dives "
            "dived lowest record-low axe axes axed tanking stumble stumbles stumbled skid skids "
            "skidded falter falters faltered"
        ),
        1.3,
    ),
}

# Words that mark a result change between states: "swung to a loss",
# "returned to profit". They take the sign of the quantity that follows.
TURN_WORDS: frozenset[str] = words(
    "turn turned turns swung swing swings moved returned return returns slipped slid fell "
    "plunged sank dipped went"
)

# Comparators used in "X compared with Y", "X versus Y", "X, up from Y".
COMPARATORS: frozenset[str] = words("compared versus vs against from")

# --- Comparisons against expectations ---------------------------------------------
EXPECTATION_NOUNS: frozenset[str] = words(
    "expectations expectation estimates estimate consensus forecast forecasts forecasted "
    "views view guidance projections expected anticipated predicted targets target plan "
    "budget analysts analyst street whisper level levels"
)
BEAT_WORDS: dict[str, float] = {
    **dict.fromkeys(
        words(
            "beat beats beating topped surpassed surpasses surpass estimate-beating smash "
            "smashes smashed crushed crushes"
        ),
        1.3,
    ),
    **dict.fromkeys(
        words(
            "outperformed outperforms outperforming outpaced outpaces outshine outshines "
            "outshone outshining outdo outdoes outdid outdone"
        ),
        1.0,
    ),
    **dict.fromkeys(
        words("exceeded exceeds exceeding exceed above ahead better top tops topping"), 1.0
    ),
}
MISS_WORDS: dict[str, float] = {
    **dict.fromkeys(words("miss misses missed"), 1.3),
    **dict.fromkeys(
        words("underperformed underperforms underperforming lagged lags lagging trailed trails"),
        1.0,
    ),
    **dict.fromkeys(words("below short worse missing"), 1.0),
}

# --- Negators and diminishers VADER does not handle in finance text -----------------
NEGATORS: frozenset[str] = words(
    "not no never without none neither nor cannot can't don't doesn't didn't isn't "
    "wasn't aren't weren't won't wouldn't shouldn't couldn't hasn't haven't hadn't "
    "dont doesnt didnt isnt wasnt arent werent wont wouldnt hasnt havent nothing "
    "unable unlikely fails failed failing fail lack lacks lacked"
)
# "less attractive" reads as "not attractive".
FLIP_ADVERBS: frozenset[str] = words("less least")

# --- Trade stance ---------------------------------------------------------------------
# Strong stance words carry a stance wherever they appear; weak ones ("long",
# "buy") only when they take a market target, because in company news "buy"
# and "sell" usually describe deals.
STANCE_STRONG: dict[str, float] = {
    **dict.fromkeys(
        words(
            "overweight overweighting overweighted upgrade upgrades upgraded outperform "
            "bullish accumulate"
        ),
        1.0,
    ),
    **dict.fromkeys(
        words(
            "underweight underweighting underweighted downgrade downgrades downgraded "
            "downgrading underperform bearish"
        ),
        -1.0,
    ),
}
STANCE_WEAK: dict[str, float] = {
    **dict.fromkeys(
        words(
            "long buy buying add adding favor favour favors favours favoring favouring "
            "prefer prefers overweights accumulating calls call buyers"
        ),
        1.0,
    ),
    **dict.fromkeys(
        words(
            "short shorting shorts sell selling reduce reducing trim trimming avoid avoiding "
            "puts put hedge hedging hedges underweights exit exiting fade fading sellers"
        ),
        -1.0,
    ),
}
# Ratings named after "at", "as", "rated" or a rating move: "upgraded to buy".
RATINGS: dict[str, float] = {
    "buy": 1.0,
    "outperform": 1.0,
    "overweight": 1.0,
    "accumulate": 1.0,
    "positive": 1.0,
    "sell": -1.0,
    "underperform": -1.0,
    "underweight": -1.0,
    "reduce": -1.0,
    "negative": -1.0,
}
RATING_NEUTRAL: frozenset[str] = words(
    "neutral hold equal-weight equal market-perform sector-perform in-line peer-perform "
    "perform weight"
)

# Words skipped when looking from a word to the target or quantity it governs.
FILLERS: frozenset[str] = words(
    "the a an its their our his her this that these those of in on for some more most "
    "operating net total gross pre-tax pretax group company's comparable adjusted "
    "underlying annual quarterly full-year first second third fourth half-year "
    "overall organic diluted basic core own further position positions exposure "
    "into with and s"
)

# --- Valence words of our finance lexicon (full weight in the finance channel) -----
FINANCE_VALENCE: dict[str, float] = {
    # positive
    **dict.fromkeys(
        words(
            "strong stronger strongest robust solid healthy upbeat buoyant brisk "
            "record-breaking profitable lucrative optimistic confident favourable favorable "
            "resilient excellent impressive stellar boom booming tailwind tailwinds "
            "breakthrough milestone winner winners momentum successful successfully success "
            "highs gainers blowout exceptional relief attractive bright optimism bulls "
            "outperformance pleased delighted proud satisfied happy thrilled excited best-ever"
            " constructive high-conviction highest-conviction uptrend oversubscribed"
        ),
        0.8,
    ),
    # Chart emoji in market posts: "stocks are 📈".
    "📈": 0.8,
    "🚀": 0.8,
    "📉": -0.8,
    **dict.fromkeys(
        words(
            "win wins won winning awarded secures secured clinched clinches landed "
            "signed signs favourably favorably positive savings synergies"
        ),
        0.6,
    ),
    # Corporate-statement positives: how companies describe a strength.
    **dict.fromkeys(
        words(
            "efficient cost-effective cost-efficient energy-efficient well-positioned "
            "competitiveness"
        ),
        0.6,
    ),
    # "record" only counts before a figure ("record sales"); see rules.RECORD_NEXT.
    "record": 0.6,
    "records": 0.6,
    # "red" / "black" only count as a result state: "closed in the red"; see rules.valence.
    "red": -0.9,
    "black": 0.9,
    # "too" only counts before a judgement: "deemed too low", "still too risky"; see
    # rules.valence.
    "too": -0.8,
    # "lay" / "laid" only count in "lay off" / "laid off", "bear" / "bull" in "bear
    # market"; see rules.NEEDS_NEXT.
    **dict.fromkeys(words("lay lays laying laid"), -0.9),
    "bear": -0.8,
    "bull": 0.8,
    # negative
    **dict.fromkeys(
        words(
            "weak weakness weaknesses weaker weakest poor poorer sluggish soft softer "
            "disappointing disappointed disappointment disappoints dismal gloomy bleak "
            "pessimistic cautious uncertain uncertainty uncertainties headwind headwinds "
            "difficult difficulties challenging tough pressures pressured worried worries worrying "
            "worry fears fear turmoil crisis recession slowdown downturn bearish negative "
            "adverse adversely unfavourable unfavorable problem problems trouble troubled "
            "struggle struggles struggling struggled woes loser losers worst shock bubble "
            "ugly unattractive lows decliners dump dumps dumping dumped shortage shortages "
            "overvalued "
            "sell-off selloff suffer suffers suffered glut miserable unhappy panic concerns "
            "jitters slowdowns bears squeeze squeezed squeezing wipe sidelines sidelined "
            "worst-ever unattractive vulnerable downtrend jittery battered hammered"
        ),
        -0.8,
    ),
    **dict.fromkeys(
        words(
            "bankruptcy bankruptcies bankrupt insolvency insolvent default defaults defaulted scam "
            "scams liquidation "
            "receivership layoff layoffs lay-off lay-offs laid-off redundant delayed "
            "redundancies redundancy warning warnings warns "
            "warned lawsuit lawsuits sued sues fraud probe investigation scandal recall recalls "
            "penalty fined strike strikes shutdown closure closures close-down shut halt "
            "halts halted suspend suspends suspending suspended suspension delisted "
            "delisting dilute dilutes dilutive impairment "
            "writedown write-down write-off losses loss deficit unprofitable lossmaking "
            "loss-making cancelled canceled cancellation terminate terminates terminated "
            "termination hurt hurts "
            "damage damaged plague plagued furlough furloughs furloughed stall stalls stalled "
            "stalling fizzle fizzles fizzled stagnate stagnates stagnated stagnating stagnation"
        ),
        -0.9,
    ),
    # Setbacks and breaches: "burdened by costs", "hit a snag", "violated a patent".
    **dict.fromkeys(
        words(
            "burden burdens burdensome burdened burdening snag snags violate violates violated "
            "violating violation "
            "violations irregularities irregularity penalised penalized penalises penalizes "
            "bans "
            "infringe infringes infringed infringing infringement infringements "
            "dispute disputes embroiled grievance grievances disagreement unstable "
            "instability stoppage stoppages breach breaches breached breaching recalled"
        ),
        -0.9,
    ),
}

# Market-desk vocabulary, at the weight of the strong/weak lists above.
FINANCE_VALENCE.update(dict.fromkeys(words(DESK_POSITIVE), 0.8))
FINANCE_VALENCE.update(dict.fromkeys(words(DESK_NEGATIVE), -0.8))

# Deals won: "received an order", "signed a contract" (see rules: deal rule).
DEAL_VERBS: frozenset[str] = words(
    "receive receives received win wins won secure secures secured land lands landed book "
    "books booked ink inks inked sign signs signed clinch clinches clinched award awarded "
    "bag bagged earn earns earned obtain obtains obtained grant grants granted reach reaches "
    "reached reaching"
)
DEAL_NOUNS: frozenset[str] = words(
    "order orders contract contracts deal deals agreement agreements customer customers "
    "client clients approval approvals clearance settlement"
)

# VADER words that mislead on finance text (neutral facts in company news). Words
# our own rules score are removed from VADER separately, so nothing counts twice.
VADER_OVERRIDES: dict[str, float] = dict.fromkeys(
    words(
        "profit profits share shares gross liability liabilities interest credit top "
        "agreement agreements support supports supported help helps helped like please value "
        "values demand demands free freedom grant granted granting grants asset assets sound "
        "bonus bonuses reward rewards share-based cancer tumor tumour disease diseases pain "
        "liable charge charges charged tax taxes fund funds funding worth capital "
        "intelligence security securities trust trusts mean means fair joint unit units "
        "shared sharing promote promotes promoted promotion honor honour defeat defeats "
        "block blocks blocked kill killed war wars fight fighting care cares leading lead "
        "leads benefit benefits save saves saved saving limited private"
    ),
    0.0,
)
