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
from app.sentiment.rules.context import CLAUSE_STOPS, FUNCTION_WORDS, Sentence
from app.sentiment.rules.table import CURRENCIES, EMPTY, Signal
from app.sentiment.tokens import NUM, PCT, PUNCT, WORD

# Bound-only words that never fire on a number alone: "more than 20 countries".
_BOUND_STRICT = lx.words("more less fewer bigger larger greater smaller")
_PHRASAL_UP = lx.words(
    "make makes making made set sets setting pick picks picked picking take takes took taking "
    "end ends ended ending sign signs signed open opens opened build built team teamed "
    "back backed follow followed wrap wrapped line lined break broke show shows showed "
    "turn turned come comes came coming put puts start started starting sum summed "
    "hold held holding step stepped speak spoke taken"
)
_FORWARD_ONLY = lx.words("more less fewer bigger larger greater smaller add adds added adding")
_ADJACENT_ONLY = lx.words("growth")
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
# "Drops its bid", "dropped the ball": "drop" with an abandoned object is not a move.
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


def state_change(s: Sentence, i: int) -> bool:
    """State change: "swung to a loss", "returned to profit"."""
    j = i + 1
    # "returned its unit to profit": allow a short object before "to".
    while (
        j < s.n
        and j <= i + 5
        and s.low[j] not in _TURN_LINKS
        and (s.kind[j] == WORD or s.low[j] == ".")
    ):
        j += 1
    while j < s.n and s.low[j] in _TURN_LINKS:
        j += 1
    while (
        j < s.n
        and j <= i + 12
        and (
            s.infos[j].filler
            or s.kind[j] == NUM
            or s.infos[j].unit
            or s.low[j] in CURRENCIES
            or s.low[j] == "$"
        )
    ):
        j += 1
    if (
        j < s.n
        and j > i + 1
        and s.low[j - 1] in _TURN_LINKS | _TURN_FILL
        and (s.infos[j].result_state)
    ):
        s.out.append(Signal(i, 1.3 * s.infos[j].result_state, False))
        s.consumed[i] = s.consumed[j] = True
        return True
    return False


def _is_trouble(s: Sentence, j: int) -> bool:
    inf = s.infos[j]
    return inf.valence < 0 or (inf.direction < 0 and not inf.quantity)


def _likelihood_near(s: Sentence, i: int, step: int) -> int:
    """A likelihood noun a few words from ``i`` (``step`` -1 looks back, +1 ahead)."""
    plain = 0
    k = i + step
    while 0 <= k < s.n and abs(k - i) <= 5:
        w = s.low[k]
        if w in _LIKELIHOOD:
            return k
        if s.kind[k] != WORD:
            return -1
        if not (w in _LIKELIHOOD_SKIP or _is_trouble(s, k)):
            nxt = k + step if step > 0 else k + 1
            if (
                s.infos[k] is not EMPTY
                or plain >= 1
                or (step > 0 and s.infos[i].backward_first)  # "fell amid recession risks"
                or not (0 <= nxt < s.n)
                or not (s.low[nxt] in _LIKELIHOOD or _is_trouble(s, nxt))
            ):
                return -1
            plain += 1  # "reduces global recession probability"
        k += step
    return -1


def _likely_trouble(s: Sentence, i: int) -> tuple[int, int]:
    """(likelihood noun, trouble) governed by the direction word at ``i``, or (-1, -1):
    "cuts recession odds", "increases the odds of a down year", "recession risk rose"."""
    low = s.low
    n = s.n
    k = _likelihood_near(s, i, -1) if s.infos[i].backward_first else -1
    if k < 0:
        k = _likelihood_near(s, i, 1)
    if k < 0:
        return -1, -1
    if k > 0 and k - 1 != i and _is_trouble(s, k - 1):
        return k, k - 1  # "recession odds", "default risk"
    j = k + 1
    if j < n and low[j] == "of":
        j += 1
        while j < n and j <= k + 4 and low[j] in _LIKELIHOOD_SKIP:
            j += 1
        if j < n and _is_trouble(s, j):
            return k, j  # "the odds of a down year", "the risk of recession"
    return -1, -1


