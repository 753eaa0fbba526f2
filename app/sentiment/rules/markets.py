"""Market moves and levels: how a price or index moved, read from context.

Headline figures ("+4%"), trading into a move ("buy the dip" is bullish, "sell
the rally" bearish, and the fall before "a buying opportunity" counts only a
quarter) and levels ("52-week high", "new lows", "costs stayed low"). Bare
price-move words without a figure ("opens higher", "edges lower") are read in
``context.Sentence.numeric_near``, since they decide whether a direction word
binds at all.
"""

from __future__ import annotations

from app.sentiment import lexicon as lx
from app.sentiment.rules.context import CLAUSE_STOPS, Sentence
from app.sentiment.rules.table import Signal
from app.sentiment.tokens import NUM, PCT, Tokens

# Words before "high" / "low" / "record" that make it a market level.
LEVEL_BEFORE = lx.words(
    "new fresh all-time record multi-year multiyear hit hits hitting set sets setting "
    "reach reaches reached"
)
_PERIODS = lx.words("day week month year decade session")
BEST = lx.words("best")
CROSS_VERBS = lx.words("break breaks broke breaking cross crosses crossed crossing")
# Market breadth: which side outnumbered the other.
OUTNUMBER = lx.words(
    "outnumbered outnumber outnumbers outnumbering outpaced outpace outpaces outpacing"
)
_ADVANCERS = lx.words("advancers advancing gainers rising winners")
_DECLINERS = lx.words("decliners declining losers falling")
_BREADTH_SKIP = lx.words("issues stocks shares names")
_PERIOD_KINDS = lx.words(
    "single trading daily weekly monthly quarterly annual yearly full-year one-day two-day"
)
_BEST_PERIODS = lx.words(
    "day days week weeks month months quarter quarters year years session sessions start half"
)
_LEVEL_STOPS = frozenset({",", "as", "after", "while", "since", "because", "on"})
_STAY_VERBS = lx.words("remain remains remained remaining stay stays stayed staying")
# Trading into a move: "buy the dip", "sell the rally", "a buying opportunity".
_DIP_WORDS = lx.words(
    "dip dips pullback pullbacks selloff sell-off selloffs weakness drop drops decline "
    "correction corrections"
)
_RIP_WORDS = lx.words("rally rallies rip rips bounce bounces pop pops strength spike")
_DIP_BUYERS = lx.words(
    "buy buys buying bought add adds adding added accumulate accumulating buyers"
)
_RIP_SELLERS = lx.words("sell sells selling sold fade fading trim trimming reduce reducing sellers")
_TIMING_SKIP = lx.words("the this that these any every each into on a")
_CHANCE_WORDS = lx.words("opportunity opportunities point")
TIMING_WORDS = _DIP_WORDS | _RIP_WORDS | _CHANCE_WORDS
_REFRAME_STOPS = frozenset({";", ".", "but", "however", "while"})

# A move as the object of another move: "pares gains", "erases losses", "extends its
# rally", "gave up early gains", "recovered from early losses". The verb keeps or
# undoes the move named after it, so the sign is the verb's times the move's.
_UP_MOVES = lx.words("gain gains rally rallies advance advances rise rises climb rebound run-up")
_DOWN_MOVES = lx.words(
    "loss losses decline declines slide slides slump drop drops fall falls selloff sell-off "
    "retreat skid slump slumps"
)
_UNDO_VERBS = lx.words(
    "pare pares pared paring erase erases erased erasing reverse reverses reversed reversing "
    "wipe wipes wiped wiping give gives gave given giving surrender surrenders surrendered "
    "recoup recoups recouped recouping trim trims trimmed trimming"
)
_KEEP_VERBS = lx.words(
    "extend extends extended extending add adds added adding build builds built building "
    "deepen deepens deepened deepening"
)
# "recovered from early losses": only these undo a fall named after "from".
_FROM_VERBS = lx.words(
    "recover recovers recovered recovering rebound rebounds rebounded rebounding bounce "
    "bounces bounced bouncing"
)
MOVE_VERBS = _UNDO_VERBS | _KEEP_VERBS | _FROM_VERBS
# Particles a verb takes before its move: "wiped out", "gave up", "added to", "built on".
_MOVE_PARTICLES = {
    "wipe": "out",
    "wipes": "out",
    "wiped": "out",
    "wiping": "out",
    "give": "up",
    "gives": "up",
    "gave": "up",
    "given": "up",
    "giving": "up",
    "add": "to",
    "adds": "to",
    "added": "to",
    "adding": "to",
    "build": "on",
    "builds": "on",
    "built": "on",
    "building": "on",
}
_MOVE_SKIP = lx.words(
    "the its their all some most much part half of early earlier initial morning intraday "
    "previous recent session's week's steep sharp big strong modest a an this"
)


