"""Trade stance: what the author says to do with a ticker, including options.

"Long SPY", "underweight VTWO", "reduce exposure to small caps", headline
imperatives ("Buy Nike and Adobe") and option trades ("buy puts on X" is
bearish, "sell puts on X" bullish) state a position rather than report a fact.
These signals prefer the ticker that follows them, which is how the sentiment
scorer binds "long SPY/QQQ, short VTWO" to the right names.
"""

from __future__ import annotations

from app.sentiment import lexicon as lx
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
_HEADLINE_BREAKS = frozenset({":", "-", "–", "—"})
_STANCE_SKIP = lx.words(
    "the a an some more most our their your to on in of exposure shares stock stocks remaining "
    "position positions names name via through with overweight underweight long short "
    "equal-weight equal-weighted cap-weighted"
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


def investor_flow(s: Sentence, i: int) -> bool:
    """Investors as the subject of a trade: "hedge funds are selling X" is bearish."""
    low = s.low
    w = low[i]
    if w == "cashing" and (i + 1 >= s.n or low[i + 1] != "out"):
        return False
    j = i - 1
    while j >= 0 and i - j <= 4 and low[j] in _FLOW_LINKS:
        j -= 1
    if j < 0 or (j == i - 1 and w not in _FLOW_DIRECT) or low[j] not in _INVESTORS:
        return False
    value = 0.8 if w in _FLOW_BUY else -0.8
    if low[i - 1] == "done":
        value = -value  # "are done buying": the buying has stopped
    if s.negated(i):
        value = -value
    s.out.append(Signal(i, value, False))
    s.consumed[i] = True
    return True


def _rates(low: list[str], i: int) -> bool:
    """True when the object of "upgraded" is a rating: "upgraded the bank's credit rating"."""
    for j in range(i + 1, min(len(low), i + 6)):
        if low[j] in _RATING_OBJECTS:
            return True
        if low[j] in _OBJECT_ENDS:
            return False
    return False


# Profit-taking: "we are taking profits in NVDA", "investors took some profits on chips".
TAKE_VERBS = lx.words("take takes taking took taken")
_TAKE_SKIP = lx.words("some partial more further")
_PROFIT_NOUNS = lx.words("profit profits")


def take_profits(s: Sentence, i: int) -> bool:
    """Taking profits in a holding is selling it: bearish for what follows."""
    j = i + 1
    while j < s.n and j <= i + 2 and s.low[j] in _TAKE_SKIP:
        j += 1
    if j >= s.n or s.low[j] not in _PROFIT_NOUNS:
        return False  # "took a profit of EUR 5m" is a result, not a sale
    s.out.append(Signal(i, 0.8 if s.negated(i) else -0.8, True))
    s.consumed[i] = s.consumed[j] = True
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


def _target_after(s: Sentence, j: int) -> int:
    """Position of the ticker at or after ``j`` past determiners, or -1."""
    while j < s.n and s.low[j] in _ROTATE_SKIP and not s.is_target[j]:
        j += 1
    return j if j < s.n and s.is_target[j] else -1


def rotation(s: Sentence, i: int) -> bool:
    """Out of one ticker, into another: each leg takes its own sign."""
    if not s.has_target:
        return False
    fired = False
    j = i + 1
    while j < s.n and j <= i + 12 and s.low[j] not in CLAUSE_STOPS and s.low[j] != ".":
        w = s.low[j]
        if w in _ROTATE_OUT or w in _ROTATE_IN:
            k = _target_after(s, j + 1)
            if k >= 0:
                s.out.append(Signal(k, -0.9 if w in _ROTATE_OUT else 0.9, True))
                fired = True
                j = k
        j += 1
    if fired:
        s.consumed[i] = True
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


def position_change(s: Sentence, i: int) -> bool:
    """A position on a ticker closed, cut or raised: "close our QQQ underweight"."""
    if not s.has_target:
        return False
    j = i + 1
    first = -1
    while j < s.n and j <= i + 6 and (s.low[j] in _POSITION_SKIP or s.is_target[j]):
        if s.is_target[j] and first < 0:
            first = j
        j += 1
    if first < 0 or j >= s.n:
        return False
    w = s.low[j]
    grow = s.low[i] in _GROW_VERBS
    if w in _POSITION_STANCES and not grow:
        held = 1.0 if w in ("long", "longs", "overweight") else -1.0
        value = -0.9 * held
    elif w in _HOLDINGS:
        value = 0.9 if grow else -0.9
    else:
        return False
    if s.negated(i):
        value = -value
    s.out.append(Signal(first, value, True))
    s.consumed[i] = s.consumed[j] = True
    return True


def _on_holdings(low: list[str], i: int) -> bool:
    """A stance verb on the book itself: "recommend reducing exposure", "add to positions"."""
    if low[i] in _IMPERATIVES:
        return False  # "sell positions" / "buy holdings" usually describe deals
    j = i + 1
    while j < len(low) and low[j] in _HOLDING_SKIP:
        j += 1
    return j < len(low) and low[j] in _HOLDINGS


# What names an option contract's tenor or strike: "three-month", "December",
# "weekly", "out-of-the-money", "$400".
_TENORS = lx.words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec weekly weeklies monthly quarterly "
    "leaps otm atm itm out-of-the-money at-the-money near-term front-month expiry dated"
)
_TENOR_SUFFIXES = ("-month", "-week", "-year", "-day", "-dated")


