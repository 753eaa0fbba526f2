"""Corporate statements and actions: deals, closures, troubles ended, rank.

Company news states much of its sentiment without a figure: "received a
significant order" (deal won), "will close four mills" (closure), "settles the
lawsuit" (a trouble ended turns the trouble word positive), "sales progressed
well", "will become the largest provider". Each rule here anchors on one verb
and looks a few tokens ahead for the object that makes it count.
"""

from __future__ import annotations

from app.sentiment import lexicon as lx
from app.sentiment.rules.context import (
    FUNCTION_WORDS,
    MOVE_CONTEXT_AFTER,
    MOVE_CONTEXT_BEFORE,
    Sentence,
)
from app.sentiment.rules.table import (
    CLOSE_ENDS,
    CURRENCIES,
    EMPTY,
    LESSEN,
    LOSE_VERBS,
    REOPEN_VERBS,
    SELL_ENDS,
    Info,
    Signal,
)
from app.sentiment.tokens import NUM, PCT, PUNCT, WORD, Tokens

_FACILITIES = lx.words(
    "mill mills plant plants factory factories store stores shop shops branch branches "
    "office offices unit units operations operation site sites facility facilities outlets "
    "restaurants line lines mine mines"
)
DEAL_SKIP = lx.words("a an the its their another two new")
_DEAL_ADJECTIVES = lx.words(
    "new significant major large big sizeable sizable additional follow-on multi-year "
    "several two three four five six seven eight nine ten million worth valued supply "
    "framework long-term"
)
# What a regulator approves: "earns drug approval", "granted priority review".
_APPROVAL_KINDS = lx.words("drug regulatory marketing final priority fda eu")
_GRANT_VERBS = lx.words("grant grants granted")
_RECIPIENTS = lx.words("customer customers client clients")
# Losing something a company holds: "lost a major customer", "loses patent case".
_LOST_THINGS = lx.DEAL_NOUNS | lx.words(
    "case cases appeal appeals suit spot position place title crown lead status ranking "
    "licence license licenses licences mandate franchise battle"
)
_WELL_VERBS = lx.words(
    "progressed progressing progresses performed performing performs perform sold selling "
    "sells succeeded succeeding fared faring do doing does did done going went developed "
    "developing sitting"
)
_WELL_PARTICIPLES = lx.words(
    "received positioned placed equipped integrated managed prepared suited capitalised capitalized"
)
_LINKS = lx.words("to from by for at as than")
BECOME = lx.words("become becomes became becoming")
# Between "become" and the rank: "the world's second largest", "one of the leading".
_RANK_SKIP = lx.words(
    "the a an one of world world's market global its their second third fourth fifth "
    "s clear undisputed"
)
_RANK_TOPS = lx.words("largest biggest leading leader leaders")
_NUMBER_WORDS = lx.words(
    "one two three four five six seven eight nine ten eleven twelve dozen dozens several "
    "all both some"
)


# Hiring: "creating 100 jobs", "plans to recruit more than 650 new staff". Recruiting
# verbs take people as their object, so a count is enough; "create" needs the jobs.
_RECRUIT_VERBS = lx.words("recruit recruits recruited recruiting hire hires hired hiring")
HIRE_VERBS = _RECRUIT_VERBS | lx.words("create creates created creating")
_STAFF_NOUNS = lx.words(
    "jobs job staff staffers employees workers people persons positions posts personnel "
    "workplaces vacancies"
)
_HIRE_SKIP = lx.words(
    "some about around nearly approximately up to over more than new additional extra"
)


# Burdens that are costs elsewhere but troubles ended here: "dismissed all charges",
# "lifts tariffs", "settles the claims".
_LEGAL_BURDENS = lx.words("charges claims fines penalties tariff tariffs sanctions")
_BURDEN_LEADS = lx.words("the all its their any remaining")


# Facing a burden: "will face delays", "faces higher fuel costs", "facing fines".
FACE_VERBS = lx.words("face faces faced facing")