def signed_percent(s: Sentence, i: int) -> bool:
    """Signed percentages in headlines: "+4%" / "-3%", the sign is the move; not the end
    of a range ("5-7%", "8%-10%")."""
    w = s.low[i]
    if (
        s.kind[i] == NUM
        and w[0] in "+-−"
        and i + 1 < s.n
        and s.kind[i + 1] == PCT
        and (i == 0 or s.kind[i - 1] not in (NUM, PCT))
    ):
        value = 0.9 if w[0] == "+" else -0.9
        s.out.append(Signal(i, value, False))
        return True
    return False


def _timing(tokens: Tokens, i: int, is_target: list[bool]) -> float:
    """+1 for "buy the dip" / "buying opportunity", −1 for "sell the rally" /
    "selling opportunity", 0 otherwise."""
    low = tokens.low
    w = low[i]
    prev = low[i - 1] if i > 0 else ""
    if w in _CHANCE_WORDS:
        if prev in _DIP_BUYERS or prev == "entry":
            return 1.0
        if prev in _RIP_SELLERS:
            return -1.0
        return 0.0
    j = i - 1
    while j >= 0 and low[j] in _TIMING_SKIP:
        j -= 1
    # The ticker traded may stand between: "buy NVDA on dips", "sellers of VTWO rallies".
    k = j
    while k >= 0 and is_target[k]:
        k -= 1
    if k < j and k >= 0 and low[k] == "of":
        k -= 1
    if k < j:
        j = k
    if j < 0:
        return 0.0
    if w in _DIP_WORDS and low[j] in _DIP_BUYERS:
        return 1.0
    if w in _RIP_WORDS and low[j] in _RIP_SELLERS:
        return -1.0
    return 0.0


def timing(s: Sentence, i: int) -> bool:
    """Trading into a move; remembered so ``reframe`` can damp the move before it."""
    # Trading into a move: "buy the dip" (+), "sell the rally" (−), and the
    # move read as a chance: "the selloff is a buying opportunity".
    value = _timing(s.tokens, i, s.is_target)
    if value:
        s.out.append(Signal(i, -value if s.negated(i) else value, False))
        s.consumed[i] = True
        s.reframes.append((i, value))
        return True
    return False


def reframe(out: list[Signal], low: list[str], reframes: list[tuple[int, float]]) -> list[Signal]:
    """Before "a buying opportunity" the fall is the reason to buy: moves of the other
    sign earlier in the same clause count a quarter."""
    result = []
    for sig in out:
        for pos, sign in reframes:
            if (
                sig.pos < pos
                and sig.value * sign < 0
                and not any(low[j] in _REFRAME_STOPS for j in range(sig.pos + 1, pos))
            ):
                sig = Signal(sig.pos, sig.value * 0.25, sig.prefers_following)
                break
        result.append(sig)
    return result


def move_object(s: Sentence, i: int) -> bool:
    """A move kept or undone: "pares gains" (−), "erases losses" (+), "extends its rally" (+),
    "gave up early gains" (−), "rebounded from early losses" (+)."""
    low = s.low
    n = s.n
    w = low[i]
    j = i + 1
    particle = _MOVE_PARTICLES.get(w)
    if particle is not None:
        if j >= n or low[j] != particle:
            return False  # "gave a speech", "added 200 jobs": not a move kept or undone
        j += 1
    elif w in _FROM_VERBS:
        if j >= n or low[j] != "from":
            return False
        j += 1
    start = j
    # Skip determiners and a size: "some of its early gains", "a 1,000-point rally".
    while (
        j < n
        and j - start < 6
        and (low[j] in _MOVE_SKIP or s.kind[j] in (NUM, PCT) or low[j] in ("-", "point", "points"))
    ):
        j += 1
    if j >= n:
        return False
    nxt = low[j + 1] if j + 1 < n else ""
    if low[j] in _UP_MOVES:
        sign = 1.0
    elif low[j] in _DOWN_MOVES:
        sign = -1.0
    else:
        return False
    if w in _FROM_VERBS:
        # "recovered from a loss of EUR 2m": a figure, the comparison rule reads it.
        if sign > 0 or nxt == "of" or (j + 1 < n and s.kind[j + 1] in (NUM, PCT)):
            return False
        sign = -sign
    elif w in _UNDO_VERBS:
        sign = -sign
    value = 0.9 * sign
    s.out.append(Signal(i, -value if s.negated(i) else value, False))
    for k in range(i, j + 1):
        s.consumed[k] = True
    return True


