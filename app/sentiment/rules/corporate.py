"""Corporate statements and actions: deals, closures, troubles ended, rank.

Company news states much of its sentiment without a figure: "received a
significant order" (deal won), "will close four mills" (closure), "settles the
lawsuit" (a trouble ended turns the trouble word positive), "sales progressed
well", "will become the largest provider". Each rule here anchors on one verb
and looks a few tokens ahead for the object that makes it count.
"""

from __future__ import annotations

from app.sentiment import lexicon as lx
from app.sentiment.rules.context import FUNCTION_WORDS, Sentence
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
from app.sentiment.tokens import NUM, PUNCT, WORD, Tokens

_FACILITIES = lx.words(
    "mill mills plant plants factory factories store stores shop shops branch branches "
    "office offices unit units operations operation site sites facility facilities outlets "
    "restaurants line lines mine mines"
)
_DEAL_SKIP = lx.words("a an the its their another two new")
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
    "sells succeeded succeeding fared faring doing does did done going went developed "
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


def facing(s: Sentence, i: int) -> bool:
    """A bad quantity the company faces is a setback: "the project will face delays"."""
    start = i
    if i + 1 < s.n and s.infos[i + 1].direction > 0:
        start = i + 1  # "faces higher costs", "facing rising costs"
    j = s.quantity_forward(start)
    if j < 0 or s.infos[j].quantity >= 0:
        return False
    s.out.append(Signal(i, 0.8 if s.negated(i) else -0.8, False))
    s.consumed[i] = s.consumed[j] = True
    if start > i:
        s.consumed[start] = True
    return True


def _becomes_leader(low: list[str], i: int) -> bool:
    """True when "become" takes a top rank as its complement: "become the largest"."""
    j = i + 1
    while j < len(low) and j <= i + 6:
        if low[j] in _RANK_TOPS or (
            low[j] == "number" and j + 1 < len(low) and low[j + 1] in ("one", "1")
        ):
            return True
        if low[j] not in _RANK_SKIP:
            return False
        j += 1
    return False


# Troubles a closing verb ends ("closed its probe") and a selling verb sheds ("sold its
# loss-making unit"); other troubles after them are not ended ("closed after the strike").
_PROBES = lx.words("probe probes investigation investigations lawsuit lawsuits")
_LOSS_MAKERS = lx.words("loss-making lossmaking unprofitable troubled struggling ailing")
# Ended troubles stated after the trouble: "the strike ended", "fears eased", "the ban was
# lifted". Only these verbs: "problems emerged", "the loss stems from" are no relief.
_ENDED_AFTER = lx.words(
    "end ends ended ending settled resolved dismissed dropped lifted averted withdrawn "
    "overcome ease eases eased easing calmed allayed dispelled"
)
_STATE_PREPOSITIONS = lx.words("in into")
_PASSIVE_LINKS = lx.words("was were is are has have had been be being finally officially")
# What may follow the ended trouble: the clause ends, or a time or reason phrase starts.
_AFTER_ENDED = FUNCTION_WORDS | lx.words(
    "and in on with last earlier today yesterday somewhat slightly further this"
)


def _ended_before(tokens: Tokens, infos: list[Info], i: int) -> int:
    """Index of the trouble an ending verb closes from behind ("the strike ended"), or -1."""
    low = tokens.low
    if low[i] not in _ENDED_AFTER:
        return -1
    k = i + 1
    if k < len(low) and not (tokens.kind[k] == PUNCT or low[k] in _AFTER_ENDED):
        return -1  # "the dispute ended talks": an object follows, not an ended trouble
    j = i - 1
    while j > 0 and low[j] in _PASSIVE_LINKS and i - j <= 3:
        j -= 1
    inf = infos[j]
    if j >= 0 and inf.valence < 0 and not inf.direction:
        return j
    return -1


def _overcome_target(tokens: Tokens, infos: list[Info], i: int) -> int:
    """Index of the trouble word an "ends / settles / avoids" verb governs, or -1."""
    low = tokens.low
    if low[i] in CLOSE_ENDS or low[i] in SELL_ENDS:
        j = _plain_target(tokens, infos, i)
        only = _PROBES if low[i] in CLOSE_ENDS else _LOSS_MAKERS
        return j if j >= 0 and low[j] in only else -1
    return _plain_target(tokens, infos, i)


