"""Positions in the author's voice: long / short / add / trim / cut, options, hedges,
funding legs, rotations, preferences and unchanged holdings (a neutral call)."""

from __future__ import annotations

from app.sentiment import lexicon as lx
from app.sentiment.binding import Binder, Call, clause_start

_POSITION_POS = lx.words(
    "long overweight add adds adding added buy buying bought accumulate accumulating own "
    "owning initiate"
)
_POSITION_NEG = lx.words(
    "short shorting shorted underweight trim trims trimming trimmed cut cuts cutting reduce "
    "reduces reducing reduced sell selling sold exit exits exiting exited avoid fade "
    "fading"
)
_PREFER = lx.words("prefer prefers preferred favour favor favours favors like")
_ROTATE = lx.words(
    "rotate rotates rotating rotation switch switches switching shift shifts shifting "
    "move moves moving swap swapping reallocate reallocating"
)
_FUND = lx.words("fund funds funded funding finance financed")
_FUND_LINKS = lx.words("by from with out of selling trimming cutting reducing a the our")
# Options on a ticker: a bought put is bearish, a bought call bullish; writers flip it.
_OPTIONS = {"puts": -1.0, "put": -1.0, "calls": 1.0, "call": 1.0}
_WRITERS = lx.words("sell sells selling sold write writes writing wrote short shorting")
_TAKE = lx.words("take taking took book booking booked lock locking")
_HEDGE = lx.words("hedge hedges hedged hedging")
_KEEP = lx.words("hold holds holding keep keeps keeping leave leaves leaving maintain")
_WEIGHTS = lx.words("weight weights weighting allocation allocations unchanged benchmark")


def position(b: Binder, i: int) -> Call | None:
    low = b.low
    w = low[i]
    if w in _HEDGE:
        obj = b.following(i, reach=6)
        if obj and obj[0]:
            return Call(obj[0], -1.0, "hedge", i, obj[1])
        return None
    if w in _OPTIONS and i + 1 < len(low) and low[i + 1] == "on":
        obj = b.following(i + 1, reach=2)
        if obj and obj[0]:
            sign = -1.0 if any(x in _WRITERS for x in low[max(0, i - 3) : i]) else 1.0
            return Call(obj[0], sign * _OPTIONS[w], "position", i, obj[1])
        return None
    if w in ("profit", "profits") and i > 0 and low[i - 1] in _TAKE:
        obj = b.following(i, reach=3)  # "take profits in X", "book profits on X"
        if obj and obj[0]:
            return Call(obj[0], -1.0, "position", i - 1, obj[1])
        return None
    if w not in _POSITION_POS and w not in _POSITION_NEG:
        return None
    nxt = low[i + 1] if i + 1 < len(low) else ""
    if nxt in ("target", "targets", "rating", "estimate", "estimates", "rates", "rate"):
        return None
    obj = b.following(i)
    if obj is None or not obj[0]:
        return None
    value = 1.0 if w in _POSITION_POS else -1.0
    end = obj[1]
    option = next((_OPTIONS[x] for x in low[end : end + 3] if x in _OPTIONS), None)
    if option is not None:  # "buy SPY puts": the option decides; "sell puts" flips it
        value *= option
        end += 1
    return Call(obj[0], value, "position", i, end)


def unchanged(b: Binder, i: int) -> Call | None:
    """An unchanged holding is a neutral call: "we hold X at benchmark weight", "our X
    allocation is unchanged", "X, where our weight is unchanged"."""
    low = b.low
    w = low[i]
    if w in _KEEP:
        obj = b.following(i, reach=3)
        end = obj[1] if obj else i
        if obj and obj[0] and any(x in _WEIGHTS for x in low[end : end + 6]):
            return Call(obj[0], 0.0, "position", i, end)
        return None
    if w == "unchanged" and any(
        x in _WEIGHTS or x in ("position", "holding") for x in low[max(0, i - 4) : i]
    ):
        start = clause_start(low, i)
        for g_start, g_end, syms in reversed(b.groups):
            if syms and g_end <= i and g_start >= start - 6:
                return Call(syms, 0.0, "position", g_start, i + 1)
    return None


def rotation(b: Binder, i: int) -> Call | None:
    """Funding legs and rotations: "funded by trimming X", "out of X into Y",
    "switch from X to Y"."""
    low = b.low
    w = low[i]
    if w in ("from", "to") and any(x in _ROTATE for x in low[clause_start(low, i) : i]):
        obj = b.following(i, reach=3)
        if obj and obj[0]:
            return Call(obj[0], -1.0 if w == "from" else 1.0, "rotation", i, obj[1])
        return None
    if w in _FUND:
        j = i + 1
        while j < len(low) and low[j] in _FUND_LINKS and j - i <= 4:
            j += 1
        obj = b.following(j - 1, reach=2)
        if obj and obj[0] and low[i + 1 : j]:
            return Call(obj[0], -1.0, "rotation", i, obj[1])
        return None
    if w == "out" and i + 1 < len(low) and low[i + 1] == "of":
        obj = b.following(i + 1, reach=3)
        if obj and obj[0]:
            return Call(obj[0], -1.0, "rotation", i, obj[1])
    if w in ("into", "toward", "towards") and any(
        x in _ROTATE or x == "out" for x in low[clause_start(low, i) : i]
    ):
        obj = b.following(i, reach=3)
        if obj and obj[0]:
            return Call(obj[0], 1.0, "rotation", i, obj[1])
    return None


def preference(b: Binder, i: int) -> Call | None:
    """ "We prefer X over Y": X is the call, and Y takes the other side (see find_calls)."""
    low = b.low
    if low[i] not in _PREFER:
        return None
    obj = b.following(i, reach=4)
    if obj is None or not obj[0]:
        return None
    return Call(obj[0], 1.0, "preference", i, obj[1])