def facing(sentence: Sentence, at: int) -> bool:
    """A bad quantity the company faces is a setback: "the project will face delays"."""
    start = at
    if at + 1 < sentence.n and sentence.infos[at + 1].direction > 0:
        start = at + 1  # "faces higher costs", "facing rising costs"
    pos = sentence.quantity_forward(start)
    if pos < 0 or sentence.infos[pos].quantity >= 0:
        return False
    sentence.out.append(Signal(at, 0.8 if sentence.negated(at) else -0.8, False))
    sentence.consumed[at] = sentence.consumed[pos] = True
    if start > at:
        sentence.consumed[start] = True
    return True


def _becomes_leader(low: list[str], at: int) -> bool:
    """True when "become" takes a top rank as its complement: "become the largest"."""
    pos = at + 1
    while pos < len(low) and pos <= at + 6:
        if low[pos] in _RANK_TOPS or (
            low[pos] == "number" and pos + 1 < len(low) and low[pos + 1] in ("one", "1")
        ):
            return True
        if low[pos] not in _RANK_SKIP:
            return False
        pos += 1
    return False


# Troubles a closing verb ends ("closed its probe") and a selling verb sheds ("sold its
# loss-making unit"); other troubles after them are not ended ("closed after the strike").
_PROBES = lx.words("probe probes investigation investigations lawsuit lawsuits")
_LOSS_MAKERS = lx.words("loss-making lossmaking unprofitable troubled struggling ailing")
# Ended troubles stated after the trouble: "the strike ended", "fears eased", "the ban was
# lifted". Only these verbs: "problems emerged", "the loss stems from" are no relief.
_ENDED_AFTER = lx.words(
    "end ends ended ending settled resolved dismissed dropped lifted averted withdrawn "
    "overcome ease eases eased easing calmed allayed dispelled ebb ebbs ebbed recede recedes "
    "receded subside subsides subsided abate abates abated fades faded"
)
_STATE_PREPOSITIONS = lx.words("in into")
# A cause follows these, not the object: "shares drop on loss warning".
_CAUSE_PREPOSITIONS = lx.words("on amid after following despite")
_PASSIVE_LINKS = lx.words("was were is are has have had been be being finally officially")
# What may follow the ended trouble: the clause ends, or a time or reason phrase starts.
_AFTER_ENDED = FUNCTION_WORDS | lx.words(
    "and in on with last earlier today yesterday somewhat slightly further this"
)


def _ended_before(tokens: Tokens, infos: list[Info], at: int) -> int:
    """Index of the trouble an ending verb closes from behind ("the strike ended"), or -1."""
    low = tokens.low
    if low[at] not in _ENDED_AFTER:
        return -1
    scan = at + 1
    if scan < len(low) and not (tokens.kind[scan] == PUNCT or low[scan] in _AFTER_ENDED):
        return -1  # "the dispute ended talks": an object follows, not an ended trouble
    pos = at - 1
    while pos > 0 and low[pos] in _PASSIVE_LINKS and at - pos <= 3:
        pos -= 1
    inf = infos[pos]
    if pos >= 0 and inf.valence < 0 and not inf.direction:
        return pos
    return -1


def _overcome_target(tokens: Tokens, infos: list[Info], at: int) -> int:
    """Index of the trouble word an "ends / settles / avoids" verb governs, or -1."""
    low = tokens.low
    if low[at] in CLOSE_ENDS or low[at] in SELL_ENDS:
        pos = _plain_target(tokens, infos, at)
        only = _PROBES if low[at] in CLOSE_ENDS else _LOSS_MAKERS
        return pos if pos >= 0 and low[pos] in only else -1
    return _plain_target(tokens, infos, at)


