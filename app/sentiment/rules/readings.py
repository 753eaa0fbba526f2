"""Readings that depend on a neighbouring word, settled before any rule runs.

"profit before taxes" is a profit figure, "short interest" a bad quantity, "limited
upside" a bearish call. Each entry of ``READING_RULES`` is (trigger words, rule); the
runner offers each token to the rules its word triggers, in table order, and the
first rule whose context matches settles the token's reading (even when that reading
stays what the word table says).
"""

from __future__ import annotations

from app.sentiment import lexicon as lx
from app.sentiment.rules.context import Sentence
from app.sentiment.rules.dispatch import WordRules, rules_by_word, trigger_words
from app.sentiment.rules.picks import GOOD_WORDS, PICKS, looks_good, recommended
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
)
from app.sentiment.tokens import NUM

_TAX_WORDS = lx.words("tax taxes")
_OPERATIONS = lx.words("operations operation business businesses")
_CONTINUING = lx.words("continuing continued discontinued discontinuing")
_JOB_WORDS = lx.words("job jobs workforce staff")
_SCALE = lx.words("scale scales scaled scaling")
_STUCK_TO = lx.words("to with by")
_SIDES = lx.words("upside downside")
_LIMITERS = lx.words("limited little scant minimal")
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
    "sentiment index indices market markets equities valuation valuations multiples stocks "
    "shares banks lenders sector sectors names sheets"
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
_PENALTY_VERBS = lx.words("pay pays paid paying face faces faced facing impose imposes imposed")


def _after_tax(sentence: Sentence, at: int) -> bool:
    if sentence.low[at - 1] not in ("before", "after"):
        return False
    sentence.infos[at] = EMPTY  # "profit before taxes" is a profit figure
    return True


def _continuing_operations(sentence: Sentence, at: int) -> bool:
    if sentence.low[at - 1] not in _CONTINUING:
        return False
    sentence.infos[at] = EMPTY  # "loss from continuing operations" is a loss figure
    return True


def _at_risk(sentence: Sentence, at: int) -> bool:
    low = sentence.low
    if low[at - 1] != "at" or (at >= 2 and low[at - 2] == "value"):
        return False  # "value at risk" is a measure
    sentence.infos[at] = SETBACK  # "at risk of losing": a threat, not a figure that moves
    return True


def _is_penalty(low: list[str], at: int) -> bool:
    """True when "a fine" / "the fine" at ``at`` is a penalty: "a fine of", "pay a fine"."""
    return (at + 1 < len(low) and low[at + 1] == "of") or (at > 1 and low[at - 2] in _PENALTY_VERBS)


def _is_sized_fine(sentence: Sentence, at: int) -> bool:
    """True for a fine sized by a figure: "a USD 1 billion fine", "a $5m fine"."""
    before = at - 1
    return (
        sentence.kind[before] == NUM
        or bool(sentence.infos[before].unit)
        or sentence.low[before] in CURRENCIES
    )


def _fine(sentence: Sentence, at: int) -> bool:
    low = sentence.low
    if not ((low[at - 1] in ("a", "the") and _is_penalty(low, at)) or _is_sized_fine(sentence, at)):
        return False
    sentence.infos[at] = PENALTY  # "pay a fine", "a EUR 1m fine"; not "a fine art"
    return True


def _option_side(sentence: Sentence, at: int) -> bool:
    if at + 1 >= sentence.n or sentence.low[at + 1] not in OPTION_WORDS:
        return False
    sentence.infos[at] = EMPTY  # "sell upside calls": the strike side, not a move
    return True


def _limited_side(sentence: Sentence, at: int) -> bool:
    if sentence.low[at - 1] not in _LIMITERS:
        return False
    # "limited upside" is a bearish call, "little downside" a bullish one.
    sentence.infos[at] = SETBACK if sentence.low[at] == "upside" else LIMITED_DOWNSIDE
    return True


def _pressure(sentence: Sentence, at: int) -> bool:
    low = sentence.low
    if not (low[at - 1] == "under" or (at + 1 < sentence.n and low[at + 1] == "on")):
        return False
    sentence.infos[at] = SETBACK  # "margins came under pressure", "keeps pressure on"
    return True


def _stuck(sentence: Sentence, at: int) -> bool:
    if at + 1 < sentence.n and sentence.low[at + 1] in _STUCK_TO:
        return False  # "stuck to its guidance"
    sentence.infos[at] = SETBACK  # "got stuck in ice"
    return True


