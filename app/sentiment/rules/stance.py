"""Trade stance: what the author says to do with a ticker, including options.

"Long SPY", "underweight VTWO", "reduce exposure to small caps", headline
imperatives ("Buy Nike and Adobe") and option trades ("buy puts on X" is
bearish, "sell puts on X" bullish) state a position rather than report a fact.
These signals prefer the ticker that follows them, which is how the sentiment
scorer binds "long SPY/QQQ, short VTWO" to the right names.
"""

from __future__ import annotations

from app.sentiment import lexicon as lx
from app.sentiment.rules.advice import headline_advice
from app.sentiment.rules.analyst import RATING_MOVERS
from app.sentiment.rules.context import CLAUSE_STOPS, Sentence
from app.sentiment.rules.table import Info, Signal
from app.sentiment.tokens import CASH, NUM, PUNCT, Tokens

_UPGRADE_WORDS = lx.words("upgrade upgrades upgraded downgrade downgrades downgraded downgrading")
_RATING_LINKS = lx.words("to by at from on in as")
# What an agency upgrades: "upgraded the bank's credit rating", "downgrades its outlook".
_RATING_OBJECTS = lx.words("rating ratings outlook")
_OBJECT_ENDS = frozenset({"to", "and", "with", "for", ",", ".", ";"})
_IMPERATIVES = lx.words("buy sell short avoid")
_RATING_DETERMINERS = lx.words("our a an the")
_KEEP_RATING = lx.words("maintain maintains maintained reiterate reiterates reiterated retain")
_RATING_ADJECTIVES = lx.words("clear strong top definite screaming solid firm")
_STANCE_SKIP = lx.words(
    "the a an some more most our their your to on in of exposure shares stock stocks remaining "
    "position positions names name via through with overweight underweight long short "
    "equal-weight equal-weighted cap-weighted either both"
)
_OPTION_BUYERS = lx.words("buy buying bought own owning add adding long")
# Option writers take the other side: "sell puts on SPY" is a bullish stance.
_OPTION_SELLERS = lx.words("sell selling sold sells write writing wrote writes short shorting")
_HOLDINGS = lx.words("exposure exposures position positions holdings allocation allocations")
_HOLDING_SKIP = lx.words("our your their the some more to equity")
_OPTION_TRADERS = _OPTION_BUYERS | _OPTION_SELLERS
_OPTION_DETERMINERS = lx.words("the some more a an")
_OPTION_FLOW = lx.words("activity volume volumes buying flow flows sweep sweeps")
_OPTION_FLOW_STRONG = lx.words("buying sweep sweeps")
_FLOW_SIZE = lx.words("unusual heavy big large massive huge bullish bearish")


# Investor flows: "hedge funds are selling X", "insiders keep buying", "funds are cashing out".
_INVESTORS = lx.words(
    "funds investors insiders institutions traders shareholders holders whales managers"
)
_FLOW_LINKS = lx.words(
    "are were is was have has had been keep kept still now quietly also not aren't weren't "
    "isn't haven't hasn't never done"
)
_FLOW_SELL = lx.words("selling sold cashing dumping dumped unloading exiting fleeing fled")
_FLOW_BUY = lx.words("buying bought accumulating loading piling piled pouring poured flocked")
FLOW_WORDS = _FLOW_SELL | _FLOW_BUY
# Flows stated as a plain past tense: "investors piled into", "funds fled". ("Investors
# sold" needs a link word: "shareholders sold their stake" is a deal, not a flow.)
_FLOW_DIRECT = lx.words("piled poured flocked fled dumped")


def investor_flow(sentence: Sentence, at: int) -> bool:
    """Investors as the subject of a trade: "hedge funds are selling X" is bearish."""
    low = sentence.low
    word = low[at]
    if word == "cashing" and (at + 1 >= sentence.n or low[at + 1] != "out"):
        return False
    pos = at - 1
    while pos >= 0 and at - pos <= 4 and low[pos] in _FLOW_LINKS:
        pos -= 1
    if pos < 0 or (pos == at - 1 and word not in _FLOW_DIRECT) or low[pos] not in _INVESTORS:
        return False
    value = 0.8 if word in _FLOW_BUY else -0.8
    if low[at - 1] == "done":
        value = -value  # "are done buying": the buying has stopped
    if sentence.negated(at):
        value = -value
    sentence.out.append(Signal(at, value, False))
    sentence.consumed[at] = True
    return True


