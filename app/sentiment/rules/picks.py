"""Recommendations read as views: "our top pick", "a good buy", "best bets", "top
pharma picks", "banks look good" are positive; "a risky bet", "a poor buy" negative.
("Strong" and "clear" buys are ratings, read as calls.)"""

from __future__ import annotations

from app.sentiment import lexicon as lx
from app.sentiment.rules.context import FUNCTION_WORDS, Sentence
from app.sentiment.rules.table import EMPTY, LIMITED_DOWNSIDE, SETBACK
from app.sentiment.tokens import WORD

PICKS = lx.words("pick picks bet bets buy idea ideas")
_GOOD = lx.words("top good great best decent safe safer solid hot")
_POOR = lx.words("risky riskier bad poor dangerous")


def _qualifier(sentence: Sentence, at: int) -> str:
    """The qualifier before the pick at ``at``, allowing one word that names its kind
    ("top pharma picks", "a good long-term bet"); "" when there is none."""
    prev = sentence.low[at - 1]
    if prev in _GOOD or prev in _POOR:
        return prev
    kind = at - 1
    if (
        at >= 2
        and sentence.infos[kind] is EMPTY
        and sentence.kind[kind] == WORD
        and sentence.low[kind] not in FUNCTION_WORDS
    ):
        before = sentence.low[at - 2]
        if before in _GOOD or before in _POOR:
            return before
    return ""


def recommended(sentence: Sentence, at: int) -> bool:
    qualifier = _qualifier(sentence, at)
    if not qualifier:
        return False
    if qualifier == "best" and sentence.tokens.raw[at][:1].isupper() and sentence.low[at] == "buy":
        return False  # "Best Buy", the retailer
    sentence.infos[at] = SETBACK if qualifier in _POOR else LIMITED_DOWNSIDE
    return True


# "Banks look good", "the setup looks great": a view of the name, not small talk.
GOOD_WORDS = lx.words("good great")
_LOOKS = lx.words("look looks looked looking seem seems appear appears")


def looks_good(sentence: Sentence, at: int) -> bool:
    if sentence.low[at - 1] not in _LOOKS:
        return False
    sentence.infos[at] = LIMITED_DOWNSIDE
    return True
