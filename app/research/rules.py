"""Finance rules: turn a token stream into signed signals.

Each signal is ``(position, value, prefers_following)``: ``position`` is the
token index the signal comes from (used to bind it to the nearest ticker),
``value`` is signed strength (about ±1 for one clear statement), and
``prefers_following`` says the signal's target is usually the next ticker
("long SPY", "underweight VTWO") rather than the nearest one.

Rule families, applied in one left-to-right pass plus a valence pass:

* direction × quantity: "profit fell" (good quantity down → −), "costs rose"
  (bad quantity up → −), "net loss narrowed" (bad down → +);
* state changes: "swung to a loss", "returned to profit";
* comparisons of figures: "EUR 5m compared with EUR 4m", "a loss versus a
  profit", "beat / missed estimates", "above / below expectations",
  "outperformed / lagged";
* trade stance: "long X", "underweight X", "buy puts on X", "upgraded to buy",
  "ups to buy", "gains a bull", headline imperatives ("Buy X and Y");
* market moves from context: "opens higher", "edges lower", "gains on the news";
  levels: "52-week high", "3-month low", "new record";
* troubles ended: "settles the lawsuit", "ends probe", "shrugs off woes";
* corporate statements: "progressed well", "well received", "more efficient",
  "close four mills", "strengthen its capital structure";
* options: "sell puts on X" (+), "buy X puts" (−), flow ("unusual call activity");
* trading into a move: "buy the dip" (+), "sell the rally" (−), "a buying
  opportunity" (and the fall before it counts a quarter); "short interest rises" (−);
* finance valence words ("bankruptcy", "robust", "headwinds").

Negators ("not", "no longer", "failed to") flip the signal that follows them.
"""

from __future__ import annotations

from typing import NamedTuple

from app.research import lexicon as lx
from app.research.tokens import CASH, NUM, PCT, PUNCT, WORD, Tokens, number_value


class Signal(NamedTuple):
    pos: int
    value: float
    prefers_following: bool


class _Info:
    """Everything the rules need to know about one word, looked up once per token."""

    __slots__ = (
        "backward_first",
        "beat",
        "bound_only",
        "camp",
        "closer",
        "comparator",
        "deal",
        "direction",
        "expectation",
        "filler",
        "level",
        "miss",
        "negator",
        "neutral_q",
        "option",
        "overcome",
        "quantity",
        "rating",
        "rating_neutral",
        "result_state",
        "stance_strong",
        "stance_weak",
        "turn",
        "unit",
        "valence",
        "well",
    )

    def __init__(self) -> None:
        self.quantity = 0.0  # >0 good quantity weight, <0 bad quantity weight
        self.neutral_q = False
        self.direction = 0.0  # >0 up, <0 down
        self.bound_only = False
        self.backward_first = False
        self.turn = False
        self.comparator = False
        self.deal = False
        self.expectation = False
        self.beat = 0.0
        self.miss = 0.0
        self.negator = False
        self.stance_strong = 0.0
        self.stance_weak = 0.0
        self.option = False
        self.rating = 0.0
        self.rating_neutral = False
        self.valence = 0.0
        self.filler = False
        self.unit = 0.0
        self.result_state = 0.0  # +1 profit-like, -1 loss-like (for "swung to a loss")
        self.camp = 0.0  # +1 "bull", -1 "bear" (for "gains a bull")
        self.well = False  # "sales progressed well", "well positioned"
        self.level = 0.0  # +1 "high", -1 "low" (for "52-week high", "new lows")
        self.closer = False  # "close", "shut": negative before a facility
        self.overcome = False  # "ends", "settles", "averts": flips the trouble that follows