def _scale_back(sentence: Sentence, at: int) -> bool:
    if sentence.low[at - 1] not in _SCALE:
        return False
    sentence.infos[at] = SCALE_BACK  # "scale back production", "scaled back the deal"
    return True


def _job_cuts(sentence: Sentence, at: int) -> bool:
    if sentence.low[at - 1] not in _JOB_WORDS:
        return False
    sentence.infos[at] = JOB_CUTS  # "job cuts doubled": a figure like "layoffs"
    return True


def _macro_rate(sentence: Sentence, at: int) -> bool:
    if sentence.low[at - 1] not in _RATE_BEFORE:
        return False
    sentence.infos[at] = MACRO_RATE  # "the key rate", "mortgage rates"
    return True


def _macro_yield(sentence: Sentence, at: int) -> bool:
    if sentence.low[at - 1] not in _YIELD_BEFORE:
        return False
    sentence.infos[at] = MACRO_RATE  # "Treasury yields", "the 10-year yield"
    return True


def _valuation(sentence: Sentence, at: int) -> bool:
    """A valuation judgement after a linking verb: "looks expensive", "is stretched",
    "fully valued"; "cheap" and "expensive" of goods or loans stay unscored."""
    low, infos = sentence.low, sentence.infos
    word = low[at]
    if word == "valued":
        if low[at - 1] in ("fully", "richly"):
            infos[at - 1] = EMPTY
            infos[at] = SETBACK
        return True
    if word in ("fully", "richly"):
        return True  # only with "valued", handled there
    before = low[at - 2] if low[at - 1] == "as" and at > 1 else low[at - 1]  # "screens as cheap"
    after = low[at + 1] if at + 1 < len(low) else ""
    # "looks expensive", "valuation is stretched", "expensive multiples".
    if before in _VALUATION_LINKS or before == "valuation" or after in _VALUATION_NOUNS:
        infos[at] = SETBACK if word in _RICH else LIMITED_DOWNSIDE
    return True


def _priced_at_gap(sentence: Sentence, at: int) -> bool:
    """ "trades at a discount" reads cheap, "trades at a steep premium" rich."""
    low = sentence.low
    scan = at - 1
    while scan > 0 and at - scan <= 3 and low[scan] in _GAP_SIZES:
        scan -= 1
    if scan < at - 1 and low[scan] == "at" and scan > 0 and low[scan - 1] in _PRICED_AT:
        sentence.infos[at] = LIMITED_DOWNSIDE if low[at] == "discount" else SETBACK
    return True


def _priced_for_perfection(sentence: Sentence, at: int) -> bool:
    low = sentence.low
    if at <= 1 or low[at - 1] != "for":
        return False
    if low[at - 2] == "priced":
        sentence.infos[at] = SETBACK  # "priced for perfection"
    return True


def _value_trap(sentence: Sentence, at: int) -> bool:
    if sentence.low[at - 1] != "value":
        return False
    sentence.infos[at] = SETBACK  # "a value trap"
    return True


# Loans gone bad are a bad quantity: "rising bad loans", "stressed assets".
_SOURED = lx.words("bad non-performing nonperforming stressed toxic soured problem impaired")
_LENT = lx.words("loans loan assets asset debts debt advances")


def _soured_loans(sentence: Sentence, at: int) -> bool:
    if sentence.low[at - 1] not in _SOURED:
        return False
    sentence.infos[at] = _BAD_LOANS
    sentence.infos[at - 1] = EMPTY
    return True


def _conviction(sentence: Sentence, at: int) -> bool:
    before = sentence.low[at - 1]
    if before in _HIGH_CONVICTION:
        sentence.infos[at] = LIMITED_DOWNSIDE
    elif before in _LOW_CONVICTION:
        sentence.infos[at] = SETBACK
    else:
        return False
    return True


def _preference(sentence: Sentence, at: int) -> bool:
    if sentence.low[at - 1] not in ("least", "most"):
        return False
    # A preference; "least" flips it in the valence pass ("least preferred").
    sentence.infos[at] = LIMITED_DOWNSIDE
    return True


def _payoff(sentence: Sentence, at: int) -> bool:
    sentence.infos[at] = PAYOFF
    return True


def _risk_reward(sentence: Sentence, at: int) -> bool:
    low = sentence.low
    if not (
        at + 2 < sentence.n and low[at + 1] in ("/", "-") and low[at + 2] in ("reward", "return")
    ):
        return False
    infos = sentence.infos
    infos[at] = infos[at + 1] = EMPTY
    infos[at + 2] = PAYOFF  # "risk / reward is skewed to the upside"
    return True