def _is_tenor(tokens: Tokens, k: int) -> bool:
    w = tokens.low[k]
    return w in _TENORS or w.endswith(_TENOR_SUFFIXES) or tokens.kind[k] == NUM or w == "$"


def _option_follows(tokens: Tokens, infos: list[Info], j: int) -> bool:
    """True when an option word follows at ``j`` after determiners and tenors."""
    n = len(tokens.low)
    while j < n and (tokens.low[j] in _OPTION_DETERMINERS or _is_tenor(tokens, j)):
        j += 1
    return j < n and infos[j].option


def _stance(
    tokens: Tokens,
    infos: list[Info],
    i: int,
    is_target: list[bool],
    has_target: bool,
) -> Signal | None:
    low = tokens.low
    n = len(low)
    inf = infos[i]
    w = low[i]
    prev = low[i - 1] if i > 0 else ""

    # Ratings: "upgraded to buy", "started at sell", "rated outperform".
    if inf.rating and prev != "from":
        ctx = prev in ("at", "as", "rated", "rating", "a") or (
            prev == "to" and any(low[j] in RATING_MOVERS for j in range(max(0, i - 6), i - 1))
        )
        # "reiterate our buy rating", "an outperform rating on NVDA".
        nxt = low[i + 1] if i + 1 < n else ""
        ctx = ctx or (
            nxt in ("rating", "ratings", "recommendation", "recommendations")
            and prev in _RATING_DETERMINERS
        )
        if ctx:
            return Signal(i, inf.rating, False)

    if inf.stance_strong:
        if w in _UPGRADE_WORDS and not has_target:
            # Also used for equipment: "a system upgrade", "upgraded iron ore products".
            nxt = low[i + 1] if i + 1 < n else ""
            nxt_raw = tokens.raw[i + 1] if i + 1 < n else ""
            analyst = (
                nxt in _RATING_LINKS
                or tokens.kind[i + 1 if i + 1 < n else i] == PUNCT
                or _rates(low, i)
            )
            if i + 1 < n and not analyst and not (nxt_raw[:1].isupper() and w[-1] == "s"):
                return None
        return Signal(i, inf.stance_strong, True)

    # Options: "buy puts on X", "call spreads on QQQ", "puts as a hedge".
    if inf.option:
        nxt = low[i + 1] if i + 1 < n else ""
        sign = -1.0 if w in ("puts", "put") else 1.0
        if w in ("spreads", "spread", "options"):
            return None
        # "buy SPY puts", "buy three-month QQQ puts": the ticker and the contract's
        # tenor or strike may sit between the trade verb and the option.
        k = i - 1
        first = i
        while k >= 0 and (is_target[k] or _is_tenor(tokens, k)):
            if is_target[k]:
                first = k
            k -= 1
        while first < i and k >= 0 and low[k] in _OPTION_DETERMINERS:
            k -= 1  # "buy the SPY puts"
        verb = low[k] if k >= 0 else ""
        traded = verb in _OPTION_BUYERS or verb in _OPTION_SELLERS
        if verb in _OPTION_SELLERS:
            sign = -sign  # selling puts is a bullish stance, selling calls a bearish one
        if traded and first < i:
            return Signal(first, sign, True)
        if traded or (has_target and nxt in ("on", "spread", "spreads", "option", "options")):
            if w in ("put", "call") and not traded and nxt == "on":
                # "put pressure on", "call on": verbs, not options.
                return None
            return Signal(i, sign, True)
        # Options flow: "unusual call activity", "heavy put buying", "call sweeps".
        if nxt in _OPTION_FLOW and (prev in _FLOW_SIZE or nxt in _OPTION_FLOW_STRONG):
            return Signal(i, 0.8 * sign, False)
        return None

    if inf.stance_weak:
        if infos[i - 1].option and i > 0:
            return None  # "put buying", "call selling": options flow, scored there
        k = i + 1
        while k < n and (is_target[k] or tokens.kind[k] == CASH):
            k += 1
        if k > i + 1 and k < n and infos[k].option and w in _OPTION_TRADERS:
            return None  # "buy SPY puts": the option word carries the stance
    if inf.stance_weak and w in _IMPERATIVES and (i == 0 or prev in _HEADLINE_BREAKS):
        # Headline imperative: "Buy Nike and Adobe", "Sell, and sell short".
        nxt_raw = tokens.raw[i + 1] if i + 1 < n else ""
        if tokens.raw[i][0].isupper() and (nxt_raw[:1].isupper() or nxt_raw in ("", ",")):
            return Signal(i, inf.stance_weak, True)
    if not inf.stance_weak:
        return None
    if (
        has_target
        and w in ("hedge", "hedges", "hedging")
        and i + 1 < n
        and low[i + 1] == "with"
        and _option_follows(tokens, infos, i + 2)
    ):
        return Signal(i, inf.stance_weak, False)  # "we hedge with puts": the subject
    if not has_target:
        return Signal(i, inf.stance_weak, False) if _on_holdings(low, i) else None
    # Weak stance words need a target: "long SPY", "reduce exposure to small caps".
    j = i + 1
    while j < n and j <= i + 6:
        if is_target[j]:
            k = j + 1
            while k < n and is_target[k]:
                k += 1
            if k < n and infos[k].option and w in _OPTION_TRADERS:
                return None  # "buy the SPY puts": the option word carries the stance
            return Signal(j, inf.stance_weak, True)
        lj = low[j]
        if infos[j].option:
            return None  # "buy puts on X": the option word carries the stance
        if lj in _STANCE_SKIP or lj in ("/", ","):
            j += 1
            continue
        break
    if _on_holdings(low, i):
        return Signal(i, inf.stance_weak, False)
    if w in ("hedge", "hedges", "hedging"):
        nxt = low[i + 1] if i + 1 < n else ""
        if nxt in ("fund", "funds"):
            return None
        if prev in ("a", "as") or (i > 1 and low[i - 2] == "as"):
            return Signal(i, inf.stance_weak, False)
    return None


def stance(s: Sentence, i: int) -> bool:
    """Trade stance, ratings and options on the word at ``i``; True if it fired."""
    sig = _stance(s.tokens, s.infos, i, s.is_target, s.has_target)
    if sig is not None:
        value = -sig.value if s.negated(i) else sig.value
        s.out.append(Signal(sig.pos, value, sig.prefers_following))
        s.consumed[i] = True
        return True
    return False
