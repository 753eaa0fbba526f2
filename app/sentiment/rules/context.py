"""Per-sentence state shared by every rule, and the window helpers that read it.

``Sentence`` holds the token lists, the word-table entry of each token, the
signals found so far and which tokens a rule has already used. Its methods are
the questions most rules ask about a window around a token: is this word
negated, is there a number next to it, which quantity does it govern (looking
forward for transitive verbs, backward for "profit rose"). Keeping them on one
object lets each rule family live in its own module without re-deriving state.
"""

from __future__ import annotations

from app.sentiment import lexicon as lx
from app.sentiment.rules.amounts import is_year
from app.sentiment.rules.table import CURRENCIES, EMPTY, Info, Signal
from app.sentiment.tokens import NUM, PCT, PUNCT, WORD, Tokens

# Approximations between a verb and its figure: "cut about 30 jobs".
# A clause with its own subject: "as banks slide", "after rivals cut prices".
_SUBORDINATORS = lx.words("as after since because when once")
_APPROX = lx.words("about around nearly approximately roughly almost some over")  # + a number
_APPROX_PAIRS = {"up": "to", "less": "than", "more": "than", "fewer": "than"}
FUNCTION_WORDS = lx.words(
    "as at by to from for than after amid following while when since if because via "
    "over under about against toward towards despite is are was were be been will"
)
_SHARE_COUNTS = lx.words("share shares votes options warrants")
CLAUSE_STOPS = frozenset({";", ":", "?", "but", "while", "whereas", "although", "though"})
_INTENSIFIERS = lx.words("this so more as")
_COPULAS = lx.words("be remain stay")
# Price-move words that read as a market move in the context above, without a number:
# "opens higher", "edges lower", "shares slide after the report", "gains on the news".
_PRICE_MOVES = lx.words(
    "up down higher lower gain gains slide slides sink sinks jump rally climb climbs "
    "advance advances rebound recover recovers lose loses stumble stumbles stumbled "
    "skid skids skidded falter falters faltered"
)
MOVE_CONTEXT_BEFORE = lx.words(
    "gaps gapped gapping gap trading trades traded trade opened opens open opening closed "
    "closes ended ends end finished finishes finish edged edges edge inched "
    "inches inch drifted drifts drift ticked ticks tick moved moves headed heads point points "
    "futures stocks shares stk markets market index slight modest strong solid sharp steep broad "
    "hefty heavy early late straight consecutive successive lead leads led leading"
)
MOVE_CONTEXT_AFTER = lx.words(
    "sharply slightly modestly significantly strongly steeply as on after premarket "
    "pre-market afterhours after-hours today open close following amid in to from ahead "
    "despite post again led deeper further"
)


def _after_copula(low: list[str], at: int) -> bool:
    """True for a predicate after "to be" / "to remain", allowing one adverb between."""
    return any(
        pos > 0 and low[pos] in _COPULAS and low[pos - 1] == "to" for pos in (at - 1, at - 2)
    )


