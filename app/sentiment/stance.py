"""The author's explicit calls in a sentence, bound to the ticker they act on.

A call is what a portfolio manager acts on: a rating or rating change, a price target
against the current price, a position (long / short / add / trim / cut / hedge), a
funding leg, a rotation or a preference. Each call has a value in {−1, 0, +1}: a kept
Hold rating, a target near the price or an unchanged weight is a neutral call.

Binding follows the object, not the nearest name: the call binds to the ticker that
follows its word ("cut its target for X", "short X", "out of X into Y"); with no ticker
there, to a back-reference ("the shares", "it", "the fund"), which means the ticker in
focus from earlier sentences. Positions and preferences count only in the author's voice
("we", "our", a headline imperative); ratings and targets count whoever sets them.
A call inside a conditional ("if …", "would … below $80") or a risk scenario is not the
call the author makes, so it is skipped.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.sentiment import lexicon as lx
from app.sentiment.binding import (
    Binder,
    Call,
    clause_start,
    conditional,
    negated,
)
from app.sentiment.entities import Mention
from app.sentiment.positions import position, preference, rotation, unchanged
from app.sentiment.tokens import NUM, PCT, Tokens

_RATING_POS = lx.words("buy outperform overweight accumulate strong-buy outperformer")
_RATING_NEG = lx.words("sell underperform underweight underperformer")
_RATING_NEU = lx.words(
    "hold neutral equal-weight market-weight in-line market-perform sector-perform "
    "peer-perform equalweight"
)
# Two-word ratings: "equal weight", "market weight", "market perform", "top pick".
_RATING_PAIRS = {
    ("equal", "weight"): 0.0,
    ("market", "weight"): 0.0,
    ("market", "perform"): 0.0,
    ("sector", "perform"): 0.0,
    ("peer", "perform"): 0.0,
    ("in", "line"): 0.0,
    ("top", "pick"): 1.0,
    ("strong", "buy"): 1.0,
}
_RATING_VERBS = lx.words(
    "upgrade upgrades upgraded upgrading downgrade downgrades downgraded downgrading "
    "initiate initiates initiated initiating initiation start starts started starting "
    "rate rates rated rating reiterate reiterates reiterated reiterating maintain "
    "maintains maintained maintaining keep keeps kept move moves moved moving raise raises "
    "raised raising lift lifts lifted lifting cut cuts cutting lower lowers lowered lowering "
    "stay stays remain "
    "remains resume resumes resumed reinstate reinstated assume assumes go goes going "
    "coverage"
)
# "buy", "sell", "hold" are also plain verbs: as ratings they follow "to"/"at"/"a", are
# capitalised ("reiterate Buy") or come before "rating".
_PLAIN_VERB_RATINGS = lx.words("buy sell hold")
_RATING_LEADS = lx.words("to at a as our")
_UP_VERBS = lx.words("upgrade upgrades upgraded upgrading raise raises raised raising")
_DOWN_VERBS = lx.words(
    "downgrade downgrades downgraded downgrading cut cuts cutting lower lowers lowered lowering"
)
_IMPERATIVE = lx.words(
    "buy sell short long add adding trim avoid overweight underweight own fade prefer favour "
    "favor exit reduce accumulate fund rotate switch hedge"
)
_AUTHOR = lx.words("we we're we've we'd our us i recommend recommended idea committee")
# Openers that make a noun phrase, not an order: "Long bonds rallied", "Hedge funds are
# selling QQQ", "Fund managers added SPY".
_NOUN_PHRASES = {
    "long": lx.words("bonds bond end term dated duration"),
    "hedge": lx.words("fund funds"),
    "fund": lx.words("managers manager flows flow holders investors houses"),
}
_VERSUS = lx.words("over to against versus vs than")
_TARGET_UP = lx.words("raise raises raised raising lift lifts lifted increase increased boost")
_TARGET_DOWN = lx.words("cut cuts cutting lower lowers lowered lowering reduce reduced trim")
_ABOVE = lx.words("above upside over higher")
_BELOW = lx.words("below downside under lower")
_NEAR = lx.words("near close around roughly in-line matching matches barely")
_TARGET_WORDS = lx.words("target targets objective objectives")
_PRICE_NOW = lx.words("price close today current currently trade trading trades last quote")
_NEAR_PCT = 8.0  # a target within this many percent of the price is a neutral call


def _rating_at(low: Sequence[str], at: int) -> tuple[float, int] | None:
    """(value, length) of a rating word at ``at``."""
    word = low[at]
    if at + 1 < len(low) and (word, low[at + 1]) in _RATING_PAIRS:
        return _RATING_PAIRS[(word, low[at + 1])], 2
    if word in _RATING_POS:
        return 1.0, 1
    if word in _RATING_NEG:
        return -1.0, 1
    if word in _RATING_NEU:
        return 0.0, 1
    return None


def _rating_before(low: Sequence[str], at: int) -> float:
    """The rating a change comes from ("… to Neutral from Buy"): its value, 0 if none."""
    if at < len(low) and low[at] == "from" and at + 1 < len(low):
        found = _rating_at(low, at + 1)
        return found[0] if found else 0.0
    return 0.0


def author_voice(low: Sequence[str]) -> bool:
    """The sentence speaks for the author: "we", "our", or a headline imperative."""
    if any(word in _AUTHOR for word in low):
        return True
    # An imperative that opens the sentence or follows a headline's colon ("Financials
    # pair: long XLF, short JPM").
    return any(
        word in _IMPERATIVE
        and (pos == 0 or low[pos - 1] in (":", ";"))
        and not (low[pos + 1 : pos + 2] and low[pos + 1] in _NOUN_PHRASES.get(word, ()))
        for pos, word in enumerate(low)
    )


def find_calls(tokens: Tokens, mentions: Sequence[Mention], focus: tuple[str, ...]) -> list[Call]:
    """Every explicit call in one sentence, in order; ``focus`` is the ticker in focus."""
    low = tokens.low
    binder = Binder(tokens, mentions, focus)
    author = author_voice(low)
    calls: list[Call] = []
    used: set[int] = set()
    for at in range(len(low)):
        if at in used:
            continue
        call = _rating(binder, tokens.raw, at) or _target(tokens, binder, at)
        if call is None and author:
            call = (
                unchanged(binder, at)
                or position(binder, at)
                or rotation(binder, at)
                or preference(binder, at)
            )
        # Checked only where a call was found: the test scans the clause and the sentence.
        if call is None or conditional(low, at):
            continue
        if call.value and negated(low, call.start):
            call = call._replace(value=0.0)  # "we neither add nor trim": no change
        used.update(range(call.start, call.end))
        calls.append(call)
    return calls


def _rating(binder: Binder, raw: Sequence[str], at: int) -> Call | None:
    low = binder.low
    found = _rating_at(low, at)
    if found is None:
        return None
    value, length = found
    before = low[clause_start(low, at) : at][-8:]
    after = low[at + length] if at + length < len(low) else ""
    # "Buy rating", "rated Buy", and a stance on a name: "we are neutral on AMD".
    rating_noun = after in ("rating", "rated", "recommendation") or (
        after == "on" and binder.following(at + length, reach=3) is not None
    )
    verb = next((word for word in reversed(before) if word in _RATING_VERBS), None)
    if low[at - 1 : at] == ["goes"] or low[max(0, at - 3) : at].count("goes"):
        verb = verb or "goes"
    if verb is None and not rating_noun:
        return None
    plain = low[at] in _PLAIN_VERB_RATINGS and not rating_noun
    if plain and not (raw[at][:1].isupper() and at > 0) and low[at - 1] not in _RATING_LEADS:
        return None
    if not value and verb is not None and low[at - 1] == "to":
        mover = next((word for word in reversed(before) if word in _UP_VERBS | _DOWN_VERBS), None)
        was = _rating_before(low, at + length)
        if mover is not None:  # "cut to Hold": the move gives the direction
            value = 0.6 if mover in _UP_VERBS else -0.6
        elif was:  # "move X to Neutral from Buy": a step down
            value = -0.6 if was > 0 else 0.6
    target = (
        binder.following(at + length - 1, reach=3)
        or binder.back_reference(at)  # "we expect the stock to outperform"
        or binder.preceding(at)
        or binder.in_clause(at)
    )
    if target is None or not target[0]:
        return None
    start = max(0, at - 6)
    return Call(target[0], value, "rating", start, max(at + length, target[1]))


def _target_move(low: Sequence[str], nums: list[tuple[int, float]], at: int) -> float | None:
    """A target moved between two figures: "to $210 from $175" (up), "from $345 to $340"
    (down): ±0.6, as a raise or a cut without the price."""
    after = [(pos, value) for pos, value in nums if pos > at]
    if len(after) < 2 or after[0][1] == after[1][1]:
        return None
    (first_pos, first), (second_pos, second) = after[0], after[1]
    between = low[first_pos:second_pos]
    if "from" in between:  # "to $210 from $175": the first figure is the new one
        new, old = first, second
    elif "to" in between and "from" in low[at:first_pos]:  # "from $175 to $210"
        new, old = second, first
    else:
        return None
    return 0.6 if new > old else -0.6


def _pct_near(low: Sequence[str], kind: Sequence[int], at: int) -> float | None:
    """A signed percentage near the word at ``at`` ("20% below", "upside of 15%")."""
    for pos in range(max(0, at - 12), min(len(low), at + 14)):
        if kind[pos] != PCT or pos == 0 or kind[pos - 1] != NUM:
            continue
        try:
            pct = float(low[pos - 1].replace(",", ""))
        except ValueError:
            continue
        around = low[max(0, pos - 4) : pos + 3]
        if any(word in _ABOVE for word in around):
            return pct
        if any(word in _BELOW for word in around):
            return -pct
    return None


def _target(tokens: Tokens, binder: Binder, at: int) -> Call | None:
    low, kind = tokens.low, tokens.kind
    if low[at] not in _TARGET_WORDS or (at > 0 and tokens.raw[at][0].isupper()):
        return None  # "Target" mid-sentence is a name
    window = range(max(0, at - 6), min(len(low), at + 8))
    if not any(kind[pos] == NUM for pos in window) and "price" not in low[max(0, at - 2) : at + 2]:
        return None
    pct = _pct_near(low, kind, at)
    value: float | None = None
    if pct is not None:
        value = 0.0 if abs(pct) < _NEAR_PCT else (1.0 if pct > 0 else -1.0)
    else:
        nums = [
            (pos, float(low[pos].replace(",", "")))
            for pos in range(max(0, at - 6), min(len(low), at + 14))
            if kind[pos] == NUM and low[pos].replace(",", "").replace(".", "").isdigit()
        ]
        window = low[at : at + 14]
        # "…, a level that barely differs from the last trade": the price may come late.
        priced = any(word in _PRICE_NOW for word in low[at : at + 20])
        moved = _target_move(low, nums, at)
        if len(nums) >= 2 and any(
            word in _PRICE_NOW or word in ("against", "versus") for word in window
        ):
            target, price = nums[0][1], nums[1][1]
            if price > 0 and target > 0:
                gap = 100.0 * (target - price) / price
                value = 0.0 if abs(gap) < _NEAR_PCT else (1.0 if gap > 0 else -1.0)
        elif priced and any(word in _NEAR for word in low[at : at + 20]):
            value = 0.0
        elif priced and any(word in _ABOVE or word in _BELOW for word in window[:6]):
            # "our target sits below the current price"
            value = 1.0 if any(word in _ABOVE for word in window[:6]) else -1.0
        elif moved is not None:
            value = moved
        else:
            moves = low[max(0, at - 5) : at + 3]  # "raise our target", "target lowered to"
            if any(word in _TARGET_UP for word in moves):
                value = 0.6
            elif any(word in _TARGET_DOWN for word in moves):
                value = -0.6
    if value is None:
        return None
    target = None
    for pos in range(at + 1, min(len(low), at + 4)):
        if low[pos] in ("for", "on", "of"):
            target = binder.following(pos, reach=3)
            break
    target = target or binder.in_clause(at)
    if target is None or not target[0]:
        return None
    return Call(target[0], value, "target", max(0, at - 5), at + 1)


def versus_leg(b_tokens: Tokens, mentions: Sequence[Mention], call: Call) -> Call | None:
    """The other leg of "long X versus Y", "prefer X over Y", "X against Y": Y, opposite."""
    low = b_tokens.low
    pos = call.end
    if pos < len(low) and low[pos] in (",",):
        pos += 1
    if pos < len(low) and low[pos] in _VERSUS and call.value and call.kind != "target":
        binder = Binder(b_tokens, mentions, ())
        obj = binder.following(pos, reach=3)
        if obj and obj[0]:
            return Call(obj[0], -call.value, call.kind, pos, obj[1])
    return None
