"""Analyst actions: rating moves and analyst camps.

"Cuts to Neutral" or "raised to Equal Weight" name a neutral rating, so the
sign comes from the verb that moved it; "gains a bull" / "loses a bull" count
analysts joining or leaving a side. Ratings with a direction of their own
("upgraded to buy") are trade stance and live in ``stance``.
"""

from __future__ import annotations

from app.sentiment import lexicon as lx
from app.sentiment.rules.context import CLAUSE_STOPS, Sentence
from app.sentiment.rules.table import Signal
from app.sentiment.tokens import Tokens

RATING_MOVERS = lx.words(
    "upgraded upgrades upgrade upgrading downgraded downgrades downgrade downgrading "
    "raised raises raise cut cuts lowered lowers moved moves lifted lifts boosted "
    "initiated initiates started starts resumed reiterated reiterates maintained "
    "maintains rated ups upped bumps bumped hikes hiked reinstated reinstates assumed assumes "
    "reiterating initiating cutting lowering raising lifting"
)
_CAMP_GAIN = lx.words("gains gained gain adds added add wins won gets got picks lands landed")
_CAMP_LOSE = lx.words("loses lost lose losing")


def _camp(tokens: Tokens, at: int) -> float:
    low = tokens.low
    sign = 1.0 if low[at] == "bull" else -1.0
    pos = at - 1
    while pos >= 0 and low[pos] in ("a", "another", "new", "fresh"):
        pos -= 1
    if pos == at - 1:
        return 0.0
    verb = low[pos] if pos >= 0 else ""
    if verb in _CAMP_GAIN or low[at - 1] in ("new", "fresh"):
        return 0.9 * sign
    if verb in _CAMP_LOSE:
        return -0.9 * sign
    return 0.0


# What may stand between the verb and "to": "cut NVDA to neutral", "moved it to Equal
# Weight", "lowered the stock to Hold".
_RATED_OBJECTS = lx.words("it them the stock stocks shares name position our its")


def _mover_before(sentence: Sentence, to: int) -> int:
    """Position of the verb that moved the rating to the "to" at ``to``, or -1."""
    scan = to - 1
    while scan >= 0 and to - scan <= 4:
        if sentence.low[scan] in RATING_MOVERS:
            return scan
        if not (
            sentence.is_target[scan]
            or sentence.low[scan] in _RATED_OBJECTS
            or sentence.raw[scan][:1].isupper()
        ):
            return -1
        scan -= 1
    return -1


def rating_move(sentence: Sentence, at: int) -> bool:
    """A move to a neutral rating: "cuts to Neutral", "raised to Equal Weight",
    "we cut NVDA to market weight".

    The rating says nothing by itself, so the sign comes from the verb that moved it.
    """
    pos = at - 1 if sentence.low[at - 1] == "to" else at - 2
    if pos <= 0 or sentence.low[pos] != "to":
        return False
    scan = _mover_before(sentence, pos)
    if scan < 0:
        return False
    mover = sentence.infos[scan]
    if mover.direction and not mover.stance_strong and not sentence.consumed[scan]:
        value = 0.8 if mover.direction > 0 else -0.8
        sentence.out.append(Signal(scan, value, False))
        sentence.consumed[at] = sentence.consumed[scan] = True
        return True
    return False


def camp(sentence: Sentence, at: int) -> None:
    """Analyst camps: "gains a bull", "loses a bull", "adds a bear"."""
    value = _camp(sentence.tokens, at)
    if value:
        sentence.out.append(Signal(at, -value if sentence.negated(at) else value, False))
        sentence.consumed[at] = True


# "benefit" is a view when it is a verb about what is to come or a source of gain:
# "banks will benefit", "set to benefit from lower rates", "benefits from a weak
# currency"; not "employee benefits" or "a tax benefit". What the subject benefits from
# is good for it, whatever its own tone ("benefit from the weaker rupee").
BENEFIT_WORDS = lx.words("benefit benefits benefited benefitted benefiting benefitting")
_BENEFIT_LEADS = lx.words("will would could should may might can to set stand poised likely bound")
_BENEFIT_SOURCES = lx.words("from on")
_NOT_A_VERB = lx.words("the a an of tax its their our his her")
_SOURCE_REACH = 5


def benefit(sentence: Sentence, at: int) -> bool:
    low = sentence.low
    prev = low[at - 1] if at > 0 else ""
    source = at + 1 < sentence.n and low[at + 1] in _BENEFIT_SOURCES
    gains_from = source and low[at] != "benefit" and prev not in _NOT_A_VERB
    if prev not in _BENEFIT_LEADS and not gains_from:
        return False
    sentence.out.append(Signal(at, -0.6 if sentence.negated(at) else 0.6, False))
    sentence.consumed[at] = True
    if source:
        for pos in range(at + 1, min(sentence.n, at + 2 + _SOURCE_REACH)):
            if low[pos] in CLAUSE_STOPS or low[pos] == ",":
                break
            sentence.consumed[pos] = True
    return True
