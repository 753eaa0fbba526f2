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
_PAYOUTS = lx.words("dividend dividends payout payouts buyback buybacks buy-back buy-backs")
# Giving up a guide or a payout: "pulls guidance", "scrapped its dividend".
WITHDRAW_VERBS = lx.words(
    "withdraw withdraws withdrew withdrawn withdrawing pull pulls pulled pulling scrap "
    "scraps scrapped scrapping cancel cancels cancelled canceled cancelling canceling "
    "suspend suspends suspended suspending abandon abandons abandoned abandoning retract "
    "retracts retracted omit omits omitted omitting skip skips skipped halt halts halted "
    "halting freeze freezes froze frozen"
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


def _object(sentence: Sentence, at: int, nouns: frozenset[str]) -> int:
    """Index of the guide or payout the verb at ``at`` takes, or -1: "pulls its full-year
    sales guidance", "withdrew the 2024 financial forecast"."""
    plain = 0
    pos = at + 1
    while pos < sentence.n and pos <= at + 6:
        word = sentence.low[pos]
        if word in nouns:
            return pos
        inf = sentence.infos[pos]
        if (
            inf.filler
            or inf.quantity
            or sentence.kind[pos] == NUM
            or sentence.raw[pos][:1].isupper()
        ):
            pos += 1
            continue
        if sentence.kind[pos] == WORD and inf is EMPTY and plain < 1 and word not in FUNCTION_WORDS:
            plain += 1  # "its financial forecast"
            pos += 1
            continue
        return -1
    return -1


def _emit(sentence: Sentence, at: int, pos: int, value: float) -> bool:
    sentence.out.append(Signal(at, -value if sentence.negated(at) else value, False))
    sentence.consumed[at] = sentence.consumed[pos] = True
    return True


# An unexpected result: "posts surprise profit", "an unexpected quarterly loss".
SURPRISE_WORDS = lx.words("surprise unexpected")


def surprise(sentence: Sentence, at: int) -> bool:
    """A result nobody expected takes the sign of the result: "surprise profit" is good."""
    pos = at + 1
    while (
        pos < sentence.n
        and pos <= at + 3
        and sentence.infos[pos].filler
        and not sentence.infos[pos].result_state
    ):
        pos += 1
    if pos >= sentence.n or not sentence.infos[pos].result_state:
        return False
    return _emit(sentence, at, pos, sentence.infos[pos].result_state)


def withdraw(sentence: Sentence, at: int) -> bool:
    """A guide or payout given up: "withdrew its forecast", "scraps dividend"."""
    pos = _object(sentence, at, _GUIDES | _PAYOUTS)
    return pos >= 0 and _emit(sentence, at, pos, -1.0)


def revise(sentence: Sentence, at: int) -> bool:
    """A guide revised: "upgraded its profit forecast" is a raise, "downgrades" a cut."""
    pos = _object(sentence, at, _GUIDES)
    return pos >= 0 and _emit(sentence, at, pos, _REVISE[sentence.low[at]])


def payout_denied(sentence: Sentence, at: int) -> bool:
    """ "will not pay a dividend", "no dividend will be paid", "the dividend will not be
    paid"; a payout stated
    plainly ("will pay a dividend of EUR 0.50") is a neutral fact."""
    pos = _object(sentence, at, _PAYOUTS)
    if pos >= 0:
        if any(sentence.low[scan] in _PAST for scan in range(max(0, at - 3), at)):
            return False
        return sentence.negated(at) and _emit(sentence, at, pos, 0.9)
    scan = at - 1
    while (
        scan >= 0 and at - scan <= 4 and (sentence.low[scan] in _BE or sentence.infos[scan].negator)
    ):
        scan -= 1
    if (
        scan < 0
        or sentence.low[scan] not in _PAYOUTS
        or not (sentence.negated(scan) or sentence.negated(at))
    ):
        return False
    sentence.out.append(Signal(at, -0.9, False))
    sentence.consumed[at] = sentence.consumed[scan] = True
    return True


def impact(sentence: Sentence, at: int) -> bool:
    """ "was negatively affected by higher costs": the adverb judges; the cause is not
    scored again. Also "affected negatively by"."""
    if at + 1 < sentence.n and sentence.low[at + 1] in _IMPACT_VERBS:
        verb = at + 1
    elif at > 0 and sentence.low[at - 1] in _IMPACT_VERBS:
        verb = at - 1
    else:
        return False
    sentence.out.append(Signal(at, _IMPACT_ADVERBS[sentence.low[at]], False))
    sentence.consumed[at] = sentence.consumed[verb] = True
    pos = max(at, verb) + 1
    if pos < sentence.n and sentence.low[pos] == "by":
        while (
            pos < sentence.n
            and sentence.kind[pos] != PUNCT
            and sentence.low[pos] not in CLAUSE_STOPS
        ):
            sentence.consumed[pos] = True
            pos += 1
    return True