# Direction words that only count when they govern a quantity or sit next to a
# number: "up to EUR 5m", "added that", "steps down" are not price moves.
_BOUND_ONLY = lx._words(
    "cut cuts cutting reduce reduces reduced reducing "
    "up down more add adds added adding bigger larger greater raise raises raised raising "
    "lift lifts lifted lifting widen widens widened widening expand expands expanded "
    "expanding expansion higher lower less fewer smaller ease eases eased easing "
    "tighten tightened slow slows slowed slowing narrow narrows narrowed narrowing "
    "return returns enhance enhanced lose loses losing lost shed sheds shedding sink sinks "
    "peak highest lowest hike hikes hiked trim trims trimmed trimming tops topping "
    "accelerate accelerated accelerating decelerate decelerated decelerating contraction "
    "advance advances advanced advancing slide slides gain gains growth improvements "
    "reduction reductions jump rally crash collapse spike boost climb recover recovers "
    "recovered recovering grow grows growing stumble stumbles stumbled skid skids skidded "
    "falter falters faltered"
)
# Approximations between a verb and its figure: "cut about 30 jobs".
_APPROX = lx._words("about around nearly approximately roughly almost some over")  # + a number
_APPROX_PAIRS = {"up": "to", "less": "than", "more": "than", "fewer": "than"}
# Intransitive verbs: their quantity is the subject, so look backwards first.
_BACKWARD_FIRST = lx._words(
    "rose risen grew grown fell fallen declined dropped surged soared jumped plunged "
    "plummeted slumped tumbled slid slipped sank dipped climbed rallied rebounded recovered "
    "up down gained shrank shrunk eased retreated crashed collapsed tanked improved "
    "increased decreased doubled tripled halved widened narrowed weakened strengthened "
    "deteriorated contracted expanded advanced dived rocketed skyrocketed spiked "
    "rises falls grows declines drops surges soars jumps plunges slumps tumbles slides "
    "slips sinks dips climbs rallies rebounds gains shrinks improves increases decreases "
    "higher lower"
)
# Bound-only words that never fire on a number alone: "more than 20 countries".
_BOUND_STRICT = lx._words("more less fewer bigger larger greater smaller")
_PHRASAL_UP = lx._words(
    "make makes making made set sets setting pick picks picked picking take takes took taking "
    "end ends ended ending sign signs signed open opens opened build built team teamed "
    "back backed follow followed wrap wrapped line lined break broke show shows showed "
    "turn turned come comes came coming put puts start started starting sum summed "
    "hold held holding step stepped speak spoke taken"
)
_CLOSE_VERBS = lx._words("close closes closed closing shut shuts shutting")
_FACILITIES = lx._words(
    "mill mills plant plants factory factories store stores shop shops branch branches "
    "office offices unit units operations operation site sites facility facilities outlets "
    "restaurants line lines mine mines"
)
_DEAL_SKIP = lx._words("a an the its their another two new")
_DEAL_ADJECTIVES = lx._words(
    "new significant major large big sizeable sizable additional follow-on multi-year "
    "several two three four five six seven eight nine ten million worth valued supply "
    "framework long-term"
)
# Words after "record" that make it a record result: "record sales", "record high".
RECORD_NEXT = lx._words(
    "high highs level levels year quarter month months period first half high-water close "
    "closes closing"
)
_FORWARD_ONLY = lx._words("more less fewer bigger larger greater smaller add adds added adding")
_ADJACENT_ONLY = lx._words("growth")
# Nouns that say which way something moved without naming it ("the significant
# drop"): half weight when no quantity is bound.
_DIRECTION_NOUNS = lx._words(
    "rise fall increase decrease decline drop improvement dip surge slump plunge tumble "
    "recovery rebound upturn"
)
_SPEECH_VERBS = lx._words(
    "comment say disclose give elaborate provide specify name reveal confirm discuss "
    "answer identify"
)
_UPGRADE_WORDS = lx._words("upgrade upgrades upgraded downgrade downgrades downgraded downgrading")
_RATING_LINKS = lx._words("to by at from on in as")
_MOVE_CONTEXT_BEFORE = lx._words(
    "gaps gapped gapping gap trading trades traded trade opened opens open opening closed "
    "closes ended ends end finished finishes finish edged edges edge inched "
    "inches inch drifted drifts drift ticked ticks tick moved moves headed heads points "
    "futures stocks shares markets market index slight modest strong solid sharp steep broad "
    "hefty heavy early late"
)
_MOVE_CONTEXT_AFTER = lx._words(
    "sharply slightly modestly significantly strongly steeply as on after premarket "
    "pre-market afterhours after-hours today open close following amid"
)
_INTENSIFIERS = lx._words("this so more as")
_WELL_VERBS = lx._words(
    "progressed progressing progresses performed performing performs perform sold selling "
    "sells succeeded succeeding fared faring doing does did done going went developed "
    "developing sitting"
)
_WELL_PARTICIPLES = lx._words(
    "received positioned placed equipped integrated managed prepared suited capitalised capitalized"
)
# Verbs of betterment: positive whatever they improve ("strengthen its capital base").
_BETTERMENT = lx._words(
    "strengthen strengthens strengthened strengthening improve improves improved improving "
    "enhance enhances enhanced enhancing"
)
# Verbs that end or avoid a trouble, turning it positive: "ends probe", "averts strike".
_OVERCOME = lx._words(
    "end ends ended ending settle settles settled settling resolve resolves resolved "
    "resolving dismiss dismisses dismissed drop drops dropped lift lifts lifted avert "
    "averts averted avoid avoids avoided escape escapes escaped overcome overcomes overcame "
    "defy defies defied defying shrug shrugs shrugged weather weathers weathered survive "
    "survives survived withdraw withdraws withdrew withdrawn postpone postpones postponed "
    "emerge emerges emerged exit exits exited"
)
_LINKS = lx._words("to from by for at as than")
# Words before "high" / "low" / "record" that make it a market level.
_LEVEL_BEFORE = lx._words(
    "new fresh all-time record multi-year multiyear hit hits hitting set sets setting "
    "reach reaches reached"
)
_PERIODS = lx._words("day week month year decade session")
_STAY_VERBS = lx._words("remain remains remained remaining stay stays stayed staying")
_COPULAS = lx._words("be remain stay")
_BECOME = lx._words("become becomes became becoming")
# Between "become" and the rank: "the world's second largest", "one of the leading".
_RANK_SKIP = lx._words(
    "the a an one of world world's market global its their second third fourth fifth "
    "s clear undisputed"
)
_RANK_TOPS = lx._words("largest biggest leading leader leaders")
_IMPERATIVES = lx._words("buy sell short avoid")
_HEADLINE_BREAKS = frozenset({":", "-", "–", "—"})
_NUMBER_WORDS = lx._words(
    "one two three four five six seven eight nine ten eleven twelve dozen dozens several "
    "all both some"
)
_OPERATIONS = lx._words("operations operation business businesses")
_CONTINUING = lx._words("continuing continued discontinued discontinuing")
_VERB_LEADS = lx._words("to will would can could may might should must shall and help helps helped")
_TRANSITIVE = lx._words(
    "improve reduce cut raise boost strengthen lower enhance lift trim slash lessen dampen"
)
_FUNCTION_WORDS = lx._words(
    "as at by to from for than after amid following while when since if because via "
    "over under about against toward towards despite is are was were be been will"
)
_TAX_WORDS = lx._words("tax taxes")
_CAMP_GAIN = lx._words("gains gained gain adds added add wins won gets got picks lands landed")
_CAMP_LOSE = lx._words("loses lost lose losing")
# Price-move words that read as a market move in the context above, without a number:
# "opens higher", "edges lower", "shares slide after the report", "gains on the news".
_PRICE_MOVES = lx._words(
    "up down higher lower gain gains slide slides sink sinks jump rally climb climbs "
    "advance advances rebound recover recovers lose loses stumble stumbles stumbled "
    "skid skids skidded falter falters faltered"
)
_BIND_REQUIRED = lx._words("raise raises raised raising")
_SHARE_COUNTS = lx._words("share shares votes options warrants")
# Valence words that only count before a given word: "lay off".
NEEDS_NEXT = {"lay": "off", "lays": "off", "laying": "off"}
_MOTION = lx._words(
    "gone went go goes moved shot edged crept inched ramped stepped is are was were"
)
_UNITS = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "million": 1e6,
    "mio": 1e6,
    "bn": 1e9,
    "bln": 1e9,
    "billion": 1e9,
    "b": 1e9,
    "cent": 0.01,
    "cents": 0.01,
    "pence": 0.01,
    "p": 0.01,
}
_CURRENCIES = lx._words("eur euro euros usd dollars dollar sek nok dkk gbp rub jpy chf ls")
_PROFIT_STATE = lx._words("profit profits profitability black surplus earnings income")
_LOSS_STATE = lx._words("loss losses deficit red negative")
_TURN_LINKS = lx._words("to into back")
_TURN_FILL = lx._words("a an the its net operating pre-tax pretax pre tax")
_STANCE_SKIP = lx._words(
    "the a an some more most our their your to on in of exposure shares stock stocks "
    "position positions names name via through with overweight underweight long short"
)
_OPTION_WORDS = lx._words("puts put calls call spreads spread options")
_OPTION_BUYERS = lx._words("buy buying bought own owning add adding long")
# Option writers take the other side: "sell puts on SPY" is a bullish stance.
_OPTION_SELLERS = lx._words("sell selling sold sells write writing wrote writes short shorting")
# Trading into a move: "buy the dip", "sell the rally", "a buying opportunity".
_DIP_WORDS = lx._words(
    "dip dips pullback pullbacks selloff sell-off selloffs weakness drop drops decline "
    "correction corrections"
)
_RIP_WORDS = lx._words("rally rallies rip rips bounce bounces pop pops strength spike")
_DIP_BUYERS = lx._words("buy buys buying bought")
_RIP_SELLERS = lx._words("sell sells selling sold fade fading")
_TIMING_SKIP = lx._words("the this that these any every each into on a")
_CHANCE_WORDS = lx._words("opportunity opportunities point")
_TIMING_WORDS = _DIP_WORDS | _RIP_WORDS | _CHANCE_WORDS
_REFRAME_STOPS = frozenset({";", ".", "but", "however", "while"})
_HOLDINGS = lx._words("exposure exposures position positions holdings allocation allocations")
_HOLDING_SKIP = lx._words("our your their the some more to equity")
_OPTION_TRADERS = _OPTION_BUYERS | _OPTION_SELLERS
_OPTION_DETERMINERS = lx._words("the some more a an")
_OPTION_FLOW = lx._words("activity volume volumes buying flow flows sweep sweeps")
_OPTION_FLOW_STRONG = lx._words("buying sweep sweeps")
_FLOW_SIZE = lx._words("unusual heavy big large massive huge bullish bearish")
_CLAUSE_STOPS = frozenset({";", ":", "but", "while", "whereas", "although", "though"})
_EXPECT_SKIP = lx._words("of than the market analysts analyst 's consensus our its their")
_RATING_MOVERS = lx._words(
    "upgraded upgrades upgrade upgrading downgraded downgrades downgrade downgrading "
    "raised raises raise cut cuts lowered lowers moved moves lifted lifts boosted "
    "initiated initiates started starts resumed reiterated reiterates maintained "
    "maintains rated ups upped bumps bumped hikes hiked reinstated reinstates assumed assumes "
    "reiterating initiating"
)


