"""Deal acts: a deal blocked or cleared by an authority, a buyback started.

"regulators blocked the planned merger" is bad news, "cleared the acquisition" good,
"launched a share buyback programme" good. The verb counts only with such an object
within a few words of it.
"""

from __future__ import annotations

from app.sentiment import lexicon as lx
from app.sentiment.rules.context import FUNCTION_WORDS, Sentence
from app.sentiment.rules.corporate import DEAL_SKIP
from app.sentiment.rules.table import CURRENCIES, EMPTY, Signal
from app.sentiment.tokens import NUM, WORD

# A deal stopped or let through by an authority: "blocked the planned merger", "rejected
# the application", "cleared the acquisition". Bids and offers are left out: a target
# rejecting a bid is not plainly bad news.
_BLOCK_VERBS = lx.words(
    "block blocks blocked blocking reject rejects rejected rejecting veto vetoes vetoed "
    "vetoing prohibit prohibits prohibited prohibiting"
)
_CLEAR_VERBS = lx.words("clears cleared")
_DEAL_PLANS = lx.words(
    "merger mergers takeover takeovers acquisition acquisitions deal deals tie-up "
    "combination application applications"
)
# Starting a buyback: "launched a share buyback programme", "approved a repurchase".
_START_VERBS = lx.words(
    "launch launches launched launching announce announces announced announcing initiate "
    "initiates initiated unveil unveils unveiled start starts started begin begins began "
    "approve approves approved authorise authorises authorised authorize authorizes "
    "authorized"
)
_BUYBACKS = lx.words("buyback buybacks buy-back buy-backs repurchase repurchases")
DEAL_ACTS = _BLOCK_VERBS | _CLEAR_VERBS | _START_VERBS
_ACT_SKIP = DEAL_SKIP | lx.words("planned proposed possible share stock up to of")


def _object(sentence: Sentence, at: int, nouns: frozenset[str]) -> int:
    """Index of the first of ``nouns`` in the object of the verb at ``at``, or -1."""
    pos = at + 1
    plain = 0
    while pos < sentence.n and pos <= at + 7:
        word = sentence.low[pos]
        if word in nouns:
            return pos
        if (
            word in _ACT_SKIP
            or sentence.kind[pos] == NUM
            or sentence.infos[pos].unit
            or word in CURRENCIES
            or word == "$"
            or (sentence.kind[pos] == WORD and sentence.raw[pos][:1].isupper())
        ):
            pos += 1
            continue
        if (
            plain < 1
            and sentence.kind[pos] == WORD
            and sentence.infos[pos] is EMPTY
            and word not in FUNCTION_WORDS
        ):
            plain += 1
            pos += 1
            continue
        return -1
    return -1


def deal_act(sentence: Sentence, at: int) -> bool:
    """Deals blocked or cleared, buybacks started."""
    word = sentence.low[at]
    if word in _START_VERBS:
        pos = _object(sentence, at, _BUYBACKS)
        if pos < 0:
            return False
        value = -0.8 if sentence.negated(at) else 0.8
    else:
        pos = _object(sentence, at, _DEAL_PLANS)
        if pos < 0:
            return False
        value = 0.8 if word in _CLEAR_VERBS else -0.8
        if sentence.negated(at):
            value = -value
    sentence.out.append(Signal(at, value, False))
    sentence.consumed[at] = sentence.consumed[pos] = True
    return True
