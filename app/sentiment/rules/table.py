"""Word table of the finance rules: what each word can do, looked up once per token.

Every rule asks the same questions of a token ("is it a quantity? a direction? a
negator?"), so the answers are precomputed into one ``Info`` per word from the
project lexicon plus the rule-specific lists below. The lists live here rather
than with their rule because the table must be complete before any rule runs.
``SCORED_WORDS`` is what the sentiment scorer removes from VADER so nothing
counts twice.
"""

from __future__ import annotations

from typing import NamedTuple

from app.sentiment import lexicon as lx


class Signal(NamedTuple):
    pos: int
    value: float
    prefers_following: bool


class Info:
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
_BOUND_ONLY = lx.words(
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
    "falter falters faltered resume resumes resumed resuming scrap scraps scrapped "
    "scrapping omit omits omitted omitting compress compresses compressed compressing "
    "compression"
)
# Intransitive verbs: their quantity is the subject, so look backwards first.
_BACKWARD_FIRST = lx.words(
    "rose risen grew grown fell fallen declined dropped surged soared jumped plunged "
    "plummeted slumped tumbled slid slipped sank dipped climbed rallied rebounded recovered "
    "up down gained shrank shrunk eased retreated crashed collapsed tanked improved "
    "increased decreased doubled tripled halved widened narrowed weakened strengthened "
    "deteriorated contracted expanded advanced dived rocketed skyrocketed spiked "
    "rises falls grows declines drops surges soars jumps plunges slumps tumbles slides "
    "slips sinks dips climbs rallies rebounds gains shrinks improves increases decreases "
    "higher lower"
)
LOSE_VERBS = lx.words("lose loses losing lost")  # deals lost (see corporate.deal)
_CLOSE_VERBS = lx.words("close closes closed closing shut shuts shutting")
REOPEN_VERBS = lx.words("reopen reopens reopened reopening")
# Verbs that end a trouble only of one kind (see corporate.overcome): "closed its probe",
# "sold its loss-making unit".
CLOSE_ENDS = lx.words("close closes closed closing")
SELL_ENDS = lx.words(
    "sell sells sold selling divest divests divested divesting dispose disposes disposed "
    "disposing offload offloads offloaded offloading"
)
# Verbs that end or avoid a trouble, turning it positive: "ends probe", "averts strike".
_OVERCOME = lx.words(
    "end ends ended ending settle settles settled settling resolve resolves resolved "
    "resolving dismiss dismisses dismissed drop drops dropped lift lifts lifted avert "
    "averts averted avoid avoids avoided escape escapes escaped overcome overcomes overcame "
    "defy defies defied defying shrug shrugs shrugged weather weathers weathered survive "
    "survives survived withdraw withdraws withdrew withdrawn postpone postpones postponed "
    "emerge emerges emerged exit exits exited stem stems stemmed brush brushes brushed "
    "brushing ebb ebbs ebbed recede recedes receded subside subsides subsided abate abates "
    "abated fades faded"
)
# Verbs that lessen a trouble, turning it positive: "allays fears", "reduces recession
# risk". Most are also moves, so only a trouble right after them counts (see
# corporate.overcome).
LESSEN = lx.words(
    "allay allays allayed allaying dispel dispels dispelled dispelling assuage assuages "
    "assuaged calm calms calmed soothe soothes soothed ease eases eased easing reduce reduces "
    "reduced reducing lower lowers lowered lowering"
)
OPTION_WORDS = lx.words("puts put calls call spreads spread options")
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
    "lakh": 1e5,
    "lakhs": 1e5,
    "crore": 1e7,
    "crores": 1e7,
    "cr": 1e7,
    "cent": 0.01,
    "cents": 0.01,
    "pence": 0.01,
    "p": 0.01,
}
CURRENCIES = lx.words("eur euro euros usd dollars dollar sek nok dkk gbp rub jpy chf ls")
_PROFIT_STATE = lx.words("profit profits profitability black surplus earnings income")
_LOSS_STATE = lx.words("loss losses deficit red negative")


