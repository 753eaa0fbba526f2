"""The rule runner's passes are ordered tables; trigger sets come from the tables."""

from __future__ import annotations

import pytest

from app.sentiment import clauses
from app.sentiment.rules import deal_acts, readings, stance
from app.sentiment.rules.context import Sentence
from app.sentiment.rules.dispatch import (
    Rule,
    WordRules,
    ends_token,
    fire_first,
    rules_by_word,
    trigger_words,
)
from app.sentiment.rules.runner import FACT_RULES, PHRASE_RULES, PHRASE_WORDS, fact_rules
from app.sentiment.rules.table import EMPTY, LEXICON, Info
from app.sentiment.rules.valence import VALENCE_GUARDS


def _recording(name: str, fires: bool, calls: list[str]) -> Rule:
    def rule(sentence: Sentence, at: int) -> bool:
        calls.append(name)
        return fires

    return rule


def test_a_word_gets_its_rules_in_table_order() -> None:
    calls: list[str] = []
    first, second, other = (_recording(name, False, calls) for name in ("a", "b", "c"))
    table = (
        (frozenset({"risk"}), first),
        (frozenset({"reward"}), other),
        (frozenset({"risk", "return"}), second),
    )
    by_word = rules_by_word(table)
    assert by_word["risk"] == (first, second)
    assert by_word["return"] == (second,)
    assert trigger_words(table) == {"risk", "reward", "return"}


def test_the_first_rule_that_fires_ends_the_token() -> None:
    calls: list[str] = []
    rules = (
        _recording("quiet", False, calls),
        _recording("fires", True, calls),
        _recording("never", True, calls),
    )
    assert fire_first(rules, None, 0)  # type: ignore[arg-type]
    assert calls == ["quiet", "fires"]
    assert not fire_first((), None, 0)  # type: ignore[arg-type]


def test_an_action_without_a_verdict_always_ends_the_token() -> None:
    seen: list[int] = []
    rule = ends_token(lambda sentence, at: seen.append(at))
    assert rule(None, 7) is True  # type: ignore[arg-type]
    assert seen == [7]


@pytest.mark.parametrize(
    ("table", "words"),
    [
        (readings.READING_RULES, readings.READING_WORDS),
        (PHRASE_RULES, PHRASE_WORDS),
    ],
)
def test_trigger_sets_are_the_union_of_their_table(table: WordRules, words: frozenset[str]) -> None:
    assert words == frozenset().union(*(entry_words for entry_words, _ in table))


def test_neighbour_readings_of_one_word_keep_their_order() -> None:
    # "value at risk" must not read as a threat before "risk / reward" gets its turn.
    names = [rule.__name__ for rule in readings.READINGS_BY_WORD["risk"]]
    assert names == ["_at_risk", "_risk_reward"]


def test_deal_acts_are_phrase_rules() -> None:
    assert (deal_acts.DEAL_ACTS, deal_acts.deal_act) in PHRASE_RULES
    assert deal_acts.DEAL_ACTS <= PHRASE_WORDS


def test_word_facts_pick_their_rules_in_table_order() -> None:
    # "short" is a stance and an expectation miss: the stance is tried first.
    assert fact_rules(LEXICON["short"])[0] is stance.stance
    assert [rule.__name__ for rule in fact_rules(LEXICON["rose"])] == ["direction"]
    assert fact_rules(EMPTY) == ()


def test_fact_rules_name_facts_of_the_word_table() -> None:
    named = {fact for facts, _ in FACT_RULES for fact in facts}
    assert named <= set(Info.__slots__)


def test_valence_guards_cover_the_words_that_need_context() -> None:
    guarded = trigger_words(VALENCE_GUARDS)
    assert {"record", "red", "too", "savings", "sidelines", "breach", "recalled", "lay"} <= guarded


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An opening concession counts half, up to the comma.
        ("although sales fell , margins improved", [0.5, 0.5, 0.5, 1, 1, 1]),
        ("despite weak demand , sales rose", [0.5, 0.5, 0.5, 1, 1, 1]),
        # A side clause after a comma.
        ("shares rose , while the index fell", [1, 1, 1, 0.5, 0.5, 0.5, 0.5]),
        # Background after "after", and the reason after a move: the opener itself counts.
        ("shares rose 2 % after losing 7 %", [1, 1, 1, 1, 1, 0.4, 0.4, 0.4]),
        ("shares slid as the dollar firmed", [1, 1, 1, 0.4, 0.4, 0.4]),
        ("the company said as expected", [1, 1, 1, 1, 1]),  # no move before "as"
        # Before the last "but" is the lesser point.
        ("sales fell but margins improved", [0.5, 0.5, 1, 1, 1]),
    ],
)
def test_clause_weights(text: str, expected: list[float]) -> None:
    assert clauses.clause_weights(text.split()) == pytest.approx(expected)


def test_clause_markers_are_derived_from_the_clause_table() -> None:
    concession, background = (group.markers() for group in clauses.CLAUSE_GROUPS)
    assert {"despite", "whereas", "although", ",", "but"} <= concession
    assert {"after", "since", "as", "on", "amid", "following", ";"} <= background
    assert "after" not in concession
