"""Comparisons: against expectations, against peers, and of figures.

"Beat estimates", "below expectations", "outperformed by 4%" compare a result
with what was expected or with a peer; "EUR 5m compared with EUR 4m" and "a
loss versus a profit" compare two figures in the same sentence, so the sign
comes from which one is larger (or which state is better), not from any word.
The baseline of a comparison ("compared to a loss") is part of this statement,
which is why the valence pass asks ``is_baseline`` before scoring it again.
"""

from __future__ import annotations

from app.sentiment import lexicon as lx
from app.sentiment.rules.amounts import first_amount, last_amount
from app.sentiment.rules.context import CLAUSE_STOPS, Sentence
from app.sentiment.rules.table import CURRENCIES, Info, Signal
from app.sentiment.tokens import NUM, PCT, Tokens, number_value

_WORD_STRONG_BEAT = lx.words(
    "beat beats beating topped surpassed surpasses surpass estimate-beating"
)
_WORD_ALWAYS = lx.words(
    "outperformed outperforms outperforming outpaced outpaces underperformed "
    "underperforms underperforming lagged lags lagging trailed trails"
)
_WORD_STRONG_MISS = lx.words("miss misses missed")
_EXPECT_SKIP = lx.words("of than the market analysts analyst 's consensus our its their")
# A point of a guided range, or which guide it is: "above the top end of its guidance",
# "below the company's own forecast", "above its prior view". Used by the comparison,
# so not scored again.
_RANGE_POINTS = lx.words(
    "top upper high low lower bottom end midpoint mid-point range company own prior previous "
    "earlier original initial"
)


def is_baseline(tokens: Tokens, infos: list[Info], i: int) -> bool:
    """True for the state after a comparator: "(compared to | from | than) a net loss"."""
    low = tokens.low
    kind = tokens.kind
    for j in range(i - 1, max(-1, i - 9), -1):
        if infos[j].comparator or low[j] == "than":
            return True
        if not (
            infos[j].filler
            or kind[j] == NUM
            or infos[j].unit
            or low[j] in CURRENCIES
            or low[j] in ("to", "a", "an", ".")
        ):
            return False
    return False


def baseline_is_other_state(tokens: Tokens, infos: list[Info], i: int) -> bool:
    """True for "down from a profit": the comparison rule decides that clause."""
    low = tokens.low
    n = len(low)
    if i + 1 >= n or not infos[i + 1].comparator:
        return False
    return any(infos[j].result_state for j in range(i + 2, min(n, i + 6)))


def _figures(tokens: Tokens, infos: list[Info], c: int) -> Signal | None:
    low = tokens.low
    kind = tokens.kind
    n = len(low)
    # Baseline state right after the comparator: "compared to a loss of ...".
    after_state = 0.0
    j = c + 1
    while j < n and j <= c + 5:
        if infos[j].result_state:
            after_state = infos[j].result_state
            break
        if not (infos[j].filler or low[j] in ("to", "with", "a", "an")):
            break
        j += 1
    # The quantity the sentence reports, before the comparator.
    q = -1
    for j in range(c - 1, max(-1, c - 20), -1):
        if low[j] in CLAUSE_STOPS:
            break
        if infos[j].direction and not infos[j].bound_only and not (after_state and j == c - 1):
            return None  # a direction word already says which way it went
        if infos[j].quantity and q < 0:
            q = j
    if after_state:
        if q < 0:
            return None
        before_state = infos[q].result_state or (1.0 if infos[q].quantity > 0 else -1.0)
        # A loss now versus a profit before is negative, and the reverse positive;
        # "a loss versus a loss of" is a comparison of figures (below).
        if before_state != after_state:
            return Signal(q, 1.5 * before_state, False)
    if q < 0 or not infos[q].quantity:
        return None
    # "from" compares figures after a figure ("EUR 5m from EUR 4m") or after a change
    # stated from a state ("a loss of EUR 1m, an improvement from a loss of EUR 2m").
    if low[c] == "from" and not (
        kind[c - 1] in (NUM, PCT) or infos[c - 1].unit or (after_state and infos[c - 1].direction)
    ):
        return None
    now = first_amount(tokens, q + 1, c) or last_amount(tokens, max(0, q - 4), q)
    base = first_amount(tokens, c + 1, c + 9)
    if now is None or base is None or now[1] != base[1]:
        return None
    a, b = now[0], base[0]
    if abs(a - b) <= 0.002 * max(abs(a), abs(b)):
        return None
    sign = 1.0 if a > b else -1.0
    return Signal(q, sign * (1.0 if infos[q].quantity > 0 else -1.0), False)


