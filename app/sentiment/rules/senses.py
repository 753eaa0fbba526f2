"""Phrasal senses settled before any rule runs (more of ``readings``): a word whose
usual finance reading is wrong in a set phrase.

"Tata Motors strikes a deal" is no walkout, "the worst is over" is a relief, and
"spending hopes fire up infra stocks" lifts the stocks rather than the spending.
"""

from __future__ import annotations

from app.sentiment import lexicon as lx
from app.sentiment.rules.context import Sentence
from app.sentiment.rules.dispatch import WordRules, rules_by_word, trigger_words
from app.sentiment.rules.table import EMPTY, LEXICON, LIMITED_DOWNSIDE, SETBACK
from app.sentiment.tokens import NUM, PCT, PUNCT

STRIKES = lx.words("strike strikes struck striking")
# What a company strikes: an agreement, or a level or a windfall.
_STRUCK_DEALS = lx.words(
    "deal deals pact pacts agreement agreements accord accords alliance partnership "
    "partnerships tie-up tie-ups settlement compromise balance"
)
_STRUCK_GAINS = lx.words("gold big rich")
_STRUCK_LEVELS = lx.words("record fresh new")  # "strikes record high": the level tells
_STRIKE_NOUN_LEADS = lx.words("a an the any this that possible planned threatened")
_STRUCK_REACH = 7  # "strikes a $2 billion supply deal"
# What ends the search for the struck thing: "strike at the plant", "strike over pay".
_STRUCK_STOPS = lx.words("at over on in for against from after as , ; : -")
_OVER = lx.words("over behind past")
# Between "worst" and "over": "the worst may well be over", "worst is now behind us".
_OVER_LINKS = lx.words(
    "is are was may might could should be been has have seems seem appears to now already "
    "likely probably well finally largely"
)


def _struck(sentence: Sentence, at: int) -> bool:
    """ "strikes a $15 billion supply deal", "strikes record high", "strikes gold": the
    verb (no trouble); "a strike at the plant", "threatens to strike" keep the walkout."""
    low = sentence.low
    if at > 0 and low[at - 1] in _STRIKE_NOUN_LEADS:
        return False  # "averts a strike with a new pay deal": the walkout
    for pos in range(at + 1, min(sentence.n, at + 1 + _STRUCK_REACH)):
        word = low[pos]
        if word in _STRUCK_DEALS or (word in _STRUCK_LEVELS and pos == at + 1):
            sentence.infos[at] = EMPTY  # the deal or the level carries the reading
            return True
        if word in _STRUCK_GAINS and pos == at + 1:
            sentence.infos[at] = LIMITED_DOWNSIDE
            return True
        if word in _STRUCK_STOPS:
            return False
    return False


def _worst_over(sentence: Sentence, at: int) -> bool:
    """ "The worst is over", "worst may be behind": a relief, not a trouble."""
    low = sentence.low
    for pos in range(at + 1, min(sentence.n, at + 5)):
        if low[pos] in _OVER:
            sentence.infos[at] = LIMITED_DOWNSIDE
            sentence.infos[pos] = EMPTY
            return True
        if low[pos] not in _OVER_LINKS:
            return False
    return False


# "Rupee off highs", "Nikkei off its record high", "metals off the lows".
_PEAKS = lx.words("high highs peak peaks top tops")
_TROUGHS = lx.words("low lows bottom bottoms")
_OFF_SKIP = lx.words(
    "its the their session's day's week's intraday early record recent multi-year all-time"
)


def _off_extreme(sentence: Sentence, at: int) -> bool:
    """ "off highs": down from a peak; "off lows": up from a trough."""
    pos = at + 1
    while pos < sentence.n and pos - at <= 3 and sentence.low[pos] in _OFF_SKIP:
        pos += 1
    if pos >= sentence.n or at == 0 or sentence.low[at - 1] in ("kick", "kicks", "kicked"):
        return False
    word = sentence.low[pos]
    if word not in _PEAKS and word not in _TROUGHS:
        return False
    sentence.infos[at] = SETBACK if word in _PEAKS else LIMITED_DOWNSIDE
    for skipped in range(at + 1, pos + 1):
        sentence.infos[skipped] = EMPTY
    return True


def _not_a_result(sentence: Sentence, at: int) -> bool:
    """ "a stop loss at Rs 380" is an order, "profit booking" is selling: no result."""
    nxt = sentence.low[at + 1] if at + 1 < sentence.n else ""
    word = sentence.low[at]
    if word == "stop" and nxt in ("loss", "losses"):
        sentence.infos[at + 1] = EMPTY
        return True
    if word == "profit" and nxt in ("booking", "taking"):
        sentence.infos[at] = SETBACK  # profit-taking: holders selling
        sentence.infos[at + 1] = EMPTY
        return True
    return False