def _build_lexicon() -> dict[str, _Info]:
    table: dict[str, _Info] = {}

    def info(word: str) -> _Info:
        item = table.get(word)
        if item is None:
            item = table[word] = _Info()
        return item

    for w, v in lx.GOOD_QUANTITIES.items():
        info(w).quantity = v
    for w, v in lx.BAD_QUANTITIES.items():
        info(w).quantity = -v
    for w in lx.NEUTRAL_QUANTITIES:
        info(w).neutral_q = True
    for w, v in lx.UP_WORDS.items():
        info(w).direction = v
    for w, v in lx.DOWN_WORDS.items():
        info(w).direction = -v
    for w in _BOUND_ONLY:
        info(w).bound_only = True
    for w in _BACKWARD_FIRST:
        info(w).backward_first = True
    for w in lx.TURN_WORDS:
        info(w).turn = True
    for w in lx.DEAL_VERBS:
        info(w).deal = True
    for w in lx.COMPARATORS:
        info(w).comparator = True
    for w in lx.EXPECTATION_NOUNS:
        info(w).expectation = True
    for w, v in lx.BEAT_WORDS.items():
        info(w).beat = v
    for w, v in lx.MISS_WORDS.items():
        info(w).miss = v
    for w in lx.NEGATORS:
        info(w).negator = True
    for w, v in lx.STANCE_STRONG.items():
        info(w).stance_strong = v
    for w, v in lx.STANCE_WEAK.items():
        info(w).stance_weak = v
    for w in _OPTION_WORDS:
        info(w).option = True
    for w, v in lx.RATINGS.items():
        info(w).rating = v
    for w in lx.RATING_NEUTRAL:
        info(w).rating_neutral = True
    for w, v in lx.FINANCE_VALENCE.items():
        info(w).valence = v
    for w in lx.FILLERS:
        info(w).filler = True
    for w, v in _UNITS.items():
        info(w).unit = v
    for w in _PROFIT_STATE:
        info(w).result_state = 1.0
    for w in _LOSS_STATE:
        info(w).result_state = -1.0
    info("well").well = True
    for w in _CLOSE_VERBS:
        info(w).closer = True
    for w in ("high", "highs"):
        info(w).level = 1.0
    for w in ("low", "lows"):
        info(w).level = -1.0
    for w in _OVERCOME:
        info(w).overcome = True
    info("bull").camp = 1.0
    info("bear").camp = -1.0
    return table