def _rates(low: list[str], at: int) -> bool:
    """True when the object of "upgraded" is a rating: "upgraded the bank's credit rating"."""
    for pos in range(at + 1, min(len(low), at + 6)):
        if low[pos] in _RATING_OBJECTS:
            return True
        if low[pos] in _OBJECT_ENDS:
            return False
    return False


# Profit-taking: "we are taking profits in NVDA", "investors took some profits on chips".
TAKE_VERBS = lx.words("take takes taking took taken book")
_TAKE_SKIP = lx.words("some partial more further")
_PROFIT_NOUNS = lx.words("profit profits")


def take_profits(sentence: Sentence, at: int) -> bool:
    """Taking profits in a holding is selling it: bearish for what follows."""
    pos = at + 1
    while pos < sentence.n and pos <= at + 2 and sentence.low[pos] in _TAKE_SKIP:
        pos += 1
    if pos >= sentence.n or sentence.low[pos] not in _PROFIT_NOUNS:
        return False  # "took a profit of EUR 5m" is a result, not a sale
    sentence.out.append(Signal(at, 0.8 if sentence.negated(at) else -0.8, True))
    sentence.consumed[at] = sentence.consumed[pos] = True
    return True


# Rotations: "rotate out of QQQ into VTWO", "switch from large caps to small caps". The
# index left reads bearish, the one bought bullish.
ROTATE_VERBS = lx.words(
    "rotate rotates rotated rotating rotation switch switches switched switching shift "
    "shifts shifted shifting"
)
_ROTATE_SKIP = lx.words("the a an our some of exposure money capital funds assets away")
_ROTATE_OUT = lx.words("from out")
_ROTATE_IN = lx.words("into to toward towards")


def _target_after(sentence: Sentence, pos: int) -> int:
    """Position of the ticker at or after ``pos`` past determiners, or -1."""
    while pos < sentence.n and sentence.low[pos] in _ROTATE_SKIP and not sentence.is_target[pos]:
        pos += 1
    return pos if pos < sentence.n and sentence.is_target[pos] else -1


def rotation(sentence: Sentence, at: int) -> bool:
    """Out of one ticker, into another: each leg takes its own sign."""
    if not sentence.has_target:
        return False
    fired = False
    pos = at + 1
    while (
        pos < sentence.n
        and pos <= at + 12
        and sentence.low[pos] not in CLAUSE_STOPS
        and sentence.low[pos] != "."
    ):
        word = sentence.low[pos]
        if word in _ROTATE_OUT or word in _ROTATE_IN:
            scan = _target_after(sentence, pos + 1)
            if scan >= 0:
                sentence.out.append(Signal(scan, -0.9 if word in _ROTATE_OUT else 0.9, True))
                fired = True
                pos = scan
        pos += 1
    if fired:
        sentence.consumed[at] = True
    return fired


# Closing or shrinking a position turns its sign: "cover our QQQ short" is bullish,
# "reduce our MSFT overweight" bearish; a holding cut or raised takes the verb's sign:
# "cut our S&P 500 exposure".
UNWIND_VERBS = lx.words(
    "close closes closed closing cover covers covered covering unwind unwinds unwound "
    "unwinding exit exits exited exiting reduce reduces reduced reducing trim trims trimmed "
    "trimming cut cuts cutting lower lowers lowered lowering"
)
_GROW_VERBS = lx.words(
    "raise raises raised raising increase increases increased increasing boost boosts "
    "boosted boosting"
)
HOLDING_VERBS = UNWIND_VERBS | _GROW_VERBS
_POSITION_STANCES = lx.words("long longs short shorts overweight underweight")
_POSITION_SKIP = lx.words("our the a an remaining entire existing")


def position_change(sentence: Sentence, at: int) -> bool:
    """A position on a ticker closed, cut or raised: "close our QQQ underweight"."""
    if not sentence.has_target:
        return False
    pos = at + 1
    first = -1
    while (
        pos < sentence.n
        and pos <= at + 6
        and (sentence.low[pos] in _POSITION_SKIP or sentence.is_target[pos])
    ):
        if sentence.is_target[pos] and first < 0:
            first = pos
        pos += 1
    if first < 0 or pos >= sentence.n:
        return False
    word = sentence.low[pos]
    grow = sentence.low[at] in _GROW_VERBS
    if word in _POSITION_STANCES and not grow:
        held = 1.0 if word in ("long", "longs", "overweight") else -1.0
        value = -0.9 * held
    elif word in _HOLDINGS:
        value = 0.9 if grow else -0.9
    else:
        return False
    if sentence.negated(at):
        value = -value
    sentence.out.append(Signal(first, value, True))
    sentence.consumed[at] = sentence.consumed[pos] = True
    return True


