"""Binding a call to its object: the ticker group that follows the call's word, a
back-reference to the ticker in focus ("the shares", "it", "the fund"), or the first
ticker of its clause."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from app.sentiment import lexicon as lx
from app.sentiment.entities import Mention
from app.sentiment.tokens import Tokens

STOPS = frozenset({".", ";", ":", "but", "while", "whereas", "although"})


OBJECT_SKIP = lx.words(
    "the a an our its their to in of on into exposure position positions stake weight "
    "allocation points point more some further another new small-cap large-cap shares "
    "stock fund etf up back down half percent % , with basis bp bps each both all"
)
COUNTS = lx.words("one two three four five six")
BACK_REFS = lx.words("it them shares stock fund name position etf index company")
NEGATORS = lx.words("not no neither nor never n't without")
CONDITIONAL = lx.words("if unless should whether")
# "We would take profits" is a soft call; "we would buy below $80" or "… if it breaks"
# is a condition.
SOFT_MODALS = lx.words("would could might")
CONDITION_WORDS = lx.words("if unless below above until once should")


class Call(NamedTuple):
    symbols: tuple[str, ...]
    value: float  # −1, 0 or +1 (±0.6 for a target move without the price)
    kind: str  # rating, target, position, rotation, preference, hedge
    start: int  # token span of the evidence
    end: int


def clause_start(low: Sequence[str], i: int) -> int:
    j = i
    while j > 0 and low[j - 1] not in STOPS:
        j -= 1
    return j


def negated(low: Sequence[str], i: int) -> bool:
    return any(w in NEGATORS for w in low[max(0, i - 3) : i])


def conditional(low: Sequence[str], i: int) -> bool:
    before = low[clause_start(low, i) : i]
    if any(w in CONDITIONAL for w in before):
        return True
    return any(w in SOFT_MODALS for w in before) and any(w in CONDITION_WORDS for w in low)


class Binder:
    """Finds the ticker group a call acts on."""

    def __init__(self, tokens: Tokens, mentions: Sequence[Mention], focus: tuple[str, ...]):
        self.low = tokens.low
        self.focus = focus
        self.groups: list[tuple[int, int, tuple[str, ...]]] = []
        for m in mentions:
            if self.groups:
                start, end, syms = self.groups[-1]
                between = self.low[end : m.start]
                if len(between) <= 2 and all(w in ("/", ",", "and", "&", "+") for w in between):
                    self.groups[-1] = (start, m.end, (*syms, m.symbol) if m.in_universe else syms)
                    continue
            self.groups.append((m.start, m.end, (m.symbol,) if m.in_universe else ()))

    def following(self, i: int, reach: int = 7) -> tuple[tuple[str, ...], int] | None:
        """The group (or back-reference) right after ``i``: (symbols, end)."""
        low = self.low
        j = i + 1
        while j < len(low) and j - i <= reach:
            for start, end, syms in self.groups:
                if start == j:
                    return syms, end
            w = low[j]
            if w in BACK_REFS and self.focus:
                return self.focus, j + 1
            loose = w not in OBJECT_SKIP and low[j - 1] not in ("of", "in")
            if (w in STOPS or loose) and not (w.isdigit() or w in COUNTS):
                return None
            j += 1
        return None

    def preceding(self, i: int) -> tuple[tuple[str, ...], int] | None:
        """The nearest group before ``i`` in its clause ("SPY goes Underweight")."""
        start = clause_start(self.low, i)
        for g_start, g_end, syms in reversed(self.groups):
            if g_end <= i and g_start >= start and syms:
                return syms, i + 1
        return None

    def in_clause(self, i: int) -> tuple[tuple[str, ...], int] | None:
        """The first group in the clause around ``i``, else the focus."""
        start = clause_start(self.low, i)
        for g_start, g_end, syms in self.groups:
            if g_start >= start and syms:
                k = g_start
                if all(w not in STOPS for w in self.low[min(k, i) : max(k, i)]):
                    return syms, g_end
        if not any(syms for _, _, syms in self.groups) and self.focus:
            return self.focus, i + 1
        return None