# A size class, not a change: "smaller stocks doing well", "growth in smaller cities".
_SIZES = lx.words("smaller larger bigger")
_SIZED = lx.words(
    "stocks companies firms cities towns banks lenders peers rivals players caps names "
    "markets brokers brokerages funds"
)


def _size_class(sentence: Sentence, at: int) -> bool:
    if at + 1 >= sentence.n or sentence.low[at + 1] not in _SIZED:
        return False
    sentence.infos[at] = EMPTY
    return True


_CRACKS = lx.words("crack cracks cracked")
_CRACK_LEADS = lx.words("over nearly almost about up to by")
_TUMBLES = LEXICON["tumbles"]


def _cracked(sentence: Sentence, at: int) -> bool:
    """ "Titan cracks over 3%": a price falling hard; "cracks in the labour market"
    stay a figure of speech."""
    pos = at + 1
    while pos < sentence.n and pos - at <= 2 and sentence.low[pos] in _CRACK_LEADS:
        pos += 1
    if pos >= sentence.n or sentence.kind[pos] not in (NUM, PCT):
        return False
    sentence.infos[at] = _TUMBLES
    return True


# A good thing lost: "Sensex loses momentum", "gold loses its lustre", "lost its edge".
_LOSE = lx.words("lose loses lost losing")
_LOST_SKIP = lx.words("its their some much all the a")


def _lost_good(sentence: Sentence, at: int) -> bool:
    pos = at + 1
    while pos < sentence.n and pos - at <= 2 and sentence.low[pos] in _LOST_SKIP:
        pos += 1
    if pos >= sentence.n:
        return False
    lost = sentence.infos[pos]
    if lost.valence <= 0 or lost.quantity or lost.camp:
        return False  # "loses a bull": an analyst camp, read there
    sentence.infos[at] = EMPTY
    sentence.infos[pos] = SETBACK
    return True


# Korea's currency, not a victory: "won slips after weak data", "Korean won firmer".
_WON_BEFORE = lx.words("korean korea's s.korean south")
_WON_AFTER = lx.words("firmer weaker steady flat stable")


def _currency_won(sentence: Sentence, at: int) -> bool:
    nxt = at + 1
    moves = nxt < sentence.n and (sentence.infos[nxt].direction or sentence.low[nxt] in _WON_AFTER)
    if not moves and not (at > 0 and sentence.low[at - 1] in _WON_BEFORE):
        return False
    sentence.infos[at] = EMPTY
    return True


# A blow to what follows: "turbulence hits aviation stocks", "slowdown hits margins",
# "telcos hit by spectrum costs"; not "hits a record high".
_HITS = lx.words("hit hits")
_HIT_OBJECTS = lx.words(
    "stocks shares sector sectors revenue revenues margins margin profit profits earnings "
    "demand sentiment exports traders investors growth sales volumes output"
)
_HIT_SKIP = lx.words("the a its their hard")
_HURTS = LEXICON["hurts"]


def _hit(sentence: Sentence, at: int) -> bool:
    low = sentence.low
    if at + 1 < sentence.n and low[at + 1] == "by":
        sentence.infos[at] = _HURTS  # "hit by new norms": the subject takes the blow
        return True
    # The object, past one modifier and determiners: "hits aviation stocks".
    for pos in range(at + 1, min(sentence.n, at + 4)):
        if low[pos] in _HIT_OBJECTS:
            sentence.infos[at] = _HURTS
            return True
        if pos > at + 1 and low[pos] not in _HIT_SKIP:
            return False
    return False


# A good thing fading: "reform hopes fade", "gold's allure dims", "optimism wanes".
_FADES = lx.words("fade fades faded fading dim dims dimmed wane wanes waned evaporate evaporates")
_FADE_LINKS = lx.words("has have had is are was were")
# Good things that may fade without a reading of their own ("hopes", "allure").
_GOODS = lx.words("hopes hope confidence appetite allure lustre shine charm momentum optimism")


def _good_fades(sentence: Sentence, at: int) -> bool:
    pos = at - 1
    while pos > 0 and sentence.low[pos] in _FADE_LINKS:
        pos -= 1
    if pos < 0 or (sentence.infos[pos].valence <= 0 and sentence.low[pos] not in _GOODS):
        return False
    sentence.infos[pos] = SETBACK
    sentence.infos[at] = EMPTY
    return True


