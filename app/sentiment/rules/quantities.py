"""Direction × quantity and state changes: the core of company-news sentiment.

"Profit fell" is negative because a good quantity went down; "costs rose" is
negative because a bad one went up; "net loss narrowed" is positive. A direction
word binds to the quantity it governs (forward for verbs such as "cut costs",
backward for "sales rose"); many direction words only count when bound or next
to a number, since "up to EUR 5m" or "steps down" are not moves. State changes
("swung to a loss", "returned to profit") are scored here too: they are the
same statement about a result, only phrased as a new state.
"""

from __future__ import annotations

from app.sentiment import lexicon as lx
from app.sentiment.rules.comparisons import baseline_is_other_state
from app.sentiment.rules.context import (
    CLAUSE_STOPS,
    SESSIONS,
    Sentence,
    modifies_next,
)
from app.sentiment.rules.table import CURRENCIES, EMPTY, Signal
from app.sentiment.tokens import NUM, PCT, PUNCT, WORD

# Bound-only words that never fire on a number alone: "more than 20 countries".
_BOUND_STRICT = lx.words("more less fewer bigger larger greater smaller")
_PHRASAL_UP = lx.words(
    "make makes making made set sets setting pick picks picked picking take takes took taking end "
    "ends ended ending sign signs signed open opens opened build built team teamed back backed "
    "follow followed wrap wrapped line lined break broke show shows showed turn turned come comes "
    "came coming put puts start started starting sum summed hold held holding step stepped speak "
    "spoke taken"
)
_FORWARD_ONLY = lx.words("more less fewer bigger larger greater smaller add adds added adding")
_ADJACENT_ONLY = lx.words("growth")
_UP_VERBS = lx.words("up ups upped")
# Nouns that say which way something moved without naming it ("the significant
# drop"): half weight when no quantity is bound.
_DIRECTION_NOUNS = lx.words(
    "rise fall increase decrease decline drop improvement dip surge slump plunge tumble "
    "recovery rebound upturn"
)
_SPEECH_VERBS = lx.words(
    "comment say disclose give elaborate provide specify name reveal confirm discuss "
    "answer identify"
)
_VERB_LEADS = lx.words("to will would can could may might should must shall and help helps helped")
_TRANSITIVE = lx.words(
    "improve reduce cut raise boost strengthen lower enhance lift trim slash lessen dampen"
)
# Verbs that need their object: "resumed dividend payments", "scrapped its forecast".
_BIND_REQUIRED = lx.words(
    "raise raises raised raising resume resumes resumed resuming scrap scraps scrapped "
    "scrapping omit omits omitted omitting"
)
_MOTION = lx.words("gone went go goes moved shot edged crept inched ramped stepped is are was were")
# Verbs of betterment: positive whatever they improve ("strengthen its capital base").
_BETTERMENT = lx.words(
    "strengthen strengthens strengthened strengthening improve improves improved improving "
    "enhance enhances enhanced enhancing"
)
# Judgements rather than moves: "the net loss improved" is good news and "margins
# deteriorated" bad, whichever way the figure itself went.
_JUDGED_UP = _BETTERMENT | lx.words("improvement improvements")
_JUDGED_DOWN = lx.words(
    "worsen worsens worsened worsening deteriorate deteriorates deteriorated deteriorating "
    "deterioration"
)
# Likelihoods of a trouble: "cuts recession odds", "raises the risk of a downturn".
# The move applies to the trouble, so a lower likelihood of it is good news.
_LIKELIHOOD = lx.words("odds probability probabilities likelihood chance chances risk risks")
_LIKELIHOOD_SKIP = lx.words("the a an its their of this that significantly sharply")
# "Drops its bid", "dropped the ball": "drop" with an abandoned object is not a move.
_DROP_VERBS = lx.words("drop drops dropped dropping")
_ABANDONED = lx.words(
    "ball bid bids offer offers opposition objection objections plan plans proposal "
    "proposals pursuit"
)
_OBJECT_SKIP = lx.words("the a an its their his her our")
_PRICE_SUBJECTS = lx.words("shares stocks stock equities prices price index markets")
_NOUN_FORMS = lx.words("rise increase decrease decline drop fall cut cuts growth")
# Move nouns named after what moved: "a price increase", "the rate hike", "dividend cut".
_COMPOUND_MOVES = lx.words(
    "hike hikes cut cuts increase increases rise rises reduction reductions decrease decreases"
)
_LEVEL_VERBS = lx.words("exceed exceeds exceeded exceeding")
# Forecast verbs: negating one negates the move it forecasts ("does not expect its
# sales to grow", "no longer expects profit to improve").
_FORECAST_VERBS = lx.words(
    "expect expects expected expecting anticipate anticipates anticipated see sees "
    "forecast forecasts predict predicts"
)
# A preposition right after a verb whose subject is a quantity: the verb is intransitive.
_INTRANSITIVE_NEXT = lx.words("on in for amid after as despite with")
_TURN_LINKS = lx.words("to into back")
# A price closing or ending somewhere: "recovered from early losses to close higher".
# Only a price closes higher, so a bad quantity earlier in the clause is not its subject.
_CLOSE_MOVES = lx.words("close closed closes closing end ended ends finish finished finishes")
_TURN_FILL = lx.words("a an the its net operating pre-tax pretax pre tax")