def _plain_target(tokens: Tokens, infos: list[Info], at: int) -> int:
    low = tokens.low
    size = len(low)
    pos = at + 1
    # A lessening verb needs its trouble as the object: "eased amid fears" is a move.
    plain = 1 if low[at] in LESSEN else 0
    if plain and _moved_lower(tokens, at):
        return -1  # "ends 4% lower on weak outlook": the price moved; the outlook stays weak
    if low[at] in _BRUSH and low[at + 1 : at + 2] not in (["aside"], ["off"]):
        return -1  # "brushing aside fears", not "a brush with bankruptcy"
    while pos < size and pos <= at + 5:
        inf = infos[pos]
        if low[pos] in _STATE_PREPOSITIONS:
            return -1  # "ends in the red", "ended in losses": the outcome, not an object
        if low[pos] in _CAUSE_PREPOSITIONS:
            return -1  # "drops steeply on loss warning": the reason for a move
        if inf.valence < 0 and not inf.direction:
            return pos
        if low[pos] in _LEGAL_BURDENS and all(
            low[scan] in _BURDEN_LEADS for scan in range(at + 1, pos)
        ):
            return pos  # "dismissed all charges"; not "ended the year with charges"
        if inf.filler or low[pos] in DEAL_SKIP or low[pos] in ("off", "aside"):
            pos += 1
            continue
        if (
            tokens.kind[pos] == WORD
            and inf is EMPTY
            and plain < 2
            and low[pos] not in _LINKS
            and not (low[at] in LESSEN and low[pos] in FUNCTION_WORDS)
        ):
            plain += 1  # "settles the glyphosate lawsuits"
            pos += 1
            continue
        return -1
    return -1


_BRUSH = lx.words("brush brushes brushed brushing")


# A lessening word in a price move's context reports the move, not an eased trouble:
# "edge lower", "closed 4% lower"; nor has it an object before these: "eased on fears".
def _moved_lower(tokens: Tokens, at: int) -> bool:
    """True when the lessening word at ``at`` is a move: after a move verb or a figure,
    or with a preposition and no object after it."""
    low = tokens.low
    if at > 0 and (low[at - 1] in MOVE_CONTEXT_BEFORE or tokens.kind[at - 1] in (NUM, PCT)):
        return True
    return at + 1 < len(low) and low[at + 1] in MOVE_CONTEXT_AFTER


def become(sentence: Sentence, at: int) -> None:
    """Taking a top rank: "will become the second largest provider", "the market leader"."""
    if _becomes_leader(sentence.low, at):
        sentence.out.append(Signal(at, -0.8 if sentence.negated(at) else 0.8, False))
        sentence.consumed[at] = True


def hiring(sentence: Sentence, at: int) -> None:
    """Jobs created: "creating 100 jobs", "will recruit more than 650 new staff"."""
    pos = at + 1
    counted = False
    while pos < sentence.n and pos <= at + 6:
        if sentence.kind[pos] == NUM or sentence.low[pos] in _NUMBER_WORDS:
            counted = True
        elif sentence.low[pos] not in _HIRE_SKIP:
            break
        pos += 1
    if not counted or pos >= sentence.n:
        return
    if sentence.low[at] not in _RECRUIT_VERBS:
        # "creating 300 new jobs", "creating 300 permanent jobs".
        if (
            sentence.low[pos] not in _STAFF_NOUNS
            and pos + 1 < sentence.n
            and sentence.infos[pos] is EMPTY
        ):
            pos += 1
        if sentence.low[pos] not in _STAFF_NOUNS:
            return
    sentence.out.append(Signal(at, -0.8 if sentence.negated(at) else 0.8, False))
    sentence.consumed[at] = True


def overcome(sentence: Sentence, at: int) -> bool:
    """A trouble ended or avoided: "settles the lawsuit", "ends probe", "lifts ban"."""
    pos = _overcome_target(sentence.tokens, sentence.infos, at)
    if pos < 0:
        pos = _ended_before(sentence.tokens, sentence.infos, at)
    if pos >= 0:
        value = -sentence.infos[pos].valence or 0.8
        sentence.out.append(Signal(pos, -value if sentence.negated(at) else value, False))
        sentence.consumed[at] = sentence.consumed[pos] = True
        for scan in (pos - 1, pos + 1):
            # One trouble named by two words: "eased recession fears", "trade war fears".
            if (
                0 <= scan < sentence.n
                and scan != at
                and sentence.infos[scan].valence < 0
                and not sentence.infos[scan].direction
            ):
                sentence.consumed[scan] = True
        _consume_trouble_object(sentence, pos)
        return True
    return False


_TROUBLE_OF = lx.words("of over about around")
_TROUBLE_OBJECT_REACH = 4


