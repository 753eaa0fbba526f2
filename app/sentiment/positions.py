"""Positions in the author's voice: long / short / add / trim / cut, options, hedges,
funding legs, rotations, preferences and unchanged holdings (a neutral call)."""

from __future__ import annotations

from collections.abc import Sequence

from app.sentiment import lexicon as lx
from app.sentiment.binding import Binder, Call, clause_start, negated

_POSITION_POS = lx.words(
    "long overweight add adds adding added buy buying bought accumulate accumulating own "
    "owning initiate increase increases increasing increased lift lifts lifting boost "
    "boosts boosting build builds building built top tops topping topped raise raises "
    "raising raised"
)
_POSITION_NEG = lx.words(
    "short shorting shorted underweight trim trims trimming trimmed cut cuts cutting reduce "
    "reduces reducing reduced sell selling sold exit exits exiting exited avoid fade "
    "fading lighten lightens lightening pare pares paring"
)
_REFRAIN = lx.words("avoid avoiding")
_CHASE = lx.words("chasing chase")
_PREFER = lx.words("prefer prefers preferred favour favor favours favors like")
_ROTATE = lx.words(
    "rotate rotates rotating rotation switch switches switching shift shifts shifting "
    "move moves moving swap swapping reallocate reallocating proceeds redeploy "
    "redeploying reinvest reinvesting deploy deploying"
)
# "step aside from X", "close out X": an exit.
_ASIDE = lx.words("step steps stepping stepped stand stands standing")
_CLOSE = lx.words("close closes closing closed")
_AGAINST = lx.words("over against versus vs")
# What may follow a position verb with no object: "… to sell.", "Adding here", "buying on
# weakness", "selling into strength".
_BARE_ENDS = lx.words(". , ; here now today again into on")
_ESTIMATES = lx.words("target targets estimate estimates forecast forecasts objective")
_FUND = lx.words("fund funds funded funding finance financed")
_FUND_LINKS = lx.words(
    "by from with out of in selling trimming cutting reducing a the our matching equal "
    "reduction reductions sale sales"
)
# "funded by …", "funding from …": what follows is the funding leg. Without these the
# verb is active: "funding a new QQQ position by selling VTWO" funds QQQ.
_FUNDED_BY = lx.words("by from with out selling trimming cutting reducing reduction sale")
# Options on a ticker: a bought put is bearish, a bought call bullish; writers flip it.
_OPTIONS = {"puts": -1.0, "put": -1.0, "calls": 1.0, "call": 1.0}
_WRITERS = lx.words("sell sells selling sold write writes writing wrote short shorting")
# What may stand between a ticker and its option: "SPY December 400 puts", "QQQ $400 calls".
_OPTION_TERMS = lx.words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec $ strike dated expiry weekly monthly "
    "out-of-the-money at-the-money otm atm one-month two-month three-month six-month "
    "one-year"
)
_TAKE = lx.words("take taking took book booking booked lock locking")
_HEDGE = lx.words("hedge hedges hedged hedging protection")
_RECOMMEND = lx.words("recommend recommends recommended like prefer favour favor")
_KEEP = lx.words("hold holds holding keep keeps keeping leave leaves leaving maintain")
_WEIGHTS = lx.words("weight weights weighting allocation allocations unchanged benchmark")


def position(binder: Binder, at: int) -> Call | None:
    low = binder.low
    word = low[at]
    if word in _HEDGE:
        obj = binder.following(at, reach=6)
        if obj and obj[0]:
            return Call(obj[0], -1.0, "hedge", at, obj[1])
        return None
    spread = at + 1 < len(low) and low[at + 1] in ("spread", "spreads")
    if word in _OPTIONS and low[at + 1 + spread : at + 2 + spread] == ["on"]:
        obj = binder.following(at + 1 + spread, reach=2)  # "puts on X", "a put spread on X"
        if obj and obj[0]:
            sign = -1.0 if any(x in _WRITERS for x in low[max(0, at - 3) : at]) else 1.0
            return Call(obj[0], sign * _OPTIONS[word], "position", at, obj[1])
        return None
    if word in ("profit", "profits") and at > 0 and low[at - 1] in _TAKE:
        obj = binder.following(at, reach=5)  # "take profits in X", "on half our X holding"
        if obj and obj[0]:
            return Call(obj[0], -1.0, "position", at - 1, obj[1])
        return None
    if (
        (word == "aside" and at > 0 and low[at - 1] in _ASIDE)
        or (word == "out" and at > 0 and low[at - 1] in _CLOSE)
        or (word == "off" and any(x in _TAKE for x in low[max(0, at - 4) : at]))
    ):  # "step aside from X", "close out X", "take two points off X"
        obj = binder.following(at + (low[at + 1 : at + 2] == ["from"]), reach=4)
        return Call(obj[0], -1.0, "position", at - 1, obj[1]) if obj and obj[0] else None
    if word in _OPTIONS:
        return _bought_option(binder, at)
    if word not in _POSITION_POS and word not in _POSITION_NEG:
        return None
    nxt = low[at + 1] if at + 1 < len(low) else ""
    if nxt in ("target", "targets", "rating", "estimate", "estimates", "rates", "rate"):
        return None
    value = 1.0 if word in _POSITION_POS else -1.0
    if word in _REFRAIN and nxt in _POSITION_POS | _CHASE:
        # "avoid chasing NVDA", "avoid adding to QQQ": holding back from a buy.
        obj = binder.following(at + 1)
        return Call(obj[0], -1.0, "position", at, obj[1]) if obj and obj[0] else None
    obj = binder.following(at)
    if obj is None or not obj[0]:
        # "long the yen against the dollar": the other leg is the ticker.
        # Not "underweight against QQQ, our benchmark": weights are set against a benchmark.
        leg = None if word in ("overweight", "underweight") else binder.versus(at, _AGAINST)
        if leg:
            return Call(leg[0], -value, "position", at, leg[1])
        # "We would use the strength to sell.", "Adding here": the ticker in focus.
        bare = low[at + 1] if at + 1 < len(low) else "."
        if (
            bare in _BARE_ENDS
            and binder.focus
            and not any(g[2] for g in binder.groups)
            and not negated(low, at)  # "swapping one risk for the other, not adding"
        ):
            return Call(binder.focus, value, "position", at, at + 1)
        return None
    if any(x in _ESTIMATES for x in low[obj[1] : obj[1] + 3]):
        return None  # "raise our NVDA price target", "cut our MSFT estimates": not a position
    end = obj[1]
    option = _option_after(low, end)
    if option is not None:  # "buy SPY puts": the option decides; "sell puts" flips it
        value *= option
        end += 1
    return Call(obj[0], value, "position", at, end)