def _on_holdings(low: list[str], at: int) -> bool:
    """A stance verb on the book itself: "recommend reducing exposure", "add to positions"."""
    if low[at] in _IMPERATIVES:
        return False  # "sell positions" / "buy holdings" usually describe deals
    pos = at + 1
    while pos < len(low) and low[pos] in _HOLDING_SKIP:
        pos += 1
    return pos < len(low) and low[pos] in _HOLDINGS


# What names an option contract's tenor or strike: "three-month", "December",
# "weekly", "out-of-the-money", "$400".
_TENORS = lx.words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec weekly weeklies monthly quarterly "
    "leaps otm atm itm out-of-the-money at-the-money near-term front-month expiry dated"
)
_TENOR_SUFFIXES = ("-month", "-week", "-year", "-day", "-dated")


def _is_tenor(tokens: Tokens, scan: int) -> bool:
    word = tokens.low[scan]
    return (
        word in _TENORS or word.endswith(_TENOR_SUFFIXES) or tokens.kind[scan] == NUM or word == "$"
    )


def _option_follows(tokens: Tokens, infos: list[Info], pos: int) -> bool:
    """True when an option word follows at ``pos`` after determiners and tenors."""
    size = len(tokens.low)
    while pos < size and (tokens.low[pos] in _OPTION_DETERMINERS or _is_tenor(tokens, pos)):
        pos += 1
    return pos < size and infos[pos].option


