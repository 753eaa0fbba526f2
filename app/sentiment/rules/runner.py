"""The rule runner: one left-to-right pass of word-anchored rules, then valence.

``RuleRunner.signals`` looks every token up in the word table once, fixes the
few readings that depend on the previous word ("profit before taxes", "short
interest"), then offers each unused token to the rule families in a fixed
order. The order is part of the behaviour: the first rule that fires on a
token uses it, so e.g. a trade stance wins over a bare direction word.
"""

from __future__ import annotations

from collections.abc import Callable

from app.sentiment import lexicon as lx
from app.sentiment.rules import (
    analyst,
    comparisons,
    corporate,
    markets,
    quantities,
    results,
    stance,
)
from app.sentiment.rules.context import Sentence
from app.sentiment.rules.corporate import BECOME, DEAL_ACTS, FACE_VERBS, HIRE_VERBS
from app.sentiment.rules.markets import (
    BEST,
    CROSS_VERBS,
    MOVE_VERBS,
    OUTNUMBER,
    TIMING_WORDS,
    reframe,
)
from app.sentiment.rules.table import (
    CURRENCIES,
    EMPTY,
    JOB_CUTS,
    LEXICON,
    LIMITED_DOWNSIDE,
    MACRO_RATE,
    OPTION_WORDS,
    PAYOFF,
    PENALTY,
    SCALE_BACK,
    SETBACK,
    SHORT_INTEREST,
    WEIGH_ON,
    Info,
    Signal,
)
from app.sentiment.rules.valence import valence
from app.sentiment.tokens import NUM, WORD, Tokens

_TAX_WORDS = lx.words("tax taxes")
_OPERATIONS = lx.words("operations operation business businesses")
_CONTINUING = lx.words("continuing continued discontinued discontinuing")
_JOB_WORDS = lx.words("job jobs workforce staff")
_SCALE = lx.words("scale scales scaled scaling")
_STUCK_TO = lx.words("to with by")
_SIDES = lx.words("upside downside")
_LIMITERS = lx.words("limited little scant minimal")

# Opposites joined by "and" / "or" name a range, not a direction: "profit or loss",
# "gains and losses on derivatives", "the best and worst airlines", "pros and cons".
_OPPOSITES = frozenset(
    frozenset(pair.split("/"))
    for pair in lx.words(
        "best/worst profit/loss profits/losses gain/loss gains/losses winners/losers "
        "winner/loser gainers/losers ups/downs pros/cons bulls/bears bull/bear "
        "positive/negative positives/negatives good/bad strengths/weaknesses "
        "opportunities/threats upside/downside highs/lows high/low rise/fall"
    )
)
_COORDINATORS = frozenset({"and", "or", "&", "/"})
# Policy and market rates: their moves are macro facts whose sign depends on who is
# asking ("the central bank cut its key rate", "Treasury yields rose"), so a direction
# bound to them is neutral. "Unemployment rate", "dividend yield" keep their own noun.
_RATES = lx.words("rate rates")
_RATE_BEFORE = lx.words(
    "interest policy benchmark key mortgage borrowing lending repo base discount overnight "
    "deposit refinancing funds"
)
_YIELDS = lx.words("yield yields")
_YIELD_BEFORE = lx.words(
    "bond bonds treasury treasuries government gilt gilts bund bunds note sovereign year"
)
# A driver named for what it does to a market: "falling yields are a tailwind for small
# caps", "a stronger dollar is a headwind", "rising real yields weigh on the index". The
# move before the driver is the driver's own (yields, the dollar), not the ticker's: the
# driver word carries the sign.
_DRIVERS = lx.words("tailwind tailwinds headwind headwinds")
_WEIGH = lx.words("weigh weighs weighed weighing drag")
_MARKET_OBJECTS = lx.words(
    "sentiment index indices market markets equities valuation valuations multiples"
)
_DRIVER_COMPARATIVES = lx.words("stronger weaker firmer softer")
_DRIVER_STOPS = frozenset({",", ";", ":", ".", "but", "while", "although", "though", "and"})
# Valuation judgements after a linking verb: "looks expensive", "small caps are cheap",
# "valuation is stretched". Alone the words also describe goods and loans.
_VALUATION_LINKS = lx.words(
    "look looks looking looked seem seems seemed appear appears appeared screen screens "
    "screening is are remain remains remained stay stays still already increasingly very"
)
_RICH = lx.words("expensive stretched pricey frothy rich richly fully")
_VALUATION_NOUNS = lx.words("valuation valuations multiple multiples")
_CHEAP = lx.words("cheap cheaper inexpensive undervalued undemanding")
# "trades at a discount to its history" is a cheap valuation, "at a premium" a rich one.
_PRICED_AT = lx.words("trade trades traded trading valued priced")
_GAP_SIZES = lx.words("a an steep deep big large wide significant sizable slight modest small")
# Conviction and preference in a note: "our top pick", "high conviction", "least preferred".
_HIGH_CONVICTION = lx.words("high highest strong strongest top")
_LOW_CONVICTION = lx.words("low lowest little")
_PREFERRED = lx.words("preferred favoured favored favorite favourite")
# "risk/reward", "risk-reward": the payoff, a good quantity ("skewed to the upside").
_PAYOFFS = lx.words("risk-reward risk/reward risk-return")
# Words whose reading the fix-up pass may change (checked first, for speed).
_CONTEXT_WORDS = (
    _DRIVERS
    | _WEIGH
    | _TAX_WORDS
    | _OPERATIONS
    | _RATES
    | _YIELDS
    | frozenset(
        {
            "risk",
            "fine",
            "stuck",
            "back",
            "cuts",
            "interest",
            "pressure",
            "upside",
            "downside",
        }
    )
    | _RICH
    | _CHEAP
    | _PREFERRED
    | _PAYOFFS
    | lx.words("valued discount premium perfection trap pick picks conviction")
)
_PENALTY_VERBS = lx.words("pay pays paid paying face faces faced facing impose imposes imposed")


