"""What holders do and are told to do with a name.

"LIC trims stake in Infosys", "promoters cut shareholding by 12.9%": a large holder
selling down reads as a vote against the company (the company after "in" takes it,
not the seller). "Get out of Wipro", "investors should stay away from Infosys":
advice to sell; "Invest in cement stocks", "Prefer Balkrishna among tyre stocks",
"Right time to get into ITC": advice to buy.
"""

from __future__ import annotations

from app.sentiment import lexicon as lx
from app.sentiment.rules.advice import advice_object, advice_opens
from app.sentiment.rules.context import Sentence
from app.sentiment.rules.table import Signal
from app.sentiment.tokens import NUM, PCT

# Stated cuts only: "plans to reduce the stake to 10 percent" is a plan, read neutral.
STAKE_CUTS = lx.words(
    "cut cuts trims trimmed pares pared reduces reduced offloads offloaded dilutes diluted "
    "sheds offload"
)
# ... and a stake raised: "hikes stake in Phoenix Mills", "raised its stake in Talentum".
# (A stake or shares bought is told as often of a deal as of a vote: left to the tone.)
STAKE_RAISES = lx.words("hikes hiked ups upped raises raised increases increased")
STAKE_CHANGES = STAKE_CUTS | STAKE_RAISES
_STAKES = lx.words("stake stakes shareholding shareholdings holding")
_STAKE_SKIP = lx.words(
    "its his her their entire further part of a the some per cent pc additional strategic"
)
_STAKE_REACH = 6
_STAKE_CUT = -0.7  # a holder selling down: a view, milder than a rating cut
_STAKE_RAISE = 0.6


def stake_change(sentence: Sentence, at: int) -> bool:
    low = sentence.low
    word = low[at]
    if at > 0 and low[at - 1] == "to":
        return False  # "to dilute stake to fund plants": a plan
    pos = at + 1
    while (
        pos < sentence.n
        and pos - at <= _STAKE_REACH
        and (low[pos] in _STAKE_SKIP or sentence.kind[pos] in (NUM, PCT) or sentence.is_target[pos])
    ):
        pos += 1
    if pos >= sentence.n or low[pos] not in _STAKES:
        return False
    # The stake word takes the signal, for the name after it: "stake in Tata Chemicals".
    value = _STAKE_CUT if word in STAKE_CUTS else _STAKE_RAISE
    sentence.out.append(Signal(pos, value, True))
    sentence.consumed[at] = sentence.consumed[pos] = True
    return True


EXIT_PARTICLES = lx.words("out away")
_EXIT_VERBS = {
    "out": lx.words("get switch book move"),
    "away": lx.words("stay keep"),
}
_EXIT_LINKS = lx.words("of from")


def exit_advice(sentence: Sentence, at: int) -> bool:
    """ "Get out of Wipro", "Time to book out of X", "should stay away from X"."""
    low = sentence.low
    if at == 0 or at + 1 >= sentence.n or low[at + 1] not in _EXIT_LINKS:
        return False
    if low[at - 1] not in _EXIT_VERBS[low[at]] or not advice_opens(sentence.tokens, at - 1):
        return False
    sentence.out.append(Signal(at, -1.0, True))
    sentence.consumed[at] = True
    return True


# Advice verbs the word table has no stance for, with the particle each takes (None:
# none): "Invest in cement stocks", "Go for gold ETFs", "Get into ITC", "Pick M&M".
_ADVICE_VERBS: dict[str, str | None] = {
    "invest": "in",
    "go": "for",
    "get": "into",
    "enter": None,
    "pick": None,
    "recommend": None,
    "consider": None,
}
ADVICE_VERBS = frozenset(_ADVICE_VERBS)
_CONSIDER = 0.8  # "consider" suggests more than it urges


def advice_to_buy(sentence: Sentence, at: int) -> bool:
    low = sentence.low
    word = low[at]
    particle = _ADVICE_VERBS[word]
    nxt = at + 1
    if particle is not None:
        if nxt >= sentence.n or low[nxt] != particle:
            return False
        nxt += 1
    elif nxt < sentence.n and low[nxt] == "into":
        nxt += 1  # "enter into IT stocks"
    if not advice_opens(sentence.tokens, at) or not advice_object(sentence.tokens, nxt):
        return False
    value = _CONSIDER if word == "consider" else 1.0
    sentence.out.append(Signal(at, -value if sentence.negated(at) else value, True))
    sentence.consumed[at] = True
    return True
