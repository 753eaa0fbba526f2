"""Rule tables: ordered (trigger, rule) entries and the lookups derived from them.

A pass of the rule runner is a table. Its order is part of the behaviour: the first
rule that fires on a token settles it. Adding a rule is one entry; which words (or
word facts) start a rule is read from the table, never kept by hand beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from app.sentiment.rules.context import Sentence

# A rule looks at the token at a position and says whether it fired (used the token).
Rule = Callable[[Sentence, int], bool]
WordRules = tuple[tuple[frozenset[str], Rule], ...]


def rules_by_word(table: WordRules) -> dict[str, tuple[Rule, ...]]:
    """Every trigger word with its rules, in table order."""
    by_word: dict[str, list[Rule]] = {}
    for words, rule in table:
        for word in words:
            by_word.setdefault(word, []).append(rule)
    return {word: tuple(rules) for word, rules in by_word.items()}


def trigger_words(table: Iterable[tuple[frozenset[str], Rule]]) -> frozenset[str]:
    """Every word that opens some rule of ``table``."""
    return frozenset().union(*(words for words, _ in table))


def ends_token(action: Callable[[Sentence, int], None]) -> Rule:
    """A rule that always uses its token, whether or not it found a signal."""

    def rule(sentence: Sentence, at: int) -> bool:
        action(sentence, at)
        return True

    rule.__name__ = action.__name__
    rule.__doc__ = action.__doc__
    return rule


def fire_first(rules: tuple[Rule, ...], sentence: Sentence, at: int) -> bool:
    """Try ``rules`` in order; True when one fired."""
    # A plain loop rather than any(): this runs for every token, and a generator costs more.
    for rule in rules:  # noqa: SIM110
        if rule(sentence, at):
            return True
    return False