class Sentence:
    """One sentence being scored: tokens, word info, signals so far, used tokens."""

    __slots__ = (
        "consumed",
        "has_target",
        "infos",
        "is_target",
        "kind",
        "low",
        "n",
        "out",
        "raw",
        "reframes",
        "tokens",
    )

    def __init__(self, tokens: Tokens, infos: list[Info], is_target: list[bool]) -> None:
        self.tokens = tokens
        self.raw = tokens.raw
        self.low = tokens.low
        self.kind = tokens.kind
        self.n = len(tokens.low)
        self.infos = infos
        self.is_target = is_target
        self.has_target = any(is_target)
        self.consumed = [False] * self.n
        self.out: list[Signal] = []
        self.reframes: list[tuple[int, float]] = []  # (position, sign) of "buy the dip" etc.

    def negated(self, at: int) -> bool:
        kind = self.kind
        infos = self.infos
        low = self.low
        size = self.n
        # A negator up to three tokens back, with no punctuation in between.
        for pos in range(at - 1, max(-1, at - 4), -1):
            if kind[pos] == PUNCT:
                return False
            if infos[pos].negator:
                # "no ." as in "No. 1" is an abbreviation, not a negator.
                if low[pos] == "no" and pos + 1 < size and low[pos + 1] == ".":
                    return False
                # "never been this bullish", "never been more upbeat": an intensifier.
                return not (
                    low[pos] == "never"
                    and pos + 2 < size
                    and low[pos + 1] == "been"
                    and low[pos + 2] in _INTENSIFIERS
                )
            if low[pos] == "only" and pos > 0 and low[pos - 1] == "not":
                return False
        return False

    def numeric_near(self, at: int) -> bool:
        tokens = self.tokens
        kind = self.kind
        low = self.low
        size = self.n
        if low[at] in _PRICE_MOVES and (
            (at > 0 and low[at - 1] in MOVE_CONTEXT_BEFORE)
            or (at + 1 < size and low[at + 1] in MOVE_CONTEXT_AFTER)
        ):
            return True  # "gaps up", "closed down", "Energy down sharply", "opens higher"
        if low[at] in _PRICE_MOVES and at > 0 and self.is_target[at - 1]:
            # "Cadila gains; ...", "Softbank sinks": a named target's price moved, unless
            # an object follows ("Vodafone lifts the FTSE").
            after = at + 1
            if after >= size or kind[after] == PUNCT or low[after] in MOVE_CONTEXT_AFTER:
                return True
        for pos in (at - 2, at - 1, at + 1, at + 2):
            if 0 <= pos < size and (
                kind[pos] == PCT or (kind[pos] == NUM and not is_year(tokens, pos))
            ):
                return True
        if (
            at + 3 < size
            and low[at + 1] in _APPROX_PAIRS
            and low[at + 2] == _APPROX_PAIRS[low[at + 1]]
            and kind[at + 3] in (NUM, PCT)
            and not is_year(tokens, at + 3)
        ):
            return True  # "up more than 1,000 points", "down less than 1 %"
        return 0 <= at + 1 < size and low[at + 1] == "from"

    def quantity_forward(self, at: int) -> int:
        raw = self.raw
        kind = self.kind
        infos = self.infos
        low = self.low
        size = self.n
        pos = at + 1
        steps = 0
        while pos < size and steps < 5:
            inf = infos[pos]
            if inf.quantity or inf.neutral_q:
                # Compound nouns: the last noun is the head ("share capital").
                while pos + 1 < size and (infos[pos + 1].quantity or infos[pos + 1].neutral_q):
                    pos += 1
                if low[pos] == "number" and pos + 1 < size and low[pos + 1] == "of":
                    head = self.quantity_forward(pos + 1)  # "the number of its workers"
                    if head >= 0:
                        return head
                return pos
            if (
                inf.filler
                or kind[pos] in (NUM, PCT)
                or inf.unit
                or low[pos] in CURRENCIES
                or (kind[pos] == WORD and raw[pos][0].isupper() and not inf.direction)
                or (low[pos] in _APPROX and pos + 1 < size and kind[pos + 1] == NUM)
            ):
                pos += 1
                steps += 1
                continue
            if (
                pos + 2 < size
                and low[pos] in _APPROX_PAIRS
                and low[pos + 1] == _APPROX_PAIRS[low[pos]]
                and kind[pos + 2] == NUM
            ):
                pos += 2  # "cut up to 30 jobs", "less than 20 jobs"
                steps += 1
                continue
            # One plain modifier before the noun: "cut working costs".
            if (
                kind[pos] == WORD
                and inf is EMPTY
                and low[pos] not in FUNCTION_WORDS
                and pos + 1 < size
                and (infos[pos + 1].quantity or infos[pos + 1].neutral_q)
            ):
                pos += 1
                steps += 1
                continue
            return -1
        return -1

    def quantity_backward(self, at: int) -> int:
        infos = self.infos
        low = self.low
        pos = at - 1
        # "expects its profit, excluding one-offs, for 2010 to be lower": the
        # predicate after "to be" reaches back to the object of the forecast verb.
        # "The loss for the third quarter was EUR 0.3 mn smaller than ...": a comparative
        # before "than" is the predicate and reaches back to the sentence's subject too.
        reach = 20 if _after_copula(low, at) or (at + 1 < self.n and low[at + 1] == "than") else 9
        if at > 0 and low[at - 1] == "," and low[at].endswith("ing"):
            return -1  # "leads sector losses, falling 2%": the subject's price is falling
        if at > 0 and self.is_target[at - 1]:
            return -1  # "risk aversion intensifies, Aussie sinks": the name's price moves
        while pos >= 0 and at - pos <= reach:
            word = low[pos]
            if word in CLAUSE_STOPS:
                return -1
            if word in _SUBORDINATORS and pos + 1 < at and not infos[pos + 1].filler:
                return -1  # "extends losses as banks slide": the banks slide, not the losses
            inf = infos[pos]
            if inf.quantity or inf.neutral_q:
                # "earnings per share", "return on capital", "number of shares".
                if pos >= 2 and low[pos - 1] in ("per", "on", "of"):
                    head = infos[pos - 2]
                    if head.quantity or (head.neutral_q and low[pos] in _SHARE_COUNTS):
                        return pos - 2
                return pos
            if inf.direction and not inf.filler:
                return -1
            pos -= 1
        return -1


# Words after a comparative that show it is a predicate: "point higher ahead of".
_PREDICATE_NEXT = lx.words(
    "ahead again today overnight still now yet early late premarket pre-market afterhours "
    "after-hours than"
)
# Words that qualify a result the comparative describes: "higher net profit".
_RESULT_MODIFIERS = lx.words(
    "net operating total gross pre-tax pretax adjusted underlying annual quarterly full-year "
    "organic diluted core comparable"
)
# Trading sessions: "a higher open", "a lower close" describe the market's move.
SESSIONS = lx.words("open opening close closing start finish")


def modifies_next(sentence: Sentence, at: int) -> bool:
    """True when the word after ``at`` is a lower-case noun it can describe."""
    pos = at + 1
    return (
        pos < sentence.n
        and sentence.kind[pos] == WORD
        and sentence.raw[pos][:1].islower()
        and sentence.low[pos] not in FUNCTION_WORDS
        and sentence.low[pos] not in _PREDICATE_NEXT
        and not sentence.low[pos].endswith("ly")  # "closed higher overnight", "lower sharply"
        and (not sentence.infos[pos].filler or sentence.low[pos] in _RESULT_MODIFIERS)
        and not sentence.infos[pos].direction
    )