def state_change(sentence: Sentence, at: int) -> bool:
    """State change: "swung to a loss", "returned to profit"."""
    pos = at + 1
    # "returned its unit to profit": allow a short object before "to".
    while (
        pos < sentence.n
        and pos <= at + 5
        and sentence.low[pos] not in _TURN_LINKS
        and (sentence.kind[pos] == WORD or sentence.low[pos] == ".")
    ):
        pos += 1
    while pos < sentence.n and sentence.low[pos] in _TURN_LINKS:
        pos += 1
    while (
        pos < sentence.n
        and pos <= at + 12
        and (
            sentence.infos[pos].filler
            or sentence.kind[pos] == NUM
            or sentence.infos[pos].unit
            or sentence.low[pos] in CURRENCIES
            or sentence.low[pos] == "$"
        )
    ):
        pos += 1
    if (
        pos < sentence.n
        and pos > at + 1
        and sentence.low[pos - 1] in _TURN_LINKS | _TURN_FILL
        and (sentence.infos[pos].result_state)
    ):
        sentence.out.append(Signal(at, 1.3 * sentence.infos[pos].result_state, False))
        sentence.consumed[at] = sentence.consumed[pos] = True
        return True
    return False


def _is_trouble(sentence: Sentence, pos: int) -> bool:
    inf = sentence.infos[pos]
    return inf.valence < 0 or (inf.direction < 0 and not inf.quantity)


def _likelihood_near(sentence: Sentence, at: int, step: int) -> int:
    """A likelihood noun a few words from ``at`` (``step`` -1 looks back, +1 ahead)."""
    plain = 0
    scan = at + step
    while 0 <= scan < sentence.n and abs(scan - at) <= 5:
        word = sentence.low[scan]
        if word in _LIKELIHOOD:
            return scan
        if sentence.kind[scan] != WORD:
            return -1
        if not (word in _LIKELIHOOD_SKIP or _is_trouble(sentence, scan)):
            nxt = scan + step if step > 0 else scan + 1
            if (
                sentence.infos[scan] is not EMPTY
                or plain >= 1
                or (step > 0 and sentence.infos[at].backward_first)  # "fell amid recession risks"
                or not (0 <= nxt < sentence.n)
                or not (sentence.low[nxt] in _LIKELIHOOD or _is_trouble(sentence, nxt))
            ):
                return -1
            plain += 1  # "reduces global recession probability"
        scan += step
    return -1


def _likely_trouble(sentence: Sentence, at: int) -> tuple[int, int]:
    """(likelihood noun, trouble) governed by the direction word at ``at``, or (-1, -1):
    "cuts recession odds", "increases the odds of a down year", "recession risk rose"."""
    low = sentence.low
    size = sentence.n
    scan = _likelihood_near(sentence, at, -1) if sentence.infos[at].backward_first else -1
    if scan < 0:
        scan = _likelihood_near(sentence, at, 1)
    if scan < 0:
        return -1, -1
    if scan > 0 and scan - 1 != at and _is_trouble(sentence, scan - 1):
        return scan, scan - 1  # "recession odds", "default risk"
    pos = scan + 1
    if pos < size and low[pos] == "of":
        pos += 1
        while pos < size and pos <= scan + 4 and low[pos] in _LIKELIHOOD_SKIP:
            pos += 1
        if pos < size and _is_trouble(sentence, pos):
            return scan, pos  # "the odds of a down year", "the risk of recession"
    return -1, -1