def _stance(
    tokens: Tokens,
    infos: list[Info],
    at: int,
    is_target: list[bool],
    has_target: bool,
) -> Signal | None:
    low = tokens.low
    size = len(low)
    inf = infos[at]
    word = low[at]
    prev = low[at - 1] if at > 0 else ""

    # Ratings: "upgraded to buy", "started at sell", "rated outperform".
    if inf.rating and prev != "from":
        ctx = (
            prev in ("at", "as", "rated", "rating", "a")
            or (
                # "a clear sell", "a strong buy"
                prev in _RATING_ADJECTIVES and at > 1 and low[at - 2] in ("a", "an")
            )
            or (
                prev in ("to", "with")  # "upgraded to buy", "starts Titan with 'buy'"
                and any(low[pos] in RATING_MOVERS for pos in range(max(0, at - 6), at - 1))
            )
            or prev in _KEEP_RATING  # "Maintain 'Buy' on Wipro"
        )
        # "reiterate our buy rating", "an outperform rating on NVDA".
        nxt = low[at + 1] if at + 1 < size else ""
        ctx = ctx or (
            nxt in ("rating", "ratings", "recommendation", "recommendations")
            and prev in _RATING_DETERMINERS
        )
        if ctx:
            # "maintains 'Buy' on Hindalco": the rating is for the name that follows.
            return Signal(at, inf.rating, prev in _KEEP_RATING or prev == "with")

    if inf.stance_strong:
        if word in _UPGRADE_WORDS and not has_target:
            # Also used for equipment: "a system upgrade", "upgraded iron ore products".
            nxt = low[at + 1] if at + 1 < size else ""
            nxt_raw = tokens.raw[at + 1] if at + 1 < size else ""
            analyst = (
                nxt in _RATING_LINKS
                or tokens.kind[at + 1 if at + 1 < size else at] == PUNCT
                or _rates(low, at)
            )
            if at + 1 < size and not analyst and not (nxt_raw[:1].isupper() and word[-1] == "s"):
                return None
        return Signal(at, inf.stance_strong, True)

    # Options: "buy puts on X", "call spreads on QQQ", "puts as a hedge".
    if inf.option:
        nxt = low[at + 1] if at + 1 < size else ""
        sign = -1.0 if word in ("puts", "put") else 1.0
        if word in ("spreads", "spread", "options"):
            return None
        # "buy SPY puts", "buy three-month QQQ puts": the ticker and the contract's
        # tenor or strike may sit between the trade verb and the option.
        scan = at - 1
        first = at
        while scan >= 0 and (is_target[scan] or _is_tenor(tokens, scan)):
            if is_target[scan]:
                first = scan
            scan -= 1
        while first < at and scan >= 0 and low[scan] in _OPTION_DETERMINERS:
            scan -= 1  # "buy the SPY puts"
        verb = low[scan] if scan >= 0 else ""
        traded = verb in _OPTION_BUYERS or verb in _OPTION_SELLERS
        if verb in _OPTION_SELLERS:
            sign = -sign  # selling puts is a bullish stance, selling calls a bearish one
        if traded and first < at:
            return Signal(first, sign, True)
        if traded or (has_target and nxt in ("on", "spread", "spreads", "option", "options")):
            if word in ("put", "call") and not traded and nxt == "on":
                # "put pressure on", "call on": verbs, not options.
                return None
            return Signal(at, sign, True)
        # Options flow: "unusual call activity", "heavy put buying", "call sweeps".
        if nxt in _OPTION_FLOW and (prev in _FLOW_SIZE or nxt in _OPTION_FLOW_STRONG):
            return Signal(at, 0.8 * sign, False)
        return None

    if inf.stance_weak:
        if infos[at - 1].option and at > 0:
            return None  # "put buying", "call selling": options flow, scored there
        scan = at + 1
        while scan < size and (is_target[scan] or tokens.kind[scan] == CASH):
            scan += 1
        if scan > at + 1 and scan < size and infos[scan].option and word in _OPTION_TRADERS:
            return None  # "buy SPY puts": the option word carries the stance
    if inf.stance_weak and headline_advice(tokens, at):
        return Signal(at, inf.stance_weak, True)  # "Buy Nike and Adobe", "Exit Suzlon"
    if not inf.stance_weak:
        return None
    if (
        has_target
        and word in ("hedge", "hedges", "hedging")
        and at + 1 < size
        and low[at + 1] == "with"
        and _option_follows(tokens, infos, at + 2)
    ):
        return Signal(at, inf.stance_weak, False)  # "we hedge with puts": the subject
    if not has_target:
        return Signal(at, inf.stance_weak, False) if _on_holdings(low, at) else None
    # Weak stance words need a target: "long SPY", "reduce exposure to small caps".
    pos = at + 1
    while pos < size and pos <= at + 6:
        if is_target[pos]:
            scan = pos + 1
            while scan < size and is_target[scan]:
                scan += 1
            if scan < size and infos[scan].option and word in _OPTION_TRADERS:
                return None  # "buy the SPY puts": the option word carries the stance
            return Signal(pos, inf.stance_weak, True)
        lj = low[pos]
        if infos[pos].option:
            return None  # "buy puts on X": the option word carries the stance
        if lj in _STANCE_SKIP or lj in ("/", ","):
            pos += 1
            continue
        break
    if _on_holdings(low, at):
        return Signal(at, inf.stance_weak, False)
    if word in ("hedge", "hedges", "hedging"):
        nxt = low[at + 1] if at + 1 < size else ""
        if nxt in ("fund", "funds"):
            return None
        if prev in ("a", "as") or (at > 1 and low[at - 2] == "as"):
            return Signal(at, inf.stance_weak, False)
    return None


_AVOID = lx.words("avoid avoiding stop refrain")


def _avoided(low: list[str], at: int) -> bool:
    """ "Avoid buying JSPL", "refrain from adding": advice against the trade."""
    prev = at - 2 if at >= 2 and low[at - 1] == "from" else at - 1
    return prev >= 0 and low[prev] in _AVOID and low[at].endswith("ing")


def stance(sentence: Sentence, at: int) -> bool:
    """Trade stance, ratings and options on the word at ``at``; True if it fired."""
    sig = _stance(sentence.tokens, sentence.infos, at, sentence.is_target, sentence.has_target)
    if sig is not None:
        value = -sig.value if sentence.negated(at) or _avoided(sentence.low, at) else sig.value
        sentence.out.append(Signal(sig.pos, value, sig.prefers_following))
        sentence.consumed[at] = True
        if at > 0 and sentence.infos[at].rating and sentence.low[at - 1] in _RATING_ADJECTIVES:
            sentence.consumed[at - 1] = True  # "a strong buy" is one rating, not two views
        return True
    return False
