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
from app.sentiment.rules.table import EMPTY, Signal
from app.sentiment.tokens import NUM, PCT, WORD, Tokens

# Words before "high" / "low" / "record" that make it a market level.
LEVEL_BEFORE = lx.words(
    "new fresh all-time record multi-year multiyear hit hits hitting set sets setting "
    "reach reaches reached lifetime life"
)
_PERIODS = lx.words("day week month year decade session wk mth yr")
BEST = lx.words("best")
CROSS_VERBS = lx.words("break breaks broke breaking cross crosses crossed crossing")
_BREAK_VERBS = lx.words("break breaks broke breaking")
# A price breaking down ends there or says where to: "is breaking down", "broke down
# below support"; not "breaks down the cost", "breaks down how to save".
_BREAKDOWN_ENDS = frozenset({".", ",", ";", ":", "below", "under", "from", "through"})
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
    "correction corrections declines falls"
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
    "recoup recoups recouped recouping trim trims trimmed trimming snap snaps snapped snapping "
    "halt halts halted halting cap caps capped capping"
)
_KEEP_VERBS = lx.words(
    "extend extends extended extending add adds added adding build builds built building "
    "deepen deepens deepened deepening maintain maintains maintained sustain sustains "
    "sustained retain retains retained hold holds"
)
# "recovered from early losses": only these undo a fall named after "from".
_FROM_VERBS = lx.words(
    "recover recovers recovered recovering rebound rebounds rebounded rebounding bounce "
    "bounces bounced bouncing"
)
_RECOVER_VERBS = lx.words("recover recovers recovered recovering")
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
    "previous recent session's week's steep sharp big strong modest a an this day days week "
    "weeks session sessions month months straight consecutive"
)
# "a five-day decline", "a two-year low"
_SPAN_SUFFIXES = ("-day", "-week", "-session", "-month", "-year", "-mth", "-wk", "-yr")


def signed_percent(sentence: Sentence, at: int) -> bool:
    """Signed percentages in headlines: "+4%" / "-3%", the sign is the move; not the end
    of a range ("5-7%", "8%-10%")."""
    word = sentence.low[at]
    if (
        sentence.kind[at] == NUM
        and word[0] in "+-−"
        and at + 1 < sentence.n
        and sentence.kind[at + 1] == PCT
        and (at == 0 or sentence.kind[at - 1] not in (NUM, PCT))
    ):
        value = 0.9 if word[0] == "+" else -0.9
        sentence.out.append(Signal(at, value, False))
        return True
    return False


def _timing(tokens: Tokens, at: int, is_target: list[bool]) -> float:
    """+1 for "buy the dip" / "buying opportunity", −1 for "sell the rally" /
    "selling opportunity", 0 otherwise."""
    low = tokens.low
    word = low[at]
    prev = low[at - 1] if at > 0 else ""
    if word in _CHANCE_WORDS:
        if prev in _DIP_BUYERS or prev == "entry":
            return 1.0
        if prev in _RIP_SELLERS:
            return -1.0
        return 0.0
    pos = at - 1
    while pos >= 0 and low[pos] in _TIMING_SKIP:
        pos -= 1
    # The ticker traded may stand between: "buy NVDA on dips", "sellers of VTWO rallies",
    # or, without tickers, a name: "buy Infosys on dips".
    scan = pos
    while scan > 0 and (is_target[scan] or tokens.raw[scan][:1].isupper()):
        scan -= 1
    if scan < pos and scan >= 0 and low[scan] == "of":
        scan -= 1
    if scan < pos:
        pos = scan
    elif pos > 0 and prev in ("on", "into") and tokens.kind[pos] == WORD:
        # "buy largecap IT stocks on dips", "add leaders on dips": what is traded, in
        # a few words.
        buyers = (scan for scan in range(pos - 1, max(-1, pos - 4), -1) if low[scan] in _DIP_BUYERS)
        pos = next(buyers, pos)
    if pos < 0:
        return 0.0
    if word in _DIP_WORDS and low[pos] in _DIP_BUYERS:
        return 1.0
    if word in _RIP_WORDS and low[pos] in _RIP_SELLERS:
        return -1.0
    return 0.0


