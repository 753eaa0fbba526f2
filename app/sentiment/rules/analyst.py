"""Analyst actions: rating moves and analyst camps.

"Cuts to Neutral" or "raised to Equal Weight" name a neutral rating, so the
sign comes from the verb that moved it; "gains a bull" / "loses a bull" count
analysts joining or leaving a side. Ratings with a direction of their own
("upgraded to buy") are trade stance and live in ``stance``.
"""

from __future__ import annotations

from app.sentiment import lexicon as lx
from app.sentiment.rules.context import Sentence
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


def _camp(tokens: Tokens, i: int) -> float:
    low = tokens.low
    sign = 1.0 if low[i] == "bull" else -1.0
    j = i - 1
    while j >= 0 and low[j] in ("a", "another", "new", "fresh"):
        j -= 1
    if j == i - 1:
        return 0.0
    verb = low[j] if j >= 0 else ""
    if verb in _CAMP_GAIN or low[i - 1] in ("new", "fresh"):
        return 0.9 * sign
    if verb in _CAMP_LOSE:
        return -0.9 * sign
    return 0.0


# What may stand between the verb and "to": "cut NVDA to neutral", "moved it to Equal
# Weight", "lowered the stock to Hold".
_RATED_OBJECTS = lx.words("it them the stock stocks shares name position our its")


def _mover_before(s: Sentence, to: int) -> int:
    """Position of the verb that moved the rating to the "to" at ``to``, or -1."""
    k = to - 1
    while k >= 0 and to - k <= 4:
        if s.low[k] in RATING_MOVERS:
            return k
        if not (s.is_target[k] or s.low[k] in _RATED_OBJECTS or s.raw[k][:1].isupper()):
            return -1
        k -= 1
    return -1


def rating_move(s: Sentence, i: int) -> bool:
    """A move to a neutral rating: "cuts to Neutral", "raised to Equal Weight",
    "we cut NVDA to market weight".

    The rating says nothing by itself, so the sign comes from the verb that moved it.
    """
    j = i - 1 if s.low[i - 1] == "to" else i - 2
    if j <= 0 or s.low[j] != "to":
        return False
    k = _mover_before(s, j)
    if k < 0:
        return False
    mover = s.infos[k]
    if mover.direction and not mover.stance_strong and not s.consumed[k]:
        value = 0.8 if mover.direction > 0 else -0.8
        s.out.append(Signal(k, value, False))
        s.consumed[i] = s.consumed[k] = True
        return True
    return False


def camp(s: Sentence, i: int) -> None:
    """Analyst camps: "gains a bull", "loses a bull", "adds a bear"."""
    value = _camp(s.tokens, i)
    if value:
        s.out.append(Signal(i, -value if s.negated(i) else value, False))
        s.consumed[i] = True