# Comparative and superlative adjectives: before a noun they describe it ("higher
# costs"); after a verb they report a move ("sales were higher").
_POSSESSIVES = lx.words("our their its his her your")
_ATTRIBUTIVE = lx.words("higher lower highest lowest")


def direction(sentence: Sentence, at: int) -> None:
    """Direction × quantity: "profit fell", "costs rose", "net loss narrowed"."""
    inf = sentence.infos[at]
    word = sentence.low[at]
    consumed = sentence.consumed
    out = sentence.out
    negated = sentence.negated
    numeric_near = sentence.numeric_near
    quantity_forward = sentence.quantity_forward
    quantity_backward = sentence.quantity_backward
    if word == "up" and (
        (at > 0 and sentence.low[at - 1] in _PHRASAL_UP)
        or (
            at + 1 < sentence.n
            and sentence.low[at + 1] == "to"
            and sentence.kind[at - 1] not in (NUM, PCT)
            and sentence.low[at - 1] not in _MOTION
        )
    ):
        return  # "set up", "making up 5%", "up to EUR 5m": not a rise
    if (
        at + 1 < sentence.n
        and sentence.low[at + 1] == "due"
        and (at + 2 >= sentence.n or sentence.low[at + 2] != "to")
    ):
        return  # "the loan falls due in 2014": a maturity date
    if word in ("declined", "declines") and (
        (at + 1 < sentence.n and sentence.low[at + 1] == "comment")
        or (
            at + 2 < sentence.n
            and sentence.low[at + 1] == "to"
            and sentence.low[at + 2] in _SPEECH_VERBS
        )
    ):
        return  # "declined to comment": refused, not fell
    if baseline_is_other_state(sentence.tokens, sentence.infos, at):
        return
    scan, trouble_at = _likely_trouble(sentence, at)
    if trouble_at >= 0:
        value = -0.9 if inf.direction > 0 else 0.9
        out.append(Signal(at, -value if negated(at) else value, False))
        consumed[at] = consumed[scan] = consumed[trouble_at] = True
        return
    if word in _DROP_VERBS:
        pos = at + 1
        while pos < sentence.n and sentence.low[pos] in _OBJECT_SKIP:
            pos += 1
        if pos < sentence.n and sentence.low[pos] in _ABANDONED:
            return  # "drops its bid for the rival", "dropped the ball": abandoned, not fell
    if (
        word in _LEVEL_VERBS
        and at + 1 < sentence.n
        and (
            sentence.kind[at + 1] == NUM
            or sentence.low[at + 1] in CURRENCIES
            or sentence.low[at + 1] == "$"
        )
    ):
        return  # "net sales exceeded EUR 2.3 billion": a level stated, not a change
    than_expected = (
        at + 2 < sentence.n
        and sentence.low[at + 1] == "than"
        and sentence.infos[at + 2].expectation
    )
    quantity_at = quantity_forward(at + 2) if than_expected else -1
    if quantity_at >= 0:
        pass  # "lower-than-expected quarterly revenue": the figure follows the comparison
    elif word in _ATTRIBUTIVE and modifies_next(sentence, at):
        # "higher depreciation", "its highest multiple": the adjective belongs to the
        # noun after it, never to a quantity earlier in the sentence.
        if sentence.low[at + 1] in SESSIONS:
            quantity_at = -1  # "set for a higher open": a price move, scored below
        else:
            quantity_at = quantity_forward(at)
            if quantity_at >= 0 and sentence.infos[quantity_at].neutral_q:
                # "refinanced its debt at a lower interest rate": the rate of that debt.
                quantity_at = quantity_backward(at)
            if quantity_at < 0:
                return
    elif word in _UP_VERBS and modifies_next(sentence, at) and quantity_forward(at) >= 0:
        quantity_at = quantity_forward(at)  # "brokerages up target price": a verb
    elif word in _FORWARD_ONLY:
        # "more orders", "36% more than"; not "facilities in more than 20".
        quantity_at = quantity_forward(at)
        if (
            quantity_at < 0
            and at + 2 < sentence.n
            and sentence.low[at + 1] == "than"
            and sentence.kind[at - 1] not in (NUM, PCT)
            and (sentence.kind[at + 2] == NUM or sentence.low[at + 2] in CURRENCIES)
        ):
            return  # "in more than 20 countries": a count, not a change
        if quantity_at < 0 and (
            sentence.kind[at - 1] in (NUM, PCT)
            or (at + 1 < sentence.n and sentence.low[at + 1] == "than")
        ):
            quantity_at = quantity_backward(at)
    elif word in _ADJACENT_ONLY:
        # "sales growth", "growth in sales"; not "growth markets".
        quantity_at = (
            at - 1
            if at > 0 and (sentence.infos[at - 1].quantity or sentence.infos[at - 1].neutral_q)
            else -1
        )
        if quantity_at < 0 and at + 1 < sentence.n and sentence.low[at + 1] in ("in", "of"):
            quantity_at = quantity_forward(at)
    elif inf.backward_first:
        quantity_at = quantity_backward(at)
        if (
            quantity_at >= 0
            and sentence.infos[quantity_at].quantity < 0
            and sentence.low[at - 1] in _CLOSE_MOVES
        ):
            # "recovered from early losses to close higher": the price closed higher.
            out.append(
                Signal(at, -0.9 * inf.direction if negated(at) else 0.9 * inf.direction, False)
            )
            consumed[at] = True
            return
        if quantity_at < 0 and at + 1 < sentence.n and sentence.low[at + 1] in ("in", "of"):
            quantity_at = quantity_forward(at)
        elif (
            quantity_at < 0
            and word in _ATTRIBUTIVE
            and at + 1 < sentence.n
            and sentence.low[at + 1] in _POSSESSIVES
        ):
            quantity_at = quantity_forward(at)  # "we lower our target": a verb before its object
    elif (
        word in _COMPOUND_MOVES
        and at > 0
        and (sentence.infos[at - 1].quantity or sentence.infos[at - 1].neutral_q)
    ):
        quantity_at = (
            at - 1
        )  # "the rate hike rattled markets": the hike is of the rate, not of markets
    elif (
        at > 0
        and sentence.low[at - 1] in _PRICE_SUBJECTS
        and word not in _NOUN_FORMS
        and not sentence.is_target[at - 1]
    ):
        quantity_at = at - 1  # "shares rally on the stake news": the price is the subject
    elif (
        at > 0
        and at + 1 < sentence.n
        and sentence.low[at + 1] in _INTRANSITIVE_NEXT
        and (sentence.infos[at - 1].quantity or sentence.infos[at - 1].neutral_q)
    ):
        quantity_at = at - 1  # "margins expand on cost cuts": the subject moved, not "cost"
    else:
        quantity_at = quantity_forward(at)
        # "will improve supply security": after a modal or "to" the verb's
        # object follows it; a quantity before it belongs to another clause.
        if quantity_at < 0 and not (
            word in _TRANSITIVE and at > 0 and sentence.low[at - 1] in _VERB_LEADS
        ):
            quantity_at = quantity_backward(at)
    if quantity_at >= 0:
        consumed[quantity_at] = True
        qi = sentence.infos[quantity_at]
        if qi.neutral_q or not qi.quantity:
            if word not in _BETTERMENT:
                return
            value = 0.9  # "strengthen its capital structure"
        else:
            value = inf.direction * qi.quantity
            if word in _JUDGED_UP or word in _JUDGED_DOWN:
                value = abs(value) if word in _JUDGED_UP else -abs(value)
    elif word in _BIND_REQUIRED:
        return  # "raised $55m in the IPO" is funding, not a rise
    elif inf.bound_only and not (
        sentence.kind[at - 1] in (NUM, PCT) if word in _BOUND_STRICT else numeric_near(at)
    ):
        return
    else:
        # "a rebound" names a move; "Gold, silver rebound" makes one (a name just before).
        noun = word in _DIRECTION_NOUNS and not (at > 0 and sentence.is_target[at - 1])
        value = (0.5 if noun else 0.9) * inf.direction
    if negated(at) or _forecast_negated(sentence, at):
        value = -value
    out.append(Signal(at, value, False))
    consumed[at] = True


def _forecast_negated(sentence: Sentence, at: int) -> bool:
    """True when the move at ``at`` is the complement of a negated forecast verb in the same
    clause: "does not expect its net sales to grow this year"."""
    low = sentence.low
    for pos in range(at - 1, max(-1, at - 10), -1):
        if low[pos] in CLAUSE_STOPS or sentence.kind[pos] == PUNCT:
            return False
        if low[pos] in _FORECAST_VERBS:
            return sentence.negated(pos) and "to" in low[pos + 1 : at]
    return False