def _plain_target(tokens: Tokens, infos: list[Info], i: int) -> int:
    low = tokens.low
    n = len(low)
    j = i + 1
    # A lessening verb needs its trouble as the object: "eased amid fears" is a move.
    plain = 1 if low[i] in LESSEN else 0
    while j < n and j <= i + 5:
        inf = infos[j]
        if low[j] in _STATE_PREPOSITIONS:
            return -1  # "ends in the red", "ended in losses": the outcome, not an object
        if inf.valence < 0 and not inf.direction:
            return j
        if low[j] in _LEGAL_BURDENS and all(low[k] in _BURDEN_LEADS for k in range(i + 1, j)):
            return j  # "dismissed all charges"; not "ended the year with charges"
        if inf.filler or low[j] in _DEAL_SKIP or low[j] == "off":
            j += 1
            continue
        if (
            tokens.kind[j] == WORD
            and inf is EMPTY
            and plain < 2
            and low[j] not in _LINKS
            and not (low[i] in LESSEN and low[j] in FUNCTION_WORDS)
        ):
            plain += 1  # "settles the glyphosate lawsuits"
            j += 1
            continue
        return -1
    return -1


def become(s: Sentence, i: int) -> None:
    """Taking a top rank: "will become the second largest provider", "the market leader"."""
    if _becomes_leader(s.low, i):
        s.out.append(Signal(i, -0.8 if s.negated(i) else 0.8, False))
        s.consumed[i] = True


def hiring(s: Sentence, i: int) -> None:
    """Jobs created: "creating 100 jobs", "will recruit more than 650 new staff"."""
    j = i + 1
    counted = False
    while j < s.n and j <= i + 6:
        if s.kind[j] == NUM or s.low[j] in _NUMBER_WORDS:
            counted = True
        elif s.low[j] not in _HIRE_SKIP:
            break
        j += 1
    if not counted or j >= s.n:
        return
    if s.low[i] not in _RECRUIT_VERBS:
        # "creating 300 new jobs", "creating 300 permanent jobs".
        if s.low[j] not in _STAFF_NOUNS and j + 1 < s.n and s.infos[j] is EMPTY:
            j += 1
        if s.low[j] not in _STAFF_NOUNS:
            return
    s.out.append(Signal(i, -0.8 if s.negated(i) else 0.8, False))
    s.consumed[i] = True


def overcome(s: Sentence, i: int) -> bool:
    """A trouble ended or avoided: "settles the lawsuit", "ends probe", "lifts ban"."""
    j = _overcome_target(s.tokens, s.infos, i)
    if j < 0:
        j = _ended_before(s.tokens, s.infos, i)
    if j >= 0:
        value = -s.infos[j].valence or 0.8
        s.out.append(Signal(j, -value if s.negated(i) else value, False))
        s.consumed[i] = s.consumed[j] = True
        for k in (j - 1, j + 1):
            # One trouble named by two words: "eased recession fears", "trade war fears".
            if 0 <= k < s.n and k != i and s.infos[k].valence < 0 and not s.infos[k].direction:
                s.consumed[k] = True
        return True
    return False


def _is_deal_noun(s: Sentence, j: int, nouns: frozenset[str], losing: bool) -> bool:
    if s.low[j] in nouns:
        return True
    return not losing and s.low[j] == "review" and s.low[j - 1] == "priority"