def _weighs_on_market(low: list[str], infos: list[Info], is_target: list[bool], j: int) -> bool:
    """True when "weighs on" has a figure or a market as object: "weigh on margins",
    "weighs on the Nasdaq-100"; not "Home Depot, Kohl's weigh on retail space"."""
    for k in range(j, min(len(low), j + 4)):
        if infos[k].quantity or is_target[k] or low[k] in _MARKET_OBJECTS:
            return True
        if low[k] in _DRIVER_STOPS:
            return False
    return False


def _is_penalty(low: list[str], i: int) -> bool:
    """True when "a fine" / "the fine" at ``i`` is a penalty: "a fine of", "pay a fine"."""
    return (i + 1 < len(low) and low[i + 1] == "of") or (i > 1 and low[i - 2] in _PENALTY_VERBS)


def _is_sized_fine(tokens: Tokens, infos: list[Info], i: int) -> bool:
    """True for a fine sized by a figure: "a USD 1 billion fine", "a $5m fine"."""
    prev = i - 1
    return tokens.kind[prev] == NUM or bool(infos[prev].unit) or tokens.low[prev] in CURRENCIES


def _valuation(low: list[str], infos: list[Info], i: int) -> None:
    """A valuation judgement after a linking verb: "looks expensive", "is stretched",
    "fully valued"; "cheap" and "expensive" of goods or loans stay unscored."""
    w = low[i]
    if w == "valued":
        if low[i - 1] in ("fully", "richly"):
            infos[i - 1] = EMPTY
            infos[i] = SETBACK
        return
    if w in ("fully", "richly"):
        return  # only with "valued", handled there
    prev = low[i - 2] if low[i - 1] == "as" and i > 1 else low[i - 1]  # "screens as cheap"
    nxt = low[i + 1] if i + 1 < len(low) else ""
    # "looks expensive", "valuation is stretched", "expensive multiples".
    if prev in _VALUATION_LINKS or prev == "valuation" or nxt in _VALUATION_NOUNS:
        infos[i] = SETBACK if w in _RICH else LIMITED_DOWNSIDE


def _become(s: Sentence, i: int) -> bool:
    corporate.become(s, i)
    return True  # "become" ends the token whether or not a rank follows


def _hiring(s: Sentence, i: int) -> bool:
    corporate.hiring(s, i)
    return False  # the word may still be a deal act ("hire" is also "hire a firm")


