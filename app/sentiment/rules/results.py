"""Results and guidance stated as acts on the forecast itself, not as a figure.

"Withdrew its forecast", "scraps dividend" give up a guide or a payout (negative);
"upgraded its profit forecast" revises a guide like "raised" does; "will not pay a
dividend" is a payout denied; "was negatively affected by higher costs" judges the
result in the adverb, so the cause that follows is not scored again; a "surprise
profit" is good news and a "surprise loss" bad.
"""

from __future__ import annotations

from app.sentiment import lexicon as lx
from app.sentiment.rules.context import CLAUSE_STOPS, FUNCTION_WORDS, Sentence
from app.sentiment.rules.table import EMPTY, Signal
from app.sentiment.tokens import NUM, PUNCT, WORD

# What a company guides: "withdraws its 2024 outlook", "upgraded the profit forecast".
_GUIDES = lx.words(
    "guidance outlook outlooks forecast forecasts target targets projection projections "
    "estimate estimates view"
)
_PAYOUTS = lx.words("dividend dividends payout buyback")
# Giving up a guide or a payout: "pulls guidance", "scrapped its dividend".
WITHDRAW_VERBS = lx.words(
    "withdraw withdraws withdrew withdrawn withdrawing pull pulls pulled pulling scrap "
    "scraps scrapped scrapping cancel cancels cancelled canceled cancelling canceling "
    "suspend suspends suspended suspending abandon abandons abandoned abandoning retract "
    "retracts retracted omit omits omitted omitting skip skips skipped"
)
_REVISE = {
    **dict.fromkeys(lx.words("upgrade upgrades upgraded upgrading"), 1.0),
    **dict.fromkeys(lx.words("downgrade downgrades downgraded downgrading"), -1.0),
}
REVISE_VERBS = frozenset(_REVISE)
# Paying out: negated it is a payout denied ("will not pay a dividend"); a payout
# not made in the past is history ("did not distribute a dividend in 2005").
PAY_VERBS = lx.words("pay pays paid paying distribute distributes distributed")
_PAST = lx.words("did didn't didnt has hasn't hasnt had hadn't hadnt have haven't havent")
_BE = lx.words("be been is are being will shall would should")
# A judgement of how something affected the result: "negatively affected by".
_IMPACT_ADVERBS = {
    **dict.fromkeys(lx.words("negatively adversely unfavourably unfavorably"), -1.0),
    **dict.fromkeys(lx.words("positively favourably favorably"), 1.0),
}
IMPACT_ADVERBS = frozenset(_IMPACT_ADVERBS)
_IMPACT_VERBS = lx.words(
    "affected affect affects affecting impacted impact impacts impacting influenced "
    "influence influences influencing"
)


def _object(s: Sentence, i: int, nouns: frozenset[str]) -> int:
    """Index of the guide or payout the verb at ``i`` takes, or -1: "pulls its full-year
    sales guidance", "withdrew the 2024 financial forecast"."""
    plain = 0
    j = i + 1
    while j < s.n and j <= i + 6:
        w = s.low[j]
        if w in nouns:
            return j
        inf = s.infos[j]
        if inf.filler or inf.quantity or s.kind[j] == NUM or s.raw[j][:1].isupper():
            j += 1
            continue
        if s.kind[j] == WORD and inf is EMPTY and plain < 1 and w not in FUNCTION_WORDS:
            plain += 1  # "its financial forecast"
            j += 1
            continue
        return -1
    return -1


def _emit(s: Sentence, i: int, j: int, value: float) -> bool:
    s.out.append(Signal(i, -value if s.negated(i) else value, False))
    s.consumed[i] = s.consumed[j] = True
    return True


# An unexpected result: "posts surprise profit", "an unexpected quarterly loss".
SURPRISE_WORDS = lx.words("surprise unexpected")


def surprise(s: Sentence, i: int) -> bool:
    """A result nobody expected takes the sign of the result: "surprise profit" is good."""
    j = i + 1
    while j < s.n and j <= i + 3 and s.infos[j].filler and not s.infos[j].result_state:
        j += 1
    if j >= s.n or not s.infos[j].result_state:
        return False
    return _emit(s, i, j, s.infos[j].result_state)


def withdraw(s: Sentence, i: int) -> bool:
    """A guide or payout given up: "withdrew its forecast", "scraps dividend"."""
    j = _object(s, i, _GUIDES | _PAYOUTS)
    return j >= 0 and _emit(s, i, j, -1.0)


def revise(s: Sentence, i: int) -> bool:
    """A guide revised: "upgraded its profit forecast" is a raise, "downgrades" a cut."""
    j = _object(s, i, _GUIDES)
    return j >= 0 and _emit(s, i, j, _REVISE[s.low[i]])


def payout_denied(s: Sentence, i: int) -> bool:
    """ "will not pay a dividend", "no dividend will be paid", "the dividend will not be
    paid"; a payout stated
    plainly ("will pay a dividend of EUR 0.50") is a neutral fact."""
    j = _object(s, i, _PAYOUTS)
    if j >= 0:
        if any(s.low[k] in _PAST for k in range(max(0, i - 3), i)):
            return False
        return s.negated(i) and _emit(s, i, j, 0.9)
    k = i - 1
    while k >= 0 and i - k <= 4 and (s.low[k] in _BE or s.infos[k].negator):
        k -= 1
    if k < 0 or s.low[k] not in _PAYOUTS or not (s.negated(k) or s.negated(i)):
        return False
    s.out.append(Signal(i, -0.9, False))
    s.consumed[i] = s.consumed[k] = True
    return True


def impact(s: Sentence, i: int) -> bool:
    """ "was negatively affected by higher costs": the adverb judges; the cause is not
    scored again. Also "affected negatively by"."""
    if i + 1 < s.n and s.low[i + 1] in _IMPACT_VERBS:
        verb = i + 1
    elif i > 0 and s.low[i - 1] in _IMPACT_VERBS:
        verb = i - 1
    else:
        return False
    s.out.append(Signal(i, _IMPACT_ADVERBS[s.low[i]], False))
    s.consumed[i] = s.consumed[verb] = True
    j = max(i, verb) + 1
    if j < s.n and s.low[j] == "by":
        while j < s.n and s.kind[j] != PUNCT and s.low[j] not in CLAUSE_STOPS:
            s.consumed[j] = True
            j += 1
    return True