LEXICON: dict[str, _Info] = _build_lexicon()
_EMPTY = _Info()
_SHORT_INTEREST = _Info()
_SHORT_INTEREST.quantity = -1.0

# Every word the rules score themselves; VADER must not count them again.
SCORED_WORDS: frozenset[str] = frozenset(
    w
    for w, i in LEXICON.items()
    if i.quantity
    or i.direction
    or i.beat
    or i.miss
    or i.stance_strong
    or i.stance_weak
    or i.valence
    or i.rating
)

_WORD_STRONG_BEAT = lx._words(
    "beat beats beating topped surpassed surpasses surpass estimate-beating"
)
_WORD_ALWAYS = lx._words(
    "outperformed outperforms outperforming outpaced outpaces underperformed "
    "underperforms underperforming lagged lags lagging trailed trails"
)
_WORD_STRONG_MISS = lx._words("miss misses missed")


def _on_holdings(low: list[str], i: int) -> bool:
    """A stance verb on the book itself: "recommend reducing exposure", "add to positions"."""
    if low[i] in _IMPERATIVES:
        return False  # "sell positions" / "buy holdings" usually describe deals
    j = i + 1
    while j < len(low) and low[j] in _HOLDING_SKIP:
        j += 1
    return j < len(low) and low[j] in _HOLDINGS


def _reframe(out: list[Signal], low: list[str], reframes: list[tuple[int, float]]) -> list[Signal]:
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


def _after_copula(low: list[str], i: int) -> bool:
    """True for a predicate after "to be" / "to remain", allowing one adverb between."""
    return any(j > 0 and low[j] in _COPULAS and low[j - 1] == "to" for j in (i - 1, i - 2))


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


def _is_year(tokens: Tokens, j: int) -> bool:
    tok = tokens.low[j]
    if len(tok) != 4 or not tok.isdigit():
        return False
    if not 1950 <= int(tok) <= 2100:
        return False
    nxt = tokens.low[j + 1] if j + 1 < len(tokens.low) else ""
    return LEXICON.get(nxt, _EMPTY).unit == 0.0 and nxt != "%"


def _amount(tokens: Tokens, j: int) -> tuple[float, bool] | None:
    """Value of the number at j with its unit, and whether it is a percentage."""
    value = number_value(tokens.low[j])
    if value is None:
        return None
    if tokens.low[j].startswith(("-", "−")):
        value = -value
    nxt = tokens.low[j + 1] if j + 1 < len(tokens.low) else ""
    if nxt == "%" or nxt in ("percent", "pct"):
        return value, True
    unit = LEXICON.get(nxt, _EMPTY).unit
    return (value * unit if unit else value), False


def _first_amount(tokens: Tokens, start: int, stop: int) -> tuple[float, bool] | None:
    kind = tokens.kind
    low = tokens.low
    for j in range(start, min(stop, len(kind))):
        k = kind[j]
        if k == NUM:
            if j > 0 and low[j - 1] in ("q", "h", "fy", "no"):
                continue
            if _is_year(tokens, j):
                continue
            return _amount(tokens, j)
        if k == PUNCT and low[j] in (";", ":"):
            return None
    return None


def _last_amount(tokens: Tokens, start: int, stop: int) -> tuple[float, bool] | None:
    for j in range(stop - 1, start - 1, -1):
        if tokens.kind[j] == NUM and not _is_year(tokens, j):
            return _amount(tokens, j)
    return None