def timing(sentence: Sentence, at: int) -> bool:
    """Trading into a move; remembered so ``reframe`` can damp the move before it."""
    # Trading into a move: "buy the dip" (+), "sell the rally" (−), and the
    # move read as a chance: "the selloff is a buying opportunity".
    value = _timing(sentence.tokens, at, sentence.is_target)
    if value:
        sentence.out.append(Signal(at, -value if sentence.negated(at) else value, False))
        sentence.consumed[at] = True
        sentence.reframes.append((at, value))
        return True
    return False


def reframe(out: list[Signal], low: list[str], reframes: list[tuple[int, float]]) -> list[Signal]:
    """Before "a buying opportunity" the fall is the reason to buy: moves of the other
    sign earlier in the same clause count a quarter."""
    result = []
    for sig in out:
        for reframe_at, sign in reframes:
            if (
                sig.pos < reframe_at
                and sig.value * sign < 0
                and not any(low[pos] in _REFRAME_STOPS for pos in range(sig.pos + 1, reframe_at))
            ):
                sig = Signal(sig.pos, sig.value * 0.25, sig.prefers_following)
                break
        result.append(sig)
    return result


def move_object(sentence: Sentence, at: int) -> bool:
    """A move kept or undone: "pares gains" (−), "erases losses" (+), "extends its rally" (+),
    "gave up early gains" (−), "rebounded from early losses" (+)."""
    low = sentence.low
    size = sentence.n
    word = low[at]
    pos = at + 1
    particle = _MOVE_PARTICLES.get(word)
    if particle is not None:
        if pos >= size or low[pos] != particle:
            return False  # "gave a speech", "added 200 jobs": not a move kept or undone
        pos += 1
    elif word in _FROM_VERBS:
        if pos < size and low[pos] == "from":
            pos += 1
        elif word not in _RECOVER_VERBS:
            return False  # "recover losses" takes its move directly; "rebound" needs "from"
    start = pos
    # Skip determiners and a size: "some of its early gains", "a 1,000-point rally".
    while (
        pos < size
        and pos - start < 6
        and (
            low[pos] in _MOVE_SKIP
            or low[pos].endswith(_SPAN_SUFFIXES)
            or (pos == start and "-" in low[pos][1:])  # "post-holiday losses"
            or sentence.kind[pos] in (NUM, PCT)
            or low[pos] in ("-", "point", "points")
        )
    ):
        pos += 1
    if pos >= size:
        return False
    nxt = low[pos + 1] if pos + 1 < size else ""
    if low[pos] in _UP_MOVES:
        sign = 1.0
    elif low[pos] in _DOWN_MOVES:
        sign = -1.0
    else:
        return False
    if word in _FROM_VERBS:
        # "recovered from a loss of EUR 2m": a figure, the comparison rule reads it.
        if sign > 0 or nxt == "of" or (pos + 1 < size and sentence.kind[pos + 1] in (NUM, PCT)):
            return False
        sign = -sign
    elif word in _UNDO_VERBS:
        sign = -sign
    value = 0.9 * sign
    sentence.out.append(Signal(at, -value if sentence.negated(at) else value, False))
    for scan in range(at, pos + 1):
        sentence.consumed[scan] = True
    sentence.infos[pos] = EMPTY  # a move read with its verb, no quantity for a later one
    return True


def _level_subject(sentence: Sentence, at: int) -> float:
    """-1 when the clause's subject is a bad quantity: "inflation hit a 40-year high" is
    bad news and "unemployment fell to a record low" good; 0 for a neutral one; else +1."""
    low = sentence.low
    infos = sentence.infos
    for pos in range(at - 1, max(-1, at - 12), -1):
        if low[pos] in CLAUSE_STOPS or low[pos] in _LEVEL_STOPS:
            break
        if infos[pos].quantity:
            return -1.0 if infos[pos].quantity < 0 else 1.0
        if infos[pos].neutral_q:
            return 0.0  # "Treasury yields hit a 15-year high": a level, no sign of its own
    return 1.0


def best_period(sentence: Sentence, at: int) -> bool:
    """A period named as the best: "its best week in two months", "the best quarter ever".
    ("worst" is a valence word by itself; "best" alone is too often "best practice".)"""
    low = sentence.low
    pos = at + 1
    if pos < sentence.n and low[pos] in _PERIOD_KINDS:
        pos += 1
    if pos < sentence.n and low[pos] in _BEST_PERIODS:
        value = 0.8
        sentence.out.append(Signal(at, -value if sentence.negated(at) else value, False))
        sentence.consumed[at] = sentence.consumed[pos] = True
        return True
    return False