# Risk appetite: "investors ready to take on more risk" is confidence, not a hazard.
_TAKE = lx.words("take takes taking took")
_RISK_AMOUNTS = lx.words("more some extra additional greater")
_RISK_TAKERS = lx.words("investors traders funds markets market buyers")


def _risk_taken(sentence: Sentence, at: int) -> bool:
    pos = at - 1
    if pos >= 0 and sentence.low[pos] in _RISK_AMOUNTS:
        pos -= 1
    if pos < 1 or sentence.low[pos] != "on" or sentence.low[pos - 1] not in _TAKE:
        return False
    if not any(word in _RISK_TAKERS for word in sentence.low[max(0, pos - 8) : pos - 1]):
        return False  # "the bank takes on more risk": a hazard in its book
    sentence.infos[at] = LIMITED_DOWNSIDE
    if sentence.low[at - 1] in _RISK_AMOUNTS:
        sentence.infos[at - 1] = EMPTY
    return True


# Growth qualified as weak is no good news: "expect a flat earnings growth", "sluggish
# growth"; the qualifier, when it has a reading, says the rest.
_WEAK_GROWTH = lx.words("flat flattish muted tepid sluggish subdued weak anaemic anemic lacklustre")


def _weak_growth(sentence: Sentence, at: int) -> bool:
    if not any(word in _WEAK_GROWTH for word in sentence.low[max(0, at - 3) : at]):
        return False
    sentence.infos[at] = EMPTY
    return True


# A rise held back, said after it: "gains in crude oil limited", "upside capped at 90".
_HELD_BACK = lx.words("limited capped")
_HELD_MOVES = lx.words("gains gain upside rally rise")
_HELD_REACH = 5


def _held_back(sentence: Sentence, at: int) -> bool:
    for pos in range(at - 1, max(-1, at - 1 - _HELD_REACH), -1):
        if sentence.kind[pos] == PUNCT:
            return False
        if sentence.low[pos] in _HELD_MOVES:
            sentence.infos[pos] = EMPTY
            sentence.infos[at] = SETBACK
            return True
    return False


# Multiples as the subject of their own move: "small-cap multiples are compressing" (a
# derating), "valuations expanded"; not "the gap in forward multiples narrowed".
_MULTIPLES = lx.words("multiples valuations")
_MULTIPLE_LINKS = lx.words("are is have has been keep kept continue continued to")
_VALUATION = LEXICON["valuation"]


def _multiples_move(sentence: Sentence, at: int) -> bool:
    if any(word in ("in", "of") for word in sentence.low[max(0, at - 2) : at]):
        return False  # "the gap in (forward) multiples": another noun's modifier
    pos = at + 1
    while pos < sentence.n and pos - at <= 3 and sentence.low[pos] in _MULTIPLE_LINKS:
        pos += 1
    if pos >= sentence.n or not sentence.infos[pos].direction:
        return False
    sentence.infos[at] = _VALUATION
    return True


# Phrasal verbs read as one word: "spending hopes fire up infra stocks" (a boost to what
# follows, whatever came before), "telcos weighed down by auction costs" (a blow).
_PHRASALS = {
    **dict.fromkeys(lx.words("fire fires fired firing"), ("up", LIMITED_DOWNSIDE)),
    **dict.fromkeys(lx.words("weigh weighs weighed"), ("down", _HURTS)),
}


def _phrasal(sentence: Sentence, at: int) -> bool:
    particle, reading = _PHRASALS[sentence.low[at]]
    if at + 1 >= sentence.n or sentence.low[at + 1] != particle:
        return False
    sentence.infos[at] = reading
    sentence.infos[at + 1] = EMPTY
    return True


SENSE_RULES: WordRules = (
    (STRIKES, _struck),
    (frozenset({"worst"}), _worst_over),
    (frozenset(_PHRASALS), _phrasal),
    (frozenset({"off"}), _off_extreme),
    (frozenset({"stop", "profit"}), _not_a_result),
    (_SIZES, _size_class),
    (_CRACKS, _cracked),
    (_LOSE, _lost_good),
    (frozenset({"won"}), _currency_won),
    (_HITS, _hit),
    (_FADES, _good_fades),
    (frozenset({"risk"}), _risk_taken),
    (frozenset({"growth"}), _weak_growth),
    (_HELD_BACK, _held_back),
    (_MULTIPLES, _multiples_move),
)
SENSE_WORDS: frozenset[str] = trigger_words(SENSE_RULES)
SENSES_BY_WORD = rules_by_word(SENSE_RULES)