def _comparison(tokens: Tokens, infos: list[Info], i: int) -> float:
    low = tokens.low
    n = len(low)
    w = low[i]
    inf = infos[i]
    magnitude = 1.0
    # "outperformed by 4%": a larger gap is a stronger statement.
    if i + 2 < n and low[i + 1] == "by" and tokens.kind[i + 2] == NUM:
        v = number_value(low[i + 2]) or 0.0
        magnitude = 1.0 + min(v, 10.0) / 20.0
    if w in _WORD_STRONG_BEAT or w in _WORD_ALWAYS:
        return (inf.beat - inf.miss) * magnitude
    if w in _WORD_STRONG_MISS:
        return -inf.miss * magnitude
    # "above / below expectations", "better than expected", "short of estimates".
    j = i + 1
    while j < n and j <= i + 7:
        if infos[j].expectation:
            return (inf.beat - inf.miss) * magnitude
        # "above revenue estimates", "top bookings estimates".
        if not (
            low[j] in _EXPECT_SKIP
            or infos[j].filler
            or infos[j].quantity
            or low[j] in ("'",)
            or low[j] in _RANGE_POINTS
        ):
            break
        j += 1
    return 0.0


def beat_miss(s: Sentence, i: int) -> bool:
    """Comparisons against expectations or peers: "beat estimates", "lagged"."""
    sig_value = _comparison(s.tokens, s.infos, i)
    if sig_value:
        if s.negated(i):
            sig_value = -sig_value
        s.out.append(Signal(i, sig_value, False))
        s.consumed[i] = True
        j = i + 1
        while j < s.n and j <= i + 7 and not s.infos[j].expectation:
            if s.low[j] in _RANGE_POINTS:
                s.consumed[j] = True
            j += 1
        return True
    return False


# What stands right before a stated figure: "was EUR -1.9 mn", "totalled -0.4".
_FIGURE_LEADS = CURRENCIES | lx.words("was were totalled totaled amounted stood to at")
_FIGURE_STOPS = CLAUSE_STOPS | frozenset({"(", ",", "than"})


def negative_figure(s: Sentence, i: int) -> bool:
    """A result stated as a negative amount: "result before taxes was EUR -1.9 mn"."""
    if s.low[i][0] not in "-−" or i == 0 or s.low[i - 1] not in _FIGURE_LEADS:
        return False
    # A total in thousands or millions; per-share figures carry no scale.
    if not any(s.infos[j].unit >= 1e3 for j in range(i + 1, min(s.n, i + 6))):
        return False
    for j in range(i - 1, max(-1, i - 13), -1):
        inf = s.infos[j]
        if inf.comparator or inf.direction or s.low[j] in _FIGURE_STOPS:
            return False  # "compared to EUR -0.4 mn" is a baseline; "rose to -73" a move
        if inf.quantity > 0:
            s.out.append(Signal(j, -0.9, False))
            s.consumed[i] = True
            return True
    return False


def figures(s: Sentence, i: int) -> None:
    """Figures compared: "EUR 5m compared with EUR 4m", "a loss versus a profit"."""
    sig = _figures(s.tokens, s.infos, i)
    if sig is not None:
        s.out.append(sig)
        s.consumed[sig.pos] = True  # "loss … compared to a loss": scored here
