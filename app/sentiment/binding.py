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
    "stock fund etf up back down half percent % , with basis bp bps each both all entire "
    "whole remaining full existing current last full-size starter long-dated short-dated "
    "two-year five-year ten-year 2-year 5-year 10-year 30-year quarter third thirds equity "
    "through via same amount table duration part portion"
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


def clause_start(low: Sequence[str], at: int) -> int:
    pos = at
    while pos > 0 and low[pos - 1] not in STOPS:
        pos -= 1
    return pos


def negated(low: Sequence[str], at: int) -> bool:
    return any(word in NEGATORS for word in low[max(0, at - 3) : at])


def conditional(low: Sequence[str], at: int) -> bool:
    before = low[clause_start(low, at) : at]
    if any(word in CONDITIONAL for word in before):
        return True
    return any(word in SOFT_MODALS for word in before) and any(
        word in CONDITION_WORDS for word in low
    )


class Binder:
    """Finds the ticker group a call acts on."""

    def __init__(self, tokens: Tokens, mentions: Sequence[Mention], focus: tuple[str, ...]):
        self.low = tokens.low
        self.focus = focus
        self.groups: list[tuple[int, int, tuple[str, ...]]] = []
        for mention in mentions:
            if self.groups:
                start, end, syms = self.groups[-1]
                between = self.low[end : mention.start]
                if len(between) <= 2 and all(
                    word in ("/", ",", "and", "&", "+") for word in between
                ):
                    self.groups[-1] = (
                        start,
                        mention.end,
                        (*syms, mention.symbol) if mention.in_universe else syms,
                    )
                    continue
            self.groups.append(
                (mention.start, mention.end, (mention.symbol,) if mention.in_universe else ())
            )
        # A headline's subject ("Netflix: we cut the position") is in focus for the rest.
        first = self.groups[0] if self.groups else None
        self.headline: tuple[str, ...] = ()
        if first and first[0] == 0 and first[2] and self.low[first[1] : first[1] + 1] == [":"]:
            self.headline = first[2]
            self.focus = first[2]

    def following(self, at: int, reach: int = 7) -> tuple[tuple[str, ...], int] | None:
        """The group (or back-reference) right after ``at``: (symbols, end)."""
        low = self.low
        pos = at + 1
        while pos < len(low) and pos - at <= reach:
            for start, end, syms in self.groups:
                if start == pos:
                    return syms, end
            word = low[pos]
            if word in BACK_REFS:
                # The ticker in focus, else the last one named before in this sentence
                # ("reviewed the QQQ holding … and voted to cut it").
                earlier = next((g[2] for g in reversed(self.groups) if g[1] <= at and g[2]), ())
                if self.focus or earlier:
                    return self.focus or earlier, pos + 1
            loose = word not in OBJECT_SKIP and low[pos - 1] not in ("of", "in")
            if (word in STOPS or loose) and not (word.isdigit() or word in COUNTS):
                return None
            pos += 1
        return None

    def preceding(self, at: int) -> tuple[tuple[str, ...], int] | None:
        """The nearest group before ``at`` in its clause ("SPY goes Underweight")."""
        start = clause_start(self.low, at)
        for g_start, g_end, syms in reversed(self.groups):
            if g_end <= at and g_start >= start and syms:
                return syms, at + 1
        return None

    def back_reference(self, at: int) -> tuple[tuple[str, ...], int] | None:
        """A back-reference just before ``at`` in its clause ("keep the stock at
        Neutral"): the ticker in focus."""
        start = max(clause_start(self.low, at), at - 4)
        if self.focus and any(word in BACK_REFS for word in self.low[start:at]):
            return self.focus, at + 1
        return None

    def in_clause(self, at: int) -> tuple[tuple[str, ...], int] | None:
        """The first group in the clause around ``at``, else the focus."""
        start = clause_start(self.low, at)
        for g_start, g_end, syms in self.groups:
            if g_start >= start and syms:
                group_at = g_start
                if all(
                    word not in STOPS for word in self.low[min(group_at, at) : max(group_at, at)]
                ):
                    return syms, g_end
        if self.headline or (not any(syms for _, _, syms in self.groups) and self.focus):
            return self.focus, at + 1
        return None

    def versus(self, at: int, words: frozenset[str]) -> tuple[tuple[str, ...], int] | None:
        """The group after a comparison word a few words on ("prefer Airbus over X",
        "long the yen against X"), within the clause."""
        for pos in range(at + 1, min(len(self.low), at + 6)):
            if self.low[pos] in STOPS:
                return None
            if self.low[pos] in words:
                found = self.following(pos, reach=3)
                return found if found and found[0] else None
        return None