# Rules anchored on words the word table need not know, tried in this order; the first
# that fires ends the token. Each entry: (words that open it, rule).
_PHRASE_RULES: tuple[tuple[frozenset[str], Callable[[Sentence, int], bool]], ...] = (
    (TIMING_WORDS, markets.timing),
    (MOVE_VERBS, markets.move_object),
    (BEST, markets.best_period),
    (OUTNUMBER, markets.breadth),
    (CROSS_VERBS, markets.crossing),
    (stance.FLOW_WORDS, stance.investor_flow),
    (stance.TAKE_VERBS, stance.take_profits),
    (stance.ROTATE_VERBS, stance.rotation),
    (stance.HOLDING_VERBS, stance.position_change),
    (BECOME, _become),
    (FACE_VERBS, corporate.facing),
    (HIRE_VERBS, _hiring),
    (DEAL_ACTS, corporate.deal_act),
    (results.WITHDRAW_VERBS, results.withdraw),
    (results.REVISE_VERBS, results.revise),
    (results.PAY_VERBS, results.payout_denied),
    (results.IMPACT_ADVERBS, results.impact),
    (results.SURPRISE_WORDS, results.surprise),
)
_PHRASE_WORDS: frozenset[str] = frozenset().union(*(words for words, _ in _PHRASE_RULES))


def _phrase_rule(s: Sentence, i: int, w: str) -> bool:
    """True when a phrase rule anchored on ``w`` fired (and so used the token)."""
    return any(w in words and rule(s, i) for words, rule in _PHRASE_RULES)