class RuleEngine:
    """Stateless rule runner; one instance can be shared by every engine."""

    def signals(self, tokens: Tokens, is_target: list[bool]) -> list[Signal]:
        raw = tokens.raw
        low = tokens.low
        kind = tokens.kind
        n = len(low)
        infos = [LEXICON.get(w, _EMPTY) if kind[i] == WORD else _EMPTY for i, w in enumerate(low)]
        for i in range(1, n):
            if low[i] in _TAX_WORDS and low[i - 1] in ("before", "after"):
                infos[i] = _EMPTY  # "profit before taxes" is a profit figure
            elif low[i] in _OPERATIONS and low[i - 1] in _CONTINUING:
                infos[i] = _EMPTY  # "loss from continuing operations" is a loss figure
            elif low[i] == "interest" and low[i - 1] == "short":
                infos[i - 1] = _EMPTY  # "short interest rises": a bearish figure, not a stance
                infos[i] = _SHORT_INTEREST
        consumed = [False] * n
        out: list[Signal] = []
        has_target = any(is_target)

        def negated(i: int) -> bool:
            # A negator up to three tokens back, with no punctuation in between.
            for j in range(i - 1, max(-1, i - 4), -1):
                if kind[j] == PUNCT:
                    return False
                if infos[j].negator:
                    # "no ." as in "No. 1" is an abbreviation, not a negator.
                    if low[j] == "no" and j + 1 < n and low[j + 1] == ".":
                        return False
                    # "never been this bullish", "never been more upbeat": an intensifier.
                    return not (
                        low[j] == "never"
                        and j + 2 < n
                        and low[j + 1] == "been"
                        and low[j + 2] in _INTENSIFIERS
                    )
                if low[j] == "only" and j > 0 and low[j - 1] == "not":
                    return False
            return False

        def numeric_near(i: int) -> bool:
            if low[i] in _PRICE_MOVES and (
                (i > 0 and low[i - 1] in _MOVE_CONTEXT_BEFORE)
                or (i + 1 < n and low[i + 1] in _MOVE_CONTEXT_AFTER)
            ):
                return True  # "gaps up", "closed down", "Energy down sharply", "opens higher"
            for j in (i - 2, i - 1, i + 1, i + 2):
                if 0 <= j < n and (kind[j] == PCT or (kind[j] == NUM and not _is_year(tokens, j))):
                    return True
            return 0 <= i + 1 < n and low[i + 1] == "from"

        def quantity_forward(i: int) -> int:
            j = i + 1
            steps = 0
            while j < n and steps < 5:
                inf = infos[j]
                if inf.quantity or inf.neutral_q:
                    # Compound nouns: the last noun is the head ("share capital").
                    while j + 1 < n and (infos[j + 1].quantity or infos[j + 1].neutral_q):
                        j += 1
                    if low[j] == "number" and j + 1 < n and low[j + 1] == "of":
                        head = quantity_forward(j + 1)  # "the number of its workers"
                        if head >= 0:
                            return head
                    return j
                if (
                    inf.filler
                    or kind[j] in (NUM, PCT)
                    or inf.unit
                    or low[j] in _CURRENCIES
                    or (kind[j] == WORD and raw[j][0].isupper() and not inf.direction)
                    or (low[j] in _APPROX and j + 1 < n and kind[j + 1] == NUM)
                ):
                    j += 1
                    steps += 1
                    continue
                if (
                    j + 2 < n
                    and low[j] in _APPROX_PAIRS
                    and low[j + 1] == _APPROX_PAIRS[low[j]]
                    and kind[j + 2] == NUM
                ):
                    j += 2  # "cut up to 30 jobs", "less than 20 jobs"
                    steps += 1
                    continue
                # One plain modifier before the noun: "cut working costs".
                if (
                    kind[j] == WORD
                    and inf is _EMPTY
                    and low[j] not in _FUNCTION_WORDS
                    and j + 1 < n
                    and (infos[j + 1].quantity or infos[j + 1].neutral_q)
                ):
                    j += 1
                    steps += 1
                    continue
                return -1
            return -1

        def quantity_backward(i: int) -> int:
            j = i - 1
            # "expects its profit, excluding one-offs, for 2010 to be lower": the
            # predicate after "to be" reaches back to the object of the forecast verb.
            reach = 20 if _after_copula(low, i) else 9
            while j >= 0 and i - j <= reach:
                w = low[j]
                if w in _CLAUSE_STOPS:
                    return -1
                inf = infos[j]
                if inf.quantity or inf.neutral_q:
                    # "earnings per share", "return on capital", "number of shares".
                    if j >= 2 and low[j - 1] in ("per", "on", "of"):
                        head = infos[j - 2]
                        if head.quantity or (head.neutral_q and low[j] in _SHARE_COUNTS):
                            return j - 2
                    return j
                if inf.direction and not inf.filler:
                    return -1
                j -= 1
            return -1

        reframes: list[tuple[int, float]] = []  # (position, sign) of "buy the dip" etc.
        # Pass 1: rules anchored on one word.
        for i in range(n):
            if consumed[i]:
                continue
            inf = infos[i]
            w = low[i]
            k = kind[i]

            if (
                k == NUM
                and w[0] in "+-−"
                and i + 1 < n
                and kind[i + 1] == PCT
                and (i == 0 or kind[i - 1] != NUM)
            ):
                # "+4%" / "-3%" in headlines.
                value = 0.9 if w[0] == "+" else -0.9
                out.append(Signal(i, value, False))
                continue
            if w in _TIMING_WORDS and k == WORD:
                # Trading into a move: "buy the dip" (+), "sell the rally" (−), and the
                # move read as a chance: "the selloff is a buying opportunity".
                value = self._timing(tokens, i)
                if value:
                    out.append(Signal(i, -value if negated(i) else value, False))
                    consumed[i] = True
                    reframes.append((i, value))
                    continue
            if w in _BECOME and k == WORD:
                # "will become the second largest provider", "becoming the market leader".
                if _becomes_leader(low, i):
                    out.append(Signal(i, -0.8 if negated(i) else 0.8, False))
                    consumed[i] = True
                continue
            if k != WORD or inf is _EMPTY:
                continue

            # A trouble ended or avoided: "settles the lawsuit", "ends probe", "lifts ban".
            if inf.overcome:
                j = self._overcome_target(tokens, infos, i)
                if j >= 0:
                    value = -infos[j].valence
                    out.append(Signal(j, -value if negated(i) else value, False))
                    consumed[i] = consumed[j] = True
                    continue

            # Trade stance. A rating after "from" is the old one: "to hold from buy".
            if i > 0 and low[i - 1] == "from" and (inf.rating or inf.stance_strong):
                consumed[i] = True
                continue
            if inf.rating_neutral and i > 1:
                # "cuts to Neutral", "raised to Equal Weight": the direction of the move.
                j = i - 1 if low[i - 1] == "to" else i - 2
                mover = infos[j - 1] if j > 0 and low[j] == "to" else _EMPTY
                if (
                    mover.direction
                    and not mover.stance_strong
                    and not consumed[j - 1]
                    and low[j - 1] in _RATING_MOVERS
                ):
                    value = 0.8 if mover.direction > 0 else -0.8
                    out.append(Signal(j - 1, value, False))
                    consumed[i] = consumed[j - 1] = True
                    continue
            if inf.stance_strong or inf.stance_weak or inf.option or inf.rating:
                sig = self._stance(tokens, infos, i, is_target, has_target)
                if sig is not None:
                    value = -sig.value if negated(i) else sig.value
                    out.append(Signal(sig.pos, value, sig.prefers_following))
                    consumed[i] = True
                    continue

            # State change: "swung to a loss", "returned to profit".
            if inf.turn:
                j = i + 1
                # "returned its unit to profit": allow a short object before "to".
                while (
                    j < n
                    and j <= i + 5
                    and low[j] not in _TURN_LINKS
                    and (kind[j] == WORD or low[j] == ".")
                ):
                    j += 1
                while j < n and low[j] in _TURN_LINKS:
                    j += 1
                while (
                    j < n
                    and j <= i + 12
                    and (
                        infos[j].filler
                        or kind[j] == NUM
                        or infos[j].unit
                        or low[j] in _CURRENCIES
                        or low[j] == "$"
                    )
                ):
                    j += 1
                if (
                    j < n
                    and j > i + 1
                    and low[j - 1] in _TURN_LINKS | _TURN_FILL
                    and (infos[j].result_state)
                ):
                    out.append(Signal(i, 1.3 * infos[j].result_state, False))
                    consumed[i] = consumed[j] = True
                    continue

            # Comparisons against expectations or peers.
            if inf.beat or inf.miss:
                sig_value = self._comparison(tokens, infos, i)
                if sig_value:
                    if negated(i):
                        sig_value = -sig_value
                    out.append(Signal(i, sig_value, False))
                    consumed[i] = True
                    continue

            # Deals won: "received a significant order", "signed a contract".
            if inf.deal:
                j = i + 1
                while (
                    j < n
                    and j <= i + 6
                    and (
                        low[j] in _DEAL_SKIP
                        or kind[j] == NUM
                        or infos[j].unit
                        or low[j] in _CURRENCIES
                        or low[j] in _DEAL_ADJECTIVES
                    )
                ):
                    j += 1
                if j < n and low[j] in lx.DEAL_NOUNS:
                    value = -0.8 if negated(i) else 0.8
                    out.append(Signal(i, value, False))
                    consumed[i] = True
                    continue

            # Analyst camps: "gains a bull", "loses a bull", "adds a bear".
            if inf.camp:
                value = self._camp(tokens, i)
                if value:
                    out.append(Signal(i, -value if negated(i) else value, False))
                    consumed[i] = True
                continue

            # "Sales progressed well", "well received"; not "as well", "well below".
            if inf.well:
                prev = low[i - 1] if i > 0 else ""
                nxt = low[i + 1] if i + 1 < n else ""
                if prev in _WELL_VERBS or (nxt in _WELL_PARTICIPLES and prev != "as"):
                    out.append(Signal(i, -0.6 if negated(i) else 0.6, False))
                continue

            # Levels: "hits a 52-week high", "new lows", "all-time high", "3-month low".
            if inf.level:
                prev = low[i - 1] if i > 0 else ""
                if prev in _LEVEL_BEFORE or prev in _PERIODS:
                    value = 0.8 * inf.level
                    out.append(Signal(i, -value if negated(i) else value, False))
                    consumed[i] = True
                elif prev in _STAY_VERBS:
                    # "the margin remained high", "costs stayed low": a level held.
                    q = quantity_backward(i - 1)
                    if q >= 0 and infos[q].quantity:
                        value = 0.8 * inf.level * (1.0 if infos[q].quantity > 0 else -1.0)
                        out.append(Signal(i, -value if negated(i - 1) else value, False))
                        consumed[i] = consumed[q] = True
                continue

            # Closures: "will close four mills", "closed seven stores".
            if inf.closer:
                j = i + 1
                while (
                    j < n
                    and j <= i + 5
                    and (
                        infos[j].filler
                        or kind[j] == NUM
                        or low[j] in _DEAL_SKIP
                        or low[j] in _NUMBER_WORDS
                    )
                ):
                    j += 1
                if j < n and low[j] in _FACILITIES:
                    out.append(Signal(i, 0.8 if negated(i) else -0.8, False))
                    consumed[i] = True
                    continue

            # Figures compared: "EUR 5m compared with EUR 4m", "a loss versus a profit".
            if inf.comparator:
                sig = self._figures(tokens, infos, i)
                if sig is not None:
                    out.append(sig)
                    consumed[sig.pos] = True  # "loss … compared to a loss": scored here
                continue

            # Direction × quantity.
            if inf.direction:
                if w == "up" and (
                    (i > 0 and low[i - 1] in _PHRASAL_UP)
                    or (
                        i + 1 < n
                        and low[i + 1] == "to"
                        and kind[i - 1] not in (NUM, PCT)
                        and low[i - 1] not in _MOTION
                    )
                ):
                    continue  # "set up", "making up 5%", "up to EUR 5m": not a rise
                if i + 1 < n and low[i + 1] == "due" and (i + 2 >= n or low[i + 2] != "to"):
                    continue  # "the loan falls due in 2014": a maturity date
                if w in ("declined", "declines") and (
                    (i + 1 < n and low[i + 1] == "comment")
                    or (i + 2 < n and low[i + 1] == "to" and low[i + 2] in _SPEECH_VERBS)
                ):
                    continue  # "declined to comment": refused, not fell
                if self._baseline_is_other_state(tokens, infos, i):
                    continue
                if w in _FORWARD_ONLY:
                    # "more orders", "36% more than"; not "facilities in more than 20".
                    q = quantity_forward(i)
                    if (
                        q < 0
                        and i + 2 < n
                        and low[i + 1] == "than"
                        and kind[i - 1] not in (NUM, PCT)
                        and (kind[i + 2] == NUM or low[i + 2] in _CURRENCIES)
                    ):
                        continue  # "in more than 20 countries": a count, not a change
                    if q < 0 and (
                        kind[i - 1] in (NUM, PCT) or (i + 1 < n and low[i + 1] == "than")
                    ):
                        q = quantity_backward(i)
                elif w in _ADJACENT_ONLY:
                    # "sales growth", "growth in sales"; not "growth markets".
                    q = i - 1 if i > 0 and (infos[i - 1].quantity or infos[i - 1].neutral_q) else -1
                    if q < 0 and i + 1 < n and low[i + 1] in ("in", "of"):
                        q = quantity_forward(i)
                elif inf.backward_first:
                    q = quantity_backward(i)
                    if q < 0 and i + 1 < n and low[i + 1] in ("in", "of"):
                        q = quantity_forward(i)
                else:
                    q = quantity_forward(i)
                    # "will improve supply security": after a modal or "to" the verb's
                    # object follows it; a quantity before it belongs to another clause.
                    if q < 0 and not (w in _TRANSITIVE and i > 0 and low[i - 1] in _VERB_LEADS):
                        q = quantity_backward(i)
                if q >= 0:
                    consumed[q] = True
                    qi = infos[q]
                    if qi.neutral_q or not qi.quantity:
                        if w not in _BETTERMENT:
                            continue
                        value = 0.9  # "strengthen its capital structure"
                    else:
                        value = inf.direction * qi.quantity
                elif w in _BIND_REQUIRED:
                    continue  # "raised $55m in the IPO" is funding, not a rise
                elif inf.bound_only and not (
                    kind[i - 1] in (NUM, PCT) if w in _BOUND_STRICT else numeric_near(i)
                ):
                    continue
                else:
                    value = (0.5 if w in _DIRECTION_NOUNS else 0.9) * inf.direction
                if negated(i):
                    value = -value
                out.append(Signal(i, value, False))
                consumed[i] = True

        # Pass 2: valence words not already used by a rule.
        for i in range(n):
            inf = infos[i]
            v = inf.valence
            if not v or consumed[i]:
                continue
            if low[i] in ("record", "records") and not (
                (i + 1 < n and (infos[i + 1].quantity or low[i + 1] in RECORD_NEXT))
                or (i > 0 and low[i - 1] in _LEVEL_BEFORE)
            ):
                continue  # "shareholders of record" is not a record result
            if low[i] in NEEDS_NEXT and (i + 1 >= n or low[i + 1] != NEEDS_NEXT[low[i]]):
                continue
            # The baseline of a comparison ("compared to a loss") is scored by _figures.
            if inf.result_state and self._is_baseline(tokens, infos, i):
                continue
            if negated(i) or (i > 0 and low[i - 1] in lx.FLIP_ADVERBS):
                v = -v
            out.append(Signal(i, v, False))
        if reframes:
            out = _reframe(out, low, reframes)
        return out

    @staticmethod
    def _timing(tokens: Tokens, i: int) -> float:
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
        if j < 0:
            return 0.0
        if w in _DIP_WORDS and low[j] in _DIP_BUYERS:
            return 1.0
        if w in _RIP_WORDS and low[j] in _RIP_SELLERS:
            return -1.0
        return 0.0

    # -- helpers -------------------------------------------------------------------

    @staticmethod
    def _overcome_target(tokens: Tokens, infos: list[_Info], i: int) -> int:
        """Index of the trouble word an "ends / settles / avoids" verb governs, or -1."""
        low = tokens.low
        n = len(low)
        j = i + 1
        plain = 0
        while j < n and j <= i + 5:
            inf = infos[j]
            if inf.valence < 0 and not inf.direction:
                return j
            if inf.filler or low[j] in _DEAL_SKIP or low[j] == "off":
                j += 1
                continue
            if tokens.kind[j] == WORD and inf is _EMPTY and plain < 2 and low[j] not in _LINKS:
                plain += 1  # "settles the glyphosate lawsuits"
                j += 1
                continue
            return -1
        return -1

    @staticmethod
    def _camp(tokens: Tokens, i: int) -> float:
        low = tokens.low
        sign = 1.0 if low[i] == "bull" else -1.0
        j = i - 1
        while j >= 0 and low[j] in ("a", "another", "new", "fresh"):
            j -= 1
        if j == i - 1:
            return 0.0
        verb = low[j] if j >= 0 else ""
        if verb in _CAMP_GAIN or low[i - 1] in ("new", "fresh"):
            return 0.9 * sign
        if verb in _CAMP_LOSE:
            return -0.9 * sign
        return 0.0

    @staticmethod
    def _is_baseline(tokens: Tokens, infos: list[_Info], i: int) -> bool:
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
                or low[j] in _CURRENCIES
                or low[j] in ("to", "a", "an", ".")
            ):
                return False
        return False

    @staticmethod
    def _baseline_is_other_state(tokens: Tokens, infos: list[_Info], i: int) -> bool:
        """True for "down from a profit": the comparison rule decides that clause."""
        low = tokens.low
        n = len(low)
        if i + 1 >= n or not infos[i + 1].comparator:
            return False
        return any(infos[j].result_state for j in range(i + 2, min(n, i + 6)))

    @staticmethod
    def _figures(tokens: Tokens, infos: list[_Info], c: int) -> Signal | None:
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
            if low[j] in _CLAUSE_STOPS:
                break
            if infos[j].direction and not infos[j].bound_only:
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
        if low[c] == "from" and not (kind[c - 1] in (NUM, PCT) or infos[c - 1].unit):
            return None
        now = _first_amount(tokens, q + 1, c) or _last_amount(tokens, max(0, q - 4), q)
        base = _first_amount(tokens, c + 1, c + 9)
        if now is None or base is None or now[1] != base[1]:
            return None
        a, b = now[0], base[0]
        if abs(a - b) <= 0.002 * max(abs(a), abs(b)):
            return None
        sign = 1.0 if a > b else -1.0
        return Signal(q, sign * (1.0 if infos[q].quantity > 0 else -1.0), False)

    @staticmethod
    def _comparison(tokens: Tokens, infos: list[_Info], i: int) -> float:
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
        while j < n and j <= i + 4:
            if infos[j].expectation:
                return (inf.beat - inf.miss) * magnitude
            # "above revenue estimates", "top bookings estimates".
            if not (
                low[j] in _EXPECT_SKIP or infos[j].filler or infos[j].quantity or low[j] in ("'",)
            ):
                break
            j += 1
        return 0.0

    @staticmethod
    def _stance(
        tokens: Tokens,
        infos: list[_Info],
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
                prev == "to" and any(low[j] in _RATING_MOVERS for j in range(max(0, i - 6), i - 1))
            )
            if ctx:
                return Signal(i, inf.rating, False)

        if inf.stance_strong:
            if w in _UPGRADE_WORDS and not has_target:
                # Also used for equipment: "a system upgrade", "upgraded iron ore products".
                nxt = low[i + 1] if i + 1 < n else ""
                nxt_raw = tokens.raw[i + 1] if i + 1 < n else ""
                analyst = nxt in _RATING_LINKS or tokens.kind[i + 1 if i + 1 < n else i] == PUNCT
                if i + 1 < n and not analyst and not (nxt_raw[:1].isupper() and w[-1] == "s"):
                    return None
            return Signal(i, inf.stance_strong, True)

        # Options: "buy puts on X", "call spreads on QQQ", "puts as a hedge".
        if inf.option:
            nxt = low[i + 1] if i + 1 < n else ""
            sign = -1.0 if w in ("puts", "put") else 1.0
            if w in ("spreads", "spread", "options"):
                return None
            # "buy SPY puts": the ticker may sit between the trade verb and the option.
            k = i - 1
            while k >= 0 and is_target[k]:
                k -= 1
            first = k + 1
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