def deal(s: Sentence, i: int) -> bool:
    """Deals won: "received a significant order", "signed a contract"; deals and
    standing lost: "lost a major customer", "loses patent case"."""
    losing = s.low[i] in LOSE_VERBS
    nouns = _LOST_THINGS if losing else lx.DEAL_NOUNS
    title_case = s.raw[i][:1].isupper()
    j = i + 1
    plain = 0
    while j < s.n and j <= i + 6 and not _is_deal_noun(s, j, nouns, losing):
        if (
            s.low[j] in _DEAL_SKIP
            or s.kind[j] == NUM
            or s.infos[j].unit
            or s.low[j] in CURRENCIES
            or s.low[j] in _DEAL_ADJECTIVES
            or s.low[j] in _APPROVAL_KINDS
            # A named project or partner: "inks Greater Tortue LNG supply deal".
            or (s.kind[j] == WORD and s.raw[j][:1].isupper() and not title_case)
        ):
            j += 1
            continue
        # Up to two plain words naming the kind: "hatch cover orders", "patent case".
        if (
            plain < 2
            and s.kind[j] == WORD
            and s.infos[j] is EMPTY
            and (s.raw[j][0].islower() or (losing and title_case))
            and s.low[j] not in _LINKS
        ):
            plain += 1
            j += 1
            continue
        break
    if s.low[i] in _GRANT_VERBS and j < s.n and s.low[j] in _RECIPIENTS:
        return False  # "grants customers a discount": the customer receives
    if j < s.n and _is_deal_noun(s, j, nouns, losing):
        value = -0.8 if s.negated(i) else 0.8
        if losing:
            value = -value
        s.out.append(Signal(i, value, False))
        s.consumed[i] = True
        return True
    return False


def well(s: Sentence, i: int) -> None:
    """Things going well: "sales progressed well", "well received"; not "as well"."""
    prev = s.low[i - 1] if i > 0 else ""
    nxt = s.low[i + 1] if i + 1 < s.n else ""
    if prev in _WELL_VERBS or (nxt in _WELL_PARTICIPLES and prev != "as"):
        s.out.append(Signal(i, -0.6 if s.negated(i) else 0.6, False))


def closure(s: Sentence, i: int) -> bool:
    """Closures: "will close four mills", "closed seven stores"; "reopened the plant"."""
    j = i + 1
    while (
        j < s.n
        and j <= i + 5
        and (
            s.infos[j].filler
            or s.kind[j] == NUM
            or s.low[j] in _DEAL_SKIP
            or s.low[j] in _NUMBER_WORDS
        )
    ):
        j += 1
    if (
        j + 1 < s.n
        and s.kind[j] == WORD
        and s.raw[j][0].islower()
        and s.infos[j] is EMPTY
        and s.low[j] not in FUNCTION_WORDS
        and s.low[j + 1] in _FACILITIES
    ):
        j += 1  # "close its assembly plant"
    if j < s.n and s.low[j] in _FACILITIES:
        value = 0.8 if s.low[i] in REOPEN_VERBS else -0.8
        s.out.append(Signal(i, -value if s.negated(i) else value, False))
        s.consumed[i] = True
        return True
    return False


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
_ACT_SKIP = _DEAL_SKIP | lx.words("planned proposed possible share stock up to of")


def _object(s: Sentence, i: int, nouns: frozenset[str]) -> int:
    """Index of the first of ``nouns`` in the object of the verb at ``i``, or -1."""
    j = i + 1
    plain = 0
    while j < s.n and j <= i + 7:
        w = s.low[j]
        if w in nouns:
            return j
        if (
            w in _ACT_SKIP
            or s.kind[j] == NUM
            or s.infos[j].unit
            or w in CURRENCIES
            or w == "$"
            or (s.kind[j] == WORD and s.raw[j][:1].isupper())
        ):
            j += 1
            continue
        if plain < 1 and s.kind[j] == WORD and s.infos[j] is EMPTY and w not in FUNCTION_WORDS:
            plain += 1
            j += 1
            continue
        return -1
    return -1


def deal_act(s: Sentence, i: int) -> bool:
    """Deals blocked or cleared, buybacks started."""
    w = s.low[i]
    if w in _START_VERBS:
        j = _object(s, i, _BUYBACKS)
        if j < 0:
            return False
        value = -0.8 if s.negated(i) else 0.8
    else:
        j = _object(s, i, _DEAL_PLANS)
        if j < 0:
            return False
        value = 0.8 if w in _CLEAR_VERBS else -0.8
        if s.negated(i):
            value = -value
    s.out.append(Signal(i, value, False))
    s.consumed[i] = s.consumed[j] = True
    return True