def _level_subject(s: Sentence, i: int) -> float:
    """-1 when the clause's subject is a bad quantity: "inflation hit a 40-year high" is
    bad news and "unemployment fell to a record low" good; 0 for a neutral one; else +1."""
    low = s.low
    infos = s.infos
    for j in range(i - 1, max(-1, i - 12), -1):
        if low[j] in CLAUSE_STOPS or low[j] in _LEVEL_STOPS:
            break
        if infos[j].quantity:
            return -1.0 if infos[j].quantity < 0 else 1.0
        if infos[j].neutral_q:
            return 0.0  # "Treasury yields hit a 15-year high": a level, no sign of its own
    return 1.0


def best_period(s: Sentence, i: int) -> bool:
    """A period named as the best: "its best week in two months", "the best quarter ever".
    ("worst" is a valence word by itself; "best" alone is too often "best practice".)"""
    low = s.low
    j = i + 1
    if j < s.n and low[j] in _PERIOD_KINDS:
        j += 1
    if j < s.n and low[j] in _BEST_PERIODS:
        value = 0.8
        s.out.append(Signal(i, -value if s.negated(i) else value, False))
        s.consumed[i] = s.consumed[j] = True
        return True
    return False


def breadth(s: Sentence, i: int) -> bool:
    """Market breadth: "advancers outnumbered decliners" (+), "losers outpaced gainers" (−)."""
    low = s.low
    j = i - 1
    while j >= 0 and i - j <= 3 and low[j] in _BREADTH_SKIP:
        j -= 1
    if j < 0 or i - j > 3:
        return False
    if low[j] in _ADVANCERS:
        value = 0.8
    elif low[j] in _DECLINERS:
        value = -0.8
    else:
        return False
    s.out.append(Signal(i, -value if s.negated(i) else value, False))
    s.consumed[i] = s.consumed[j] = True
    for k in range(i + 1, min(s.n, i + 5)):
        if low[k] in _ADVANCERS or low[k] in _DECLINERS:
            s.consumed[k] = True  # the other side of the count
            break
    return True


def crossing(s: Sentence, i: int) -> bool:
    """A price crossing a line: "broke above its 200-day average" (+), "crossed below" (−)."""
    j = i + 1
    if j < s.n and s.low[j] == "back":
        j += 1
    if j >= s.n or s.low[j] not in ("above", "below"):
        return False
    value = 0.8 if s.low[j] == "above" else -0.8
    s.out.append(Signal(i, -value if s.negated(i) else value, False))
    s.consumed[i] = s.consumed[j] = True
    return True


def level(s: Sentence, i: int) -> None:
    """Levels: "hits a 52-week high", "new lows", "all-time high", "3-month low"."""
    inf = s.infos[i]
    consumed = s.consumed
    out = s.out
    negated = s.negated
    quantity_backward = s.quantity_backward
    prev = s.low[i - 1] if i > 0 else ""
    if prev in LEVEL_BEFORE or prev in _PERIODS:
        value = 0.8 * inf.level * _level_subject(s, i)
        out.append(Signal(i, -value if negated(i) else value, False))
        consumed[i] = True
    elif prev in _STAY_VERBS:
        # "the margin remained high", "costs stayed low": a level held.
        q = quantity_backward(i - 1)
        if q >= 0 and s.infos[q].quantity:
            value = 0.8 * inf.level * (1.0 if s.infos[q].quantity > 0 else -1.0)
            out.append(Signal(i, -value if negated(i - 1) else value, False))
            consumed[i] = consumed[q] = True
