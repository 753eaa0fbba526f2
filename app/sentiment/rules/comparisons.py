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
    "underperforms underperforming lagged lags lagging trailed trails outshine outshines "
    "outshone outshining outdo outdoes outdid outdone"
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


def is_baseline(tokens: Tokens, infos: list[Info], at: int) -> bool:
    """True for the state after a comparator: "(compared to | from | than) a net loss"."""
    low = tokens.low
    kind = tokens.kind
    for pos in range(at - 1, max(-1, at - 9), -1):
        if infos[pos].comparator or low[pos] == "than":
            return True
        if not (
            infos[pos].filler
            or kind[pos] == NUM
            or infos[pos].unit
            or low[pos] in CURRENCIES
            or low[pos] in ("to", "a", "an", ".")
        ):
            return False
    return False


def baseline_is_other_state(tokens: Tokens, infos: list[Info], at: int) -> bool:
    """True for "down from a profit": the comparison rule decides that clause."""
    low = tokens.low
    size = len(low)
    if at + 1 >= size or not infos[at + 1].comparator:
        return False
    return any(infos[pos].result_state for pos in range(at + 2, min(size, at + 6)))


def _figures(tokens: Tokens, infos: list[Info], comparator_at: int) -> Signal | None:
    low = tokens.low
    kind = tokens.kind
    size = len(low)
    # Baseline state right after the comparator: "compared to a loss of ...".
    after_state = 0.0
    pos = comparator_at + 1
    while pos < size and pos <= comparator_at + 5:
        if infos[pos].result_state:
            after_state = infos[pos].result_state
            break
        if not (infos[pos].filler or low[pos] in ("to", "with", "a", "an")):
            break
        pos += 1
    # The quantity the sentence reports, before the comparator.
    quantity_at = -1
    for pos in range(comparator_at - 1, max(-1, comparator_at - 20), -1):
        if low[pos] in CLAUSE_STOPS:
            break
        if (
            infos[pos].direction
            and not infos[pos].bound_only
            and not (after_state and pos == comparator_at - 1)
        ):
            return None  # a direction word already says which way it went
        if infos[pos].quantity and quantity_at < 0:
            quantity_at = pos
    if after_state:
        if quantity_at < 0:
            return None
        before_state = infos[quantity_at].result_state or (
            1.0 if infos[quantity_at].quantity > 0 else -1.0
        )
        # A loss now versus a profit before is negative, and the reverse positive;
        # "a loss versus a loss of" is a comparison of figures (below).
        if before_state != after_state:
            return Signal(quantity_at, 1.5 * before_state, False)
    if quantity_at < 0 or not infos[quantity_at].quantity:
        return None
    # "from" compares figures after a figure ("EUR 5m from EUR 4m") or after a change
    # stated from a state ("a loss of EUR 1m, an improvement from a loss of EUR 2m").
    if low[comparator_at] == "from" and not (
        kind[comparator_at - 1] in (NUM, PCT)
        or infos[comparator_at - 1].unit
        or (after_state and infos[comparator_at - 1].direction)
    ):
        return None
    now = first_amount(tokens, quantity_at + 1, comparator_at) or last_amount(
        tokens, max(0, quantity_at - 4), quantity_at
    )
    base = first_amount(tokens, comparator_at + 1, comparator_at + 9)
    if now is None or base is None or now[1] != base[1]:
        return None
    now_value, base_value = now[0], base[0]
    if abs(now_value - base_value) <= 0.002 * max(abs(now_value), abs(base_value)):
        return None
    sign = 1.0 if now_value > base_value else -1.0
    return Signal(quantity_at, sign * (1.0 if infos[quantity_at].quantity > 0 else -1.0), False)


def _comparison(tokens: Tokens, infos: list[Info], at: int) -> float:
    low = tokens.low
    size = len(low)
    word = low[at]
    inf = infos[at]
    magnitude = 1.0
    # "outperformed by 4%": a larger gap is a stronger statement.
    if at + 2 < size and low[at + 1] == "by" and tokens.kind[at + 2] == NUM:
        value = number_value(low[at + 2]) or 0.0
        magnitude = 1.0 + min(value, 10.0) / 20.0
    if word in _WORD_STRONG_BEAT or word in _WORD_ALWAYS:
        return (inf.beat - inf.miss) * magnitude
    if word in _WORD_STRONG_MISS:
        return -inf.miss * magnitude
    # "above / below expectations", "better than expected", "short of estimates".
    pos = at + 1
    while pos < size and pos <= at + 7:
        if infos[pos].expectation:
            return (inf.beat - inf.miss) * magnitude
        # "above revenue estimates", "top bookings estimates".
        if not (
            low[pos] in _EXPECT_SKIP
            or infos[pos].filler
            or infos[pos].quantity
            or low[pos] in ("'",)
            or low[pos] in _RANGE_POINTS
        ):
            break
        pos += 1
    return 0.0


def beat_miss(sentence: Sentence, at: int) -> bool:
    """Comparisons against expectations or peers: "beat estimates", "lagged"."""
    sig_value = _comparison(sentence.tokens, sentence.infos, at)
    if sig_value:
        if sentence.negated(at):
            sig_value = -sig_value
        sentence.out.append(Signal(at, sig_value, False))
        sentence.consumed[at] = True
        pos = at + 1
        while pos < sentence.n and pos <= at + 7 and not sentence.infos[pos].expectation:
            if sentence.low[pos] in _RANGE_POINTS:
                sentence.consumed[pos] = True
            pos += 1
        return True
    return False


# What stands right before a stated figure: "was EUR -1.9 mn", "totalled -0.4".
_FIGURE_LEADS = CURRENCIES | lx.words("was were totalled totaled amounted stood to at")
_FIGURE_STOPS = CLAUSE_STOPS | frozenset({"(", ",", "than"})


def negative_figure(sentence: Sentence, at: int) -> bool:
    """A result stated as a negative amount: "result before taxes was EUR -1.9 mn"."""
    if sentence.low[at][0] not in "-−" or at == 0 or sentence.low[at - 1] not in _FIGURE_LEADS:
        return False
    # A total in thousands or millions; per-share figures carry no scale.
    if not any(sentence.infos[pos].unit >= 1e3 for pos in range(at + 1, min(sentence.n, at + 6))):
        return False
    for pos in range(at - 1, max(-1, at - 13), -1):
        inf = sentence.infos[pos]
        if inf.comparator or inf.direction or sentence.low[pos] in _FIGURE_STOPS:
            return False  # "compared to EUR -0.4 mn" is a baseline; "rose to -73" a move
        if inf.quantity > 0:
            sentence.out.append(Signal(pos, -0.9, False))
            sentence.consumed[at] = True
            return True
    return False


def figures(sentence: Sentence, at: int) -> None:
    """Figures compared: "EUR 5m compared with EUR 4m", "a loss versus a profit"."""
    sig = _figures(sentence.tokens, sentence.infos, at)
    if sig is not None:
        sentence.out.append(sig)
        sentence.consumed[sig.pos] = True  # "loss … compared to a loss": scored here