def _build_lexicon() -> dict[str, Info]:
    table: dict[str, Info] = {}

    def info(word: str) -> Info:
        item = table.get(word)
        if item is None:
            item = table[word] = Info()
        return item

    for word, value in lx.GOOD_QUANTITIES.items():
        info(word).quantity = value
    for word, value in lx.BAD_QUANTITIES.items():
        info(word).quantity = -value
    for word in lx.NEUTRAL_QUANTITIES:
        info(word).neutral_q = True
    for word, value in lx.UP_WORDS.items():
        info(word).direction = value
    for word, value in lx.DOWN_WORDS.items():
        info(word).direction = -value
    for word in _BOUND_ONLY:
        info(word).bound_only = True
    for word in _BACKWARD_FIRST:
        info(word).backward_first = True
    for word in lx.TURN_WORDS:
        info(word).turn = True
    for word in lx.DEAL_VERBS | LOSE_VERBS:
        info(word).deal = True
    for word in lx.COMPARATORS:
        info(word).comparator = True
    for word in lx.EXPECTATION_NOUNS:
        info(word).expectation = True
    for word, value in lx.BEAT_WORDS.items():
        info(word).beat = value
    for word, value in lx.MISS_WORDS.items():
        info(word).miss = value
    for word in lx.NEGATORS:
        info(word).negator = True
    for word, value in lx.STANCE_STRONG.items():
        info(word).stance_strong = value
    for word, value in lx.STANCE_WEAK.items():
        info(word).stance_weak = value
    for word in OPTION_WORDS:
        info(word).option = True
    for word, value in lx.RATINGS.items():
        info(word).rating = value
    for word in lx.RATING_NEUTRAL:
        info(word).rating_neutral = True
    for word, value in lx.FINANCE_VALENCE.items():
        info(word).valence = value
    for word in lx.FILLERS:
        info(word).filler = True
    for word, value in _UNITS.items():
        info(word).unit = value
    for word in _PROFIT_STATE:
        info(word).result_state = 1.0
    for word in _LOSS_STATE:
        info(word).result_state = -1.0
    info("well").well = True
    for word in _CLOSE_VERBS | REOPEN_VERBS:
        info(word).closer = True
    for word in ("high", "highs"):
        info(word).level = 1.0
    for word in ("low", "lows"):
        info(word).level = -1.0
    for word in _OVERCOME | LESSEN | CLOSE_ENDS | SELL_ENDS:
        info(word).overcome = True
    info("bull").camp = 1.0
    info("bear").camp = -1.0
    return table


LEXICON: dict[str, Info] = _build_lexicon()
EMPTY = Info()
# "short interest" reads as a bad quantity (see runner.RuleRunner.signals).
SHORT_INTEREST = Info()
SHORT_INTEREST.quantity = -1.0
# A threat or setback by itself: "jobs at risk", "at risk of losing", "got stuck".
SETBACK = Info()
SETBACK.valence = -0.8
# "limited downside": little to lose is good news (and "limited upside" a SETBACK).
LIMITED_DOWNSIDE = Info()
LIMITED_DOWNSIDE.valence = 0.8
# "risk/reward": what a position may pay, a good quantity ("skewed to the upside").
PAYOFF = Info()
PAYOFF.quantity = 1.0
# "fine" as a penalty ("pay a fine"): the word's other senses are not sentiment.
PENALTY = Info()
PENALTY.valence = -0.9
# "weighs on margins", "a drag on earnings": a burden on what follows.
WEIGH_ON = Info()
WEIGH_ON.valence = -0.8
# "scale back" is a cut: negative by itself, or with the quantity it governs.
SCALE_BACK = Info()
SCALE_BACK.direction = -1.0
# A policy or market rate ("key rate", "Treasury yields"): a neutral quantity.
MACRO_RATE = Info()
MACRO_RATE.neutral_q = True
# "job cuts" reads like "layoffs": a bad quantity, and negative by itself.
JOB_CUTS = Info()
JOB_CUTS.quantity = -1.0
JOB_CUTS.valence = -0.9

# Every word the rules score themselves; VADER must not count them again.
SCORED_WORDS: frozenset[str] = frozenset(
    word
    for word, i in LEXICON.items()
    if i.quantity
    or i.direction
    or i.beat
    or i.miss
    or i.stance_strong
    or i.stance_weak
    or i.valence
    or i.rating
)