def _bought_option(binder: Binder, at: int) -> Call | None:
    """ "We are buying protection through three-month SPY puts": options named after
    their ticker, away from the verb; bought unless written ("sell QQQ calls")."""
    low = binder.low
    pos = at - 1
    while pos >= 0 and (low[pos] in _OPTION_TERMS or any(ch.isdigit() for ch in low[pos])):
        pos -= 1
    group = next((g for g in binder.groups if g[1] == pos + 1 and g[2]), None)
    if group is None:
        return None
    before = low[clause_start(low, group[0]) : group[0]]
    if not any(
        word in _POSITION_POS or word in _HEDGE or word in _WRITERS or word in _RECOMMEND
        for word in before
    ):
        return None
    sign = -1.0 if any(word in _WRITERS for word in before) else 1.0
    return Call(group[2], sign * _OPTIONS[low[at]], "position", group[0], at + 1)


def _option_after(low: Sequence[str], end: int) -> float | None:
    """The option named right after a ticker ("SPY puts", "QQQ December 400 calls"), not
    one in a later clause ("short VTWO or buy puts on it")."""
    for word in low[end : end + 6]:
        if word in _OPTIONS:
            return _OPTIONS[word]
        if not (word in _OPTION_TERMS or word == "/" or any(ch.isdigit() for ch in word)):
            return None
    return None


def unchanged(binder: Binder, at: int) -> Call | None:
    """An unchanged holding is a neutral call: "we hold X at benchmark weight", "our X
    allocation is unchanged", "X, where our weight is unchanged"."""
    low = binder.low
    word = low[at]
    if word in _KEEP:
        obj = binder.following(at, reach=3)
        end = obj[1] if obj else at
        if obj and obj[0] and any(x in _WEIGHTS for x in low[end : end + 6]):
            return Call(obj[0], 0.0, "position", at, end)
        return None
    if word in ("stays", "stay", "remains", "remain") and low[at + 1 : at + 3] in (
        ["where", "it"],
        ["as", "it"],
        ["where", "they"],
        ["as", "they"],
    ):  # "our SPY holding stays where it is"
        start = clause_start(low, at)
        for g_start, g_end, syms in reversed(binder.groups):
            if syms and g_end <= at and g_start >= start:
                return Call(syms, 0.0, "position", g_start, at + 1)
        return None
    if word == "unchanged" and any(
        x in _WEIGHTS or x in ("position", "holding") for x in low[max(0, at - 4) : at]
    ):
        start = clause_start(low, at)
        for g_start, g_end, syms in reversed(binder.groups):
            if syms and g_end <= at and g_start >= start - 6:
                return Call(syms, 0.0, "position", g_start, at + 1)
    return None


def rotation(binder: Binder, at: int) -> Call | None:
    """Funding legs and rotations: "funded by trimming X", "out of X into Y",
    "switch from X to Y"."""
    low = binder.low
    word = low[at]
    if word in ("from", "to") and any(x in _ROTATE for x in low[clause_start(low, at) : at]):
        obj = binder.following(at, reach=3)
        if obj and obj[0]:
            return Call(obj[0], -1.0 if word == "from" else 1.0, "rotation", at, obj[1])
        return None
    if word in _FUND:
        pos = at + 1
        while pos < len(low) and low[pos] in _FUND_LINKS and pos - at <= 6:
            pos += 1
        obj = binder.following(pos - 1, reach=2)
        if obj and obj[0]:
            funding_leg = any(x in _FUNDED_BY for x in low[at + 1 : pos])
            return Call(obj[0], -1.0 if funding_leg else 1.0, "rotation", at, obj[1])
        return None
    if word == "out" and at + 1 < len(low) and low[at + 1] == "of":
        obj = binder.following(at + 1, reach=3)
        if obj and obj[0]:
            return Call(obj[0], -1.0, "rotation", at, obj[1])
    if word in ("into", "toward", "towards") and any(
        x in _ROTATE or x == "out" for x in low[clause_start(low, at) : at]
    ):
        obj = binder.following(at, reach=3)
        if obj and obj[0]:
            return Call(obj[0], 1.0, "rotation", at, obj[1])
    return None


def preference(binder: Binder, at: int) -> Call | None:
    """ "We prefer X over Y": X is the call, and Y takes the other side (see find_calls)."""
    low = binder.low
    if low[at] not in _PREFER:
        return None
    obj = binder.following(at, reach=4)
    if obj is None or not obj[0]:
        # "We prefer Airbus over Boeing" where only Boeing is followed: Boeing loses.
        leg = binder.versus(at, _AGAINST | {"to"})
        return Call(leg[0], -1.0, "preference", at, leg[1]) if leg else None
    return Call(obj[0], 1.0, "preference", at, obj[1])