class RuleRunner:
    """Stateless rule runner; one instance can be shared by every scorer."""

    def signals(self, tokens: Tokens, is_target: list[bool]) -> list[Signal]:
        low = tokens.low
        kind = tokens.kind
        n = len(low)
        # Only words are keys of the table (numbers, cashtags and punctuation never are).
        infos = [LEXICON.get(w, EMPTY) for w in low]
        for i in range(1, n - 1):
            if low[i] in _COORDINATORS and frozenset((low[i - 1], low[i + 1])) in _OPPOSITES:
                infos[i - 1] = infos[i + 1] = EMPTY  # "profit or loss": a range, no direction
        for i in range(1, n):
            if low[i] not in _CONTEXT_WORDS:
                continue
            if low[i] in _TAX_WORDS and low[i - 1] in ("before", "after"):
                infos[i] = EMPTY  # "profit before taxes" is a profit figure
            elif low[i] in _OPERATIONS and low[i - 1] in _CONTINUING:
                infos[i] = EMPTY  # "loss from continuing operations" is a loss figure
            elif low[i] == "risk" and low[i - 1] == "at" and (i < 2 or low[i - 2] != "value"):
                infos[i] = SETBACK  # "at risk of losing": a threat, not a figure that moves
            elif low[i] == "fine" and (
                (low[i - 1] in ("a", "the") and _is_penalty(low, i))
                or _is_sized_fine(tokens, infos, i)
            ):
                infos[i] = PENALTY  # "pay a fine", "a EUR 1m fine"; not "a fine art"
            elif low[i] in _SIDES and i + 1 < n and low[i + 1] in OPTION_WORDS:
                infos[i] = EMPTY  # "sell upside calls": the strike side, not a move
            elif low[i] in _SIDES and low[i - 1] in _LIMITERS:
                # "limited upside" is a bearish call, "little downside" a bullish one.
                infos[i] = SETBACK if low[i] == "upside" else LIMITED_DOWNSIDE
            elif low[i] == "pressure" and (
                low[i - 1] == "under" or (i + 1 < n and low[i + 1] == "on")
            ):
                infos[i] = SETBACK  # "margins came under pressure", "keeps pressure on"
            elif low[i] == "stuck" and (i + 1 >= n or low[i + 1] not in _STUCK_TO):
                infos[i] = SETBACK  # "got stuck in ice"; not "stuck to its guidance"
            elif low[i] == "back" and low[i - 1] in _SCALE:
                infos[i] = SCALE_BACK  # "scale back production", "scaled back the deal"
            elif low[i] == "cuts" and low[i - 1] in _JOB_WORDS:
                infos[i] = JOB_CUTS  # "job cuts doubled": a figure like "layoffs"
            elif low[i] in _RATES and low[i - 1] in _RATE_BEFORE:
                infos[i] = MACRO_RATE  # "the key rate", "mortgage rates"
            elif low[i] in _YIELDS and low[i - 1] in _YIELD_BEFORE:
                infos[i] = MACRO_RATE  # "Treasury yields", "the 10-year yield"
            elif low[i] in _RICH or low[i] in _CHEAP or low[i] == "valued":
                _valuation(low, infos, i)
            elif low[i] in ("discount", "premium"):
                k = i - 1
                while k > 0 and i - k <= 3 and low[k] in _GAP_SIZES:
                    k -= 1
                if k < i - 1 and low[k] == "at" and k > 0 and low[k - 1] in _PRICED_AT:
                    infos[i] = LIMITED_DOWNSIDE if low[i] == "discount" else SETBACK
            elif low[i] == "perfection" and i > 1 and low[i - 1] == "for":
                infos[i] = (
                    SETBACK if low[i - 2] == "priced" else infos[i]
                )  # "priced for perfection"
            elif low[i] == "trap" and low[i - 1] == "value":
                infos[i] = SETBACK  # "a value trap"
            elif low[i] in ("pick", "picks") and low[i - 1] == "top":
                infos[i] = LIMITED_DOWNSIDE  # "our top pick"
            elif low[i] == "conviction" and low[i - 1] in _HIGH_CONVICTION:
                infos[i] = LIMITED_DOWNSIDE
            elif low[i] == "conviction" and low[i - 1] in _LOW_CONVICTION:
                infos[i] = SETBACK
            elif low[i] in _PREFERRED and low[i - 1] in ("least", "most"):
                # A preference; "least" flips it in the valence pass ("least preferred").
                infos[i] = LIMITED_DOWNSIDE
            elif low[i] in _PAYOFFS:
                infos[i] = PAYOFF
            elif (
                low[i] == "risk"
                and i + 2 < n
                and low[i + 1] in ("/", "-")
                and low[i + 2] in ("reward", "return")
            ):
                infos[i] = infos[i + 1] = EMPTY
                infos[i + 2] = PAYOFF  # "risk / reward is skewed to the upside"
            elif low[i] == "interest" and low[i - 1] == "short":
                infos[i - 1] = EMPTY  # "short interest rises": a bearish figure, not a stance
                infos[i] = SHORT_INTEREST
            elif low[i] in _DRIVERS or (
                low[i] in _WEIGH
                and i + 1 < n
                and low[i + 1] in ("on", "upon")
                and _weighs_on_market(low, infos, is_target, i + 2)
            ):
                if low[i] in _WEIGH:
                    infos[i] = WEIGH_ON
                j = i - 1
                while j >= 0 and low[j] not in _DRIVER_STOPS:
                    if infos[j].direction or low[j] in _DRIVER_COMPARATIVES:
                        infos[j] = EMPTY
                    j -= 1
        s = Sentence(tokens, infos, is_target)
        consumed = s.consumed

        # Pass 1: rules anchored on one word; a rule that fires ends the token.
        for i in range(n):
            if consumed[i]:
                continue
            k = kind[i]
            if k != WORD:
                if k == NUM and not markets.signed_percent(s, i):
                    comparisons.negative_figure(s, i)
                continue
            w = low[i]
            inf = infos[i]
            if w in _PHRASE_WORDS and _phrase_rule(s, i, w):
                continue
            if inf is EMPTY:
                continue
            if inf.overcome and corporate.overcome(s, i):
                continue
            # A rating after "from" is the old one: "to hold from buy".
            if i > 0 and low[i - 1] == "from" and (inf.rating or inf.stance_strong):
                consumed[i] = True
                continue
            if inf.rating_neutral and i > 1 and analyst.rating_move(s, i):
                continue
            if (inf.stance_strong or inf.stance_weak or inf.option or inf.rating) and stance.stance(
                s, i
            ):
                continue
            if inf.turn and quantities.state_change(s, i):
                continue
            if (inf.beat or inf.miss) and comparisons.beat_miss(s, i):
                continue
            if inf.deal and corporate.deal(s, i):
                continue
            if inf.camp:
                analyst.camp(s, i)
                continue
            if inf.well:
                corporate.well(s, i)
                continue
            if inf.level:
                markets.level(s, i)
                continue
            if inf.closer and corporate.closure(s, i):
                continue
            if inf.comparator:
                comparisons.figures(s, i)
                continue
            if inf.direction:
                quantities.direction(s, i)

        valence(s)
        out = s.out
        if s.reframes:
            out = reframe(out, low, s.reframes)
        return out