# Comparative and superlative adjectives: before a noun they describe it ("higher
# costs"); after a verb they report a move ("sales were higher").
_POSSESSIVES = lx.words("our their its his her your")
_ATTRIBUTIVE = lx.words("higher lower highest lowest")
# Words after a comparative that show it is a predicate: "point higher ahead of".
_PREDICATE_NEXT = lx.words(
    "ahead again today overnight still now yet early late premarket pre-market afterhours "
    "after-hours than"
)
# Trading sessions: "a higher open", "a lower close" describe the market's move.
_SESSIONS = lx.words("open opening close closing start finish")


def _modifies_next(s: Sentence, i: int) -> bool:
    """True when the word after ``i`` is a lower-case noun it can describe."""
    j = i + 1
    return (
        j < s.n
        and s.kind[j] == WORD
        and s.raw[j][:1].islower()
        and s.low[j] not in FUNCTION_WORDS
        and s.low[j] not in _PREDICATE_NEXT
        and not s.low[j].endswith("ly")  # "closed higher overnight", "lower sharply"
        and not s.infos[j].filler
        and not s.infos[j].direction
    )


def direction(s: Sentence, i: int) -> None:
    """Direction × quantity: "profit fell", "costs rose", "net loss narrowed"."""
    inf = s.infos[i]
    w = s.low[i]
    consumed = s.consumed
    out = s.out
    negated = s.negated
    numeric_near = s.numeric_near
    quantity_forward = s.quantity_forward
    quantity_backward = s.quantity_backward
    if w == "up" and (
        (i > 0 and s.low[i - 1] in _PHRASAL_UP)
        or (
            i + 1 < s.n
            and s.low[i + 1] == "to"
            and s.kind[i - 1] not in (NUM, PCT)
            and s.low[i - 1] not in _MOTION
        )
    ):
        return  # "set up", "making up 5%", "up to EUR 5m": not a rise
    if i + 1 < s.n and s.low[i + 1] == "due" and (i + 2 >= s.n or s.low[i + 2] != "to"):
        return  # "the loan falls due in 2014": a maturity date
    if w in ("declined", "declines") and (
        (i + 1 < s.n and s.low[i + 1] == "comment")
        or (i + 2 < s.n and s.low[i + 1] == "to" and s.low[i + 2] in _SPEECH_VERBS)
    ):
        return  # "declined to comment": refused, not fell
    if baseline_is_other_state(s.tokens, s.infos, i):
        return
    k, t = _likely_trouble(s, i)
    if t >= 0:
        value = -0.9 if inf.direction > 0 else 0.9
        out.append(Signal(i, -value if negated(i) else value, False))
        consumed[i] = consumed[k] = consumed[t] = True
        return
    if w in _DROP_VERBS:
        j = i + 1
        while j < s.n and s.low[j] in _OBJECT_SKIP:
            j += 1
        if j < s.n and s.low[j] in _ABANDONED:
            return  # "drops its bid for the rival", "dropped the ball": abandoned, not fell
    if (
        w in _LEVEL_VERBS
        and i + 1 < s.n
        and (s.kind[i + 1] == NUM or s.low[i + 1] in CURRENCIES or s.low[i + 1] == "$")
    ):
        return  # "net sales exceeded EUR 2.3 billion": a level stated, not a change
    than_expected = i + 2 < s.n and s.low[i + 1] == "than" and s.infos[i + 2].expectation
    q = quantity_forward(i + 2) if than_expected else -1
    if q >= 0:
        pass  # "lower-than-expected quarterly revenue": the figure follows the comparison
    elif w in _ATTRIBUTIVE and _modifies_next(s, i):
        # "higher depreciation", "its highest multiple": the adjective belongs to the
        # noun after it, never to a quantity earlier in the sentence.
        if s.low[i + 1] in _SESSIONS:
            q = -1  # "set for a higher open": a price move, scored below
        else:
            q = quantity_forward(i)
            if q >= 0 and s.infos[q].neutral_q:
                # "refinanced its debt at a lower interest rate": the rate of that debt.
                q = quantity_backward(i)
            if q < 0:
                return
    elif w in _FORWARD_ONLY:
        # "more orders", "36% more than"; not "facilities in more than 20".
        q = quantity_forward(i)
        if (
            q < 0
            and i + 2 < s.n
            and s.low[i + 1] == "than"
            and s.kind[i - 1] not in (NUM, PCT)
            and (s.kind[i + 2] == NUM or s.low[i + 2] in CURRENCIES)
        ):
            return  # "in more than 20 countries": a count, not a change
        if q < 0 and (s.kind[i - 1] in (NUM, PCT) or (i + 1 < s.n and s.low[i + 1] == "than")):
            q = quantity_backward(i)
    elif w in _ADJACENT_ONLY:
        # "sales growth", "growth in sales"; not "growth markets".
        q = i - 1 if i > 0 and (s.infos[i - 1].quantity or s.infos[i - 1].neutral_q) else -1
        if q < 0 and i + 1 < s.n and s.low[i + 1] in ("in", "of"):
            q = quantity_forward(i)
    elif inf.backward_first:
        q = quantity_backward(i)
        if q >= 0 and s.infos[q].quantity < 0 and s.low[i - 1] in _CLOSE_MOVES:
            # "recovered from early losses to close higher": the price closed higher.
            out.append(
                Signal(i, -0.9 * inf.direction if negated(i) else 0.9 * inf.direction, False)
            )
            consumed[i] = True
            return
        if q < 0 and i + 1 < s.n and s.low[i + 1] in ("in", "of"):
            q = quantity_forward(i)
        elif q < 0 and w in _ATTRIBUTIVE and i + 1 < s.n and s.low[i + 1] in _POSSESSIVES:
            q = quantity_forward(i)  # "we lower our target": a verb before its object
    elif w in _COMPOUND_MOVES and i > 0 and (s.infos[i - 1].quantity or s.infos[i - 1].neutral_q):
        q = i - 1  # "the rate hike rattled markets": the hike is of the rate, not of markets
    elif i > 0 and s.low[i - 1] in _PRICE_SUBJECTS and w not in _NOUN_FORMS:
        q = i - 1  # "shares rally on the stake news": the price is the subject
    elif (
        i > 0
        and i + 1 < s.n
        and s.low[i + 1] in _INTRANSITIVE_NEXT
        and (s.infos[i - 1].quantity or s.infos[i - 1].neutral_q)
    ):
        q = i - 1  # "margins expand on cost cuts": the subject moved, not "cost"
    else:
        q = quantity_forward(i)
        # "will improve supply security": after a modal or "to" the verb's
        # object follows it; a quantity before it belongs to another clause.
        if q < 0 and not (w in _TRANSITIVE and i > 0 and s.low[i - 1] in _VERB_LEADS):
            q = quantity_backward(i)
    if q >= 0:
        consumed[q] = True
        qi = s.infos[q]
        if qi.neutral_q or not qi.quantity:
            if w not in _BETTERMENT:
                return
            value = 0.9  # "strengthen its capital structure"
        else:
            value = inf.direction * qi.quantity
            if w in _JUDGED_UP or w in _JUDGED_DOWN:
                value = abs(value) if w in _JUDGED_UP else -abs(value)
    elif w in _BIND_REQUIRED:
        return  # "raised $55m in the IPO" is funding, not a rise
    elif inf.bound_only and not (
        s.kind[i - 1] in (NUM, PCT) if w in _BOUND_STRICT else numeric_near(i)
    ):
        return
    else:
        value = (0.5 if w in _DIRECTION_NOUNS else 0.9) * inf.direction
    if negated(i) or _forecast_negated(s, i):
        value = -value
    out.append(Signal(i, value, False))
    consumed[i] = True


def _forecast_negated(s: Sentence, i: int) -> bool:
    """True when the move at ``i`` is the complement of a negated forecast verb in the same
    clause: "does not expect its net sales to grow this year"."""
    low = s.low
    for j in range(i - 1, max(-1, i - 10), -1):
        if low[j] in CLAUSE_STOPS or s.kind[j] == PUNCT:
            return False
        if low[j] in _FORECAST_VERBS:
            return s.negated(j) and "to" in low[j + 1 : i]
    return False