def _short_interest(sentence: Sentence, at: int) -> bool:
    if sentence.low[at - 1] != "short":
        return False
    sentence.infos[at - 1] = EMPTY  # "short interest rises": a bearish figure, not a stance
    sentence.infos[at] = SHORT_INTEREST
    return True


def _weighs_on_market(sentence: Sentence, start: int) -> bool:
    """True when "weighs on" has a figure or a market as object: "weigh on margins",
    "weighs on the Nasdaq-100"; not "Home Depot, Kohl's weigh on retail space"."""
    low, infos = sentence.low, sentence.infos
    for pos in range(start, min(len(low), start + 4)):
        if infos[pos].quantity or sentence.is_target[pos] or low[pos] in _MARKET_OBJECTS:
            return True
        if low[pos] in _DRIVER_STOPS:
            return False
    return False


def _driver(sentence: Sentence, at: int) -> bool:
    """ "a tailwind for", "weighs on the index": the driver word carries the sign, so
    the move before it (the driver's own) is dropped."""
    low, infos = sentence.low, sentence.infos
    word = low[at]
    if word not in _DRIVERS and not (
        at + 1 < sentence.n
        and low[at + 1] in ("on", "upon")
        and _weighs_on_market(sentence, at + 2)
    ):
        return False
    if word in _WEIGH:
        infos[at] = WEIGH_ON
    pos = at - 1
    while pos >= 0 and low[pos] not in _DRIVER_STOPS:
        if infos[pos].direction or low[pos] in _DRIVER_COMPARATIVES:
            infos[pos] = EMPTY
        pos -= 1
    return True


_TANKED = LEXICON["tanked"]
_TANK_SUBJECTS = lx.words(
    "shares stock stocks stk scrip equities banks bonds markets indices futures prices net "
    "profit profits revenue revenues sales earnings income"
)
_BAD_LOANS = LEXICON["impairments"]


def _tanks(sentence: Sentence, at: int) -> bool:
    """ "Maruti tanks post results": a verb after a name is a price falling hard; "storage
    tanks" stay containers."""
    prev = at - 1
    if sentence.tokens.raw[at][:1].isupper():
        return False  # "Florida Rock & Tank Lines": part of a name
    if prev >= 0 and sentence.low[prev] in _TANK_SUBJECTS:
        sentence.infos[at] = _TANKED  # "Future Retail shares tank 5.6%"
        return True
    if prev < 0 or not (sentence.is_target[prev] or sentence.tokens.raw[prev][:1].isupper()):
        return False
    if prev == 0 and not sentence.is_target[prev]:
        return False  # "Storage tanks ...": a capitalised first word is no name
    sentence.infos[at] = _TANKED
    return True


def _digits(sentence: Sentence, at: int) -> bool:
    """ "A double-digit drop": "double" gives the drop's size, not a doubling."""
    if sentence.low[at - 1] not in ("double", "triple"):
        return False
    if not any(info.direction < 0 for info in sentence.infos[at + 1 : at + 4]):
        return False  # "double-digit growth": read as before, a strong rise
    sentence.infos[at - 1] = EMPTY
    return True


# In this order; the first rule whose context matches settles the token.
READING_RULES: WordRules = (
    (_TAX_WORDS, _after_tax),
    (_OPERATIONS, _continuing_operations),
    (frozenset({"risk"}), _at_risk),
    (frozenset({"fine"}), _fine),
    (_SIDES, _option_side),
    (_SIDES, _limited_side),
    (frozenset({"pressure"}), _pressure),
    (frozenset({"stuck"}), _stuck),
    (frozenset({"back"}), _scale_back),
    (frozenset({"cuts"}), _job_cuts),
    (_RATES, _macro_rate),
    (_YIELDS, _macro_yield),
    (_RICH | _CHEAP | {"valued"}, _valuation),
    (frozenset({"discount", "premium"}), _priced_at_gap),
    (frozenset({"perfection"}), _priced_for_perfection),
    (frozenset({"trap"}), _value_trap),
    (PICKS, recommended),
    (GOOD_WORDS, looks_good),
    (frozenset({"conviction"}), _conviction),
    (_PREFERRED, _preference),
    (_PAYOFFS, _payoff),
    (frozenset({"risk"}), _risk_reward),
    (frozenset({"interest"}), _short_interest),
    (_DRIVERS | _WEIGH, _driver),
    (frozenset({"digit"}), _digits),
    (_LENT, _soured_loans),
    (lx.words("tank tanks"), _tanks),
)
READING_WORDS: frozenset[str] = trigger_words(READING_RULES)
READINGS_BY_WORD = rules_by_word(READING_RULES)
