"""Clause weights: a signal in a concession or a background clause counts less.

"Sales fell, but margins improved": before "but" / "however" is the lesser point.
"Although sales fell, margins improved", "despite weak demand": a concession.
"rose 2% after having lost 7% last month", "shares slid as the dollar firmed": the
background or the reason given, not the statement.

Each kind of clause is data: the words (with the context they need) that open it and
the words that close it. Clauses of one group share a discount, applied once to each
token inside any of them; the words that open or close a clause are derived from the
table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from app.sentiment.rules import LEXICON

# Signals before the last "but" / "however" count less: the clause after it carries
# the point.
CONTRAST_WORDS = frozenset({"but", "however", "although", "though", "yet"})
CONTRAST_DISCOUNT = 0.5
# "Are IT stocks losing steam? No, it's time to buy": a question answered in the same
# headline asks; the answer states.
ASKED_DISCOUNT = 0.1  # as a whole question counts (scorer._QUESTION_DISCOUNT)
BACKGROUND_DISCOUNT = 0.4
# "despite …" is the concession itself: the phrase it opens counts less, up to a comma.
_CONCESSIVE = frozenset({"despite", "notwithstanding"})
# "Although sales fell, margins improved": an opening concession, up to the comma.
_OPENING_CONCESSIVE = frozenset({"although", "though"})
# "X rose 5%, while the index fell": the clause after "while" is a side remark.
_SIDE_CLAUSE = frozenset({"while", "whereas", "whilst"})
_BACKGROUND_OPENERS = frozenset({"after"})
# "… for the first time since prices crashed": what happened since then is background.
_SINCE_LEADS = frozenset({"time", "times"})
# After a move ("rose 3% as …", "fell on …") these open the reason for it.
_CAUSE_OPENERS = frozenset({"as", "on", "amid", "following"})
_SENTENCE_BREAKS = frozenset({";", ".", "but", "while"})

# Whether the word at a position opens its clause there (the word is known to match).
Opens = Callable[[list[str], int], bool]


class Clause(NamedTuple):
    """One kind of clause: (words, context) entries that open it, words that close it."""

    openers: tuple[tuple[frozenset[str], Opens], ...]
    closers: frozenset[str]


class ClauseGroup(NamedTuple):
    """Clauses that share one discount; ``opener_inside``: the opening word is part
    of its clause ("despite" counts less, "after" does not)."""

    discount: float
    opener_inside: bool
    clauses: tuple[Clause, ...]

    def markers(self) -> frozenset[str]:
        """Every word that opens or closes a clause of the group."""
        words: set[str] = set()
        for clause in self.clauses:
            words |= clause.closers
            for opener_words, _ in clause.openers:
                words |= opener_words
        return frozenset(words)


def _anywhere(low: list[str], at: int) -> bool:
    return True


def _at_start(low: list[str], at: int) -> bool:
    return at == 0


def _after_break(low: list[str], at: int) -> bool:
    return at == 0 or low[at - 1] in (",", ";")


def _not_first(low: list[str], at: int) -> bool:
    return at > 0


def _after_since_lead(low: list[str], at: int) -> bool:
    return at > 0 and low[at - 1] in _SINCE_LEADS


def _after_move(low: list[str], at: int) -> bool:
    """ "Oil slides as …", "shares rally on …": a move just before gives its reason."""
    return any(LEXICON[word].direction for word in low[max(0, at - 3) : at] if word in LEXICON)


CONCESSION = Clause(
    openers=(
        (_CONCESSIVE, _anywhere),
        (_SIDE_CLAUSE, _after_break),
        (_OPENING_CONCESSIVE, _at_start),
    ),
    closers=frozenset({","}) | _SENTENCE_BREAKS,
)
BACKGROUND = Clause(
    openers=((_BACKGROUND_OPENERS, _not_first), (frozenset({"since"}), _after_since_lead)),
    closers=_SENTENCE_BREAKS,
)
CAUSE = Clause(
    openers=((_CAUSE_OPENERS, _after_move),), closers=frozenset({","}) | _SENTENCE_BREAKS
)

# In this order; within a group the first clause that opens wins.
CLAUSE_GROUPS: tuple[ClauseGroup, ...] = (
    ClauseGroup(CONTRAST_DISCOUNT, opener_inside=True, clauses=(CONCESSION,)),
    ClauseGroup(BACKGROUND_DISCOUNT, opener_inside=False, clauses=(BACKGROUND, CAUSE)),
)


class _GroupLookup(NamedTuple):
    """A group's table turned into per-word lookups (derived once, at import)."""

    group: ClauseGroup
    markers: frozenset[str]
    # word -> (clause number, context check) in table order; word -> clauses it closes.
    openers: dict[str, tuple[tuple[int, Opens], ...]]
    closes: dict[str, tuple[int, ...]]