def _consume_trouble_object(sentence: Sentence, pos: int) -> None:
    """What the ended trouble was about is part of it: "eased fears of a credit crunch",
    "brushing aside fears of a slowing economy"."""
    if pos + 1 >= sentence.n or sentence.low[pos + 1] not in _TROUBLE_OF:
        return
    for scan in range(pos + 2, min(sentence.n, pos + 2 + _TROUBLE_OBJECT_REACH)):
        inf = sentence.infos[scan]
        if inf.valence < 0 or inf.direction:
            sentence.consumed[scan] = True


def _is_deal_noun(sentence: Sentence, pos: int, nouns: frozenset[str], losing: bool) -> bool:
    if sentence.low[pos] in nouns:
        return True
    return not losing and sentence.low[pos] == "review" and sentence.low[pos - 1] == "priority"


def deal(sentence: Sentence, at: int) -> bool:
    """Deals won: "received a significant order", "signed a contract"; deals and
    standing lost: "lost a major customer", "loses patent case"."""
    losing = sentence.low[at] in LOSE_VERBS
    nouns = _LOST_THINGS if losing else lx.DEAL_NOUNS
    title_case = sentence.raw[at][:1].isupper()
    pos = at + 1
    plain = 0
    while pos < sentence.n and pos <= at + 6 and not _is_deal_noun(sentence, pos, nouns, losing):
        if (
            sentence.low[pos] in DEAL_SKIP
            or sentence.kind[pos] == NUM
            or sentence.infos[pos].unit
            or sentence.low[pos] in CURRENCIES
            or sentence.low[pos] in _DEAL_ADJECTIVES
            or sentence.low[pos] in _APPROVAL_KINDS
            # A named project or partner: "inks Greater Tortue LNG supply deal".
            or (sentence.kind[pos] == WORD and sentence.raw[pos][:1].isupper() and not title_case)
        ):
            pos += 1
            continue
        # Up to two plain words naming the kind: "hatch cover orders", "patent case".
        if (
            plain < 2
            and sentence.kind[pos] == WORD
            and sentence.infos[pos] is EMPTY
            and (sentence.raw[pos][0].islower() or (losing and title_case))
            and sentence.low[pos] not in _LINKS
        ):
            plain += 1
            pos += 1
            continue
        break
    if sentence.low[at] in _GRANT_VERBS and pos < sentence.n and sentence.low[pos] in _RECIPIENTS:
        return False  # "grants customers a discount": the customer receives
    if pos < sentence.n and _is_deal_noun(sentence, pos, nouns, losing):
        value = -0.8 if sentence.negated(at) else 0.8
        if losing:
            value = -value
        sentence.out.append(Signal(at, value, False))
        sentence.consumed[at] = True
        return True
    return False


def well(sentence: Sentence, at: int) -> None:
    """Things going well: "sales progressed well", "well received"; not "as well"."""
    prev = sentence.low[at - 1] if at > 0 else ""
    nxt = sentence.low[at + 1] if at + 1 < sentence.n else ""
    if prev in _WELL_VERBS or (nxt in _WELL_PARTICIPLES and prev != "as"):
        sentence.out.append(Signal(at, -0.6 if sentence.negated(at) else 0.6, False))


def closure(sentence: Sentence, at: int) -> bool:
    """Closures: "will close four mills", "closed seven stores"; "reopened the plant"."""
    pos = at + 1
    while (
        pos < sentence.n
        and pos <= at + 5
        and (
            sentence.infos[pos].filler
            or sentence.kind[pos] == NUM
            or sentence.low[pos] in DEAL_SKIP
            or sentence.low[pos] in _NUMBER_WORDS
        )
    ):
        pos += 1
    if (
        pos + 1 < sentence.n
        and sentence.kind[pos] == WORD
        and sentence.raw[pos][0].islower()
        and sentence.infos[pos] is EMPTY
        and sentence.low[pos] not in FUNCTION_WORDS
        and sentence.low[pos + 1] in _FACILITIES
    ):
        pos += 1  # "close its assembly plant"
    if pos < sentence.n and sentence.low[pos] in _FACILITIES:
        value = 0.8 if sentence.low[at] in REOPEN_VERBS else -0.8
        sentence.out.append(Signal(at, -value if sentence.negated(at) else value, False))
        sentence.consumed[at] = True
        return True
    return False