def breadth(sentence: Sentence, at: int) -> bool:
    """Market breadth: "advancers outnumbered decliners" (+), "losers outpaced gainers" (−)."""
    low = sentence.low
    pos = at - 1
    while pos >= 0 and at - pos <= 3 and low[pos] in _BREADTH_SKIP:
        pos -= 1
    if pos < 0 or at - pos > 3:
        return False
    if low[pos] in _ADVANCERS:
        value = 0.8
    elif low[pos] in _DECLINERS:
        value = -0.8
    else:
        return False
    sentence.out.append(Signal(at, -value if sentence.negated(at) else value, False))
    sentence.consumed[at] = sentence.consumed[pos] = True
    for scan in range(at + 1, min(sentence.n, at + 5)):
        if low[scan] in _ADVANCERS or low[scan] in _DECLINERS:
            sentence.consumed[scan] = True  # the other side of the count
            break
    return True


def crossing(sentence: Sentence, at: int) -> bool:
    """A price crossing a line: "broke above its 200-day average" (+), "crossed below" (−),
    "is breaking down" (−; not "breaks down the cost")."""
    pos = at + 1
    if pos < sentence.n and sentence.low[pos] == "back":
        pos += 1
    if pos >= sentence.n:
        return False
    word = sentence.low[pos]
    if word == "down" and sentence.low[at] in _BREAK_VERBS:
        if pos + 1 < sentence.n and sentence.low[pos + 1] not in _BREAKDOWN_ENDS:
            return False
    elif word not in ("above", "below"):
        return False
    value = 0.8 if word == "above" else -0.8
    sentence.out.append(Signal(at, -value if sentence.negated(at) else value, False))
    sentence.consumed[at] = sentence.consumed[pos] = True
    return True


def level(sentence: Sentence, at: int) -> None:
    """Levels: "hits a 52-week high", "new lows", "all-time high", "3-month low"."""
    inf = sentence.infos[at]
    consumed = sentence.consumed
    out = sentence.out
    negated = sentence.negated
    quantity_backward = sentence.quantity_backward
    prev = sentence.low[at - 1] if at > 0 else ""
    if "from" in sentence.low[max(0, at - 5) : at]:
        consumed[at] = True  # "slips from record highs": where the move started
        return
    if prev in LEVEL_BEFORE or prev in _PERIODS or prev.endswith(_SPAN_SUFFIXES):
        value = 0.8 * inf.level * _level_subject(sentence, at)
        out.append(Signal(at, -value if negated(at) else value, False))
        consumed[at] = True
    elif prev in _STAY_VERBS:
        # "the margin remained high", "costs stayed low": a level held.
        quantity_at = quantity_backward(at - 1)
        if quantity_at >= 0 and sentence.infos[quantity_at].quantity:
            value = 0.8 * inf.level * (1.0 if sentence.infos[quantity_at].quantity > 0 else -1.0)
            out.append(Signal(at, -value if negated(at - 1) else value, False))
            consumed[at] = consumed[quantity_at] = True


# Streaks: "extends its losing streak" (−), "snaps a four-day losing streak" (+),
# "ends a winning run" (−). Ending a streak turns its sign.
STREAK_WORDS = lx.words("winning losing")
_STREAK_NOUNS = lx.words("streak streaks run runs spell")
_STREAK_ENDS = lx.words(
    "snap snaps snapped snapping end ends ended ending break breaks broke breaking halt halts "
    "halted halting"
)
_STREAK_REACH = 4  # "snaps its four-day winning streak"


def streak(sentence: Sentence, at: int) -> bool:
    """A winning or losing streak, turned by a verb that ends it."""
    if at + 1 >= sentence.n or sentence.low[at + 1] not in _STREAK_NOUNS:
        return False
    value = 0.8 if sentence.low[at] == "winning" else -0.8
    for pos in range(at - 1, max(-1, at - 1 - _STREAK_REACH), -1):
        if sentence.low[pos] in _STREAK_ENDS:
            value = -value
            sentence.consumed[pos] = True
            break
        if sentence.low[pos] in _REFRAME_STOPS or sentence.low[pos] == ",":
            break
    sentence.out.append(Signal(at, -value if sentence.negated(at) else value, False))
    sentence.consumed[at] = sentence.consumed[at + 1] = True
    return True