def _lookup(group: ClauseGroup) -> _GroupLookup:
    openers: dict[str, list[tuple[int, Opens]]] = {}
    closes: dict[str, list[int]] = {}
    for number, clause in enumerate(group.clauses):
        for opener_words, opens in clause.openers:
            for word in opener_words:
                openers.setdefault(word, []).append((number, opens))
        for word in clause.closers:
            closes.setdefault(word, []).append(number)
    return _GroupLookup(
        group,
        group.markers(),
        {word: tuple(entries) for word, entries in openers.items()},
        {word: tuple(numbers) for word, numbers in closes.items()},
    )


_LOOKUPS = tuple(_lookup(group) for group in CLAUSE_GROUPS)
_ALL_MARKERS = frozenset().union(*(lookup.markers for lookup in _LOOKUPS))


def _opened(lookup: _GroupLookup, low: list[str], at: int) -> int:
    """Number of the first clause of the group the word at ``at`` opens, or -1."""
    for number, opens in lookup.openers.get(low[at], ()):
        if opens(low, at):
            return number
    return -1


def _weigh_group(
    lookup: _GroupLookup, marks: list[int], low: list[str], weights: list[float]
) -> None:
    """Discount the tokens inside the group's clauses. Only the group's marker words
    change its state, so the tokens between two markers share one fate."""
    if not any(low[at] in lookup.openers for at in marks):
        return  # nothing opens one of the group's clauses: nothing to discount
    group = lookup.group
    marks = [at for at in marks if low[at] in lookup.markers]
    active = [False] * len(group.clauses)
    inside = False
    discount = group.discount
    for index, at in enumerate(marks):
        opened = _opened(lookup, low, at)
        if opened >= 0:
            active[opened] = inside = True
            if group.opener_inside:
                weights[at] *= discount
        elif low[at] in lookup.closes:
            for number in lookup.closes[low[at]]:
                active[number] = False
            inside = any(active)
        elif inside:
            weights[at] *= discount
        if inside:
            end = marks[index + 1] if index + 1 < len(marks) else len(low)
            weights[at + 1 : end] = [weight * discount for weight in weights[at + 1 : end]]


def clause_weights(low: list[str]) -> list[float]:
    """Weight per token: 1 in the main statement, less in a lesser clause."""
    size = len(low)
    weights = [1.0] * size
    last = size - 1
    while last > 0 and low[last] not in CONTRAST_WORDS:
        last -= 1
    if last > 0:
        weights[:last] = [CONTRAST_DISCOUNT] * last
    # The last "?" with a word after it ("year ??" ends in no answer).
    asked = size - 1
    while asked > 0 and not low[asked][:1].isalnum():
        asked -= 1
    while asked > 0 and low[asked] != "?":
        asked -= 1
    if asked > 0:
        weights[: asked + 1] = [weight * ASKED_DISCOUNT for weight in weights[: asked + 1]]
    marks = [at for at, word in enumerate(low) if word in _ALL_MARKERS]
    if marks:
        for lookup in _LOOKUPS:
            _weigh_group(lookup, marks, low, weights)
    return weights
