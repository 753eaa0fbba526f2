"""The learned layer: register, clause, decision, explanation and the shipped model."""

from __future__ import annotations

import json

import pytest

from app.sentiment import learned
from app.sentiment.targets import scorer_for_target
from app.sentiment.tokens import tokenize
from tests.unit.sentiment.sentiment_support import default_engine


@pytest.mark.parametrize(
    ("text", "prose"),
    [
        ("Benchmark index closes lower for a third session", False),
        ("Steelmaker shares hit a record; peers lag", False),
        ("The group said its order book grew in the quarter.", True),
        ("Is the rally over?", True),
        ("'It was a difficult year for us .' ''", True),
        (" ".join(["word"] * 30), True),  # too long for a headline: truncated prose
    ],
)
def test_register(text: str, prose: bool) -> None:
    assert learned.is_prose(text) is prose


def test_clause_of_a_target_stops_at_a_semicolon_or_comma() -> None:
    low = tokenize("Copper climbs on supply worries; zinc slips, nickel flat").low
    zinc = low.index("zinc")
    lo, hi = learned.clause_span(low, zinc, zinc + 1)
    assert low[lo:hi] == ["zinc", "slips"]


def test_target_words_are_masked_and_numbers_folded() -> None:
    low = tokenize("Acme jumps 12% after upgrade").low
    feats = learned.features(low, 0.3, 0.3, (0, 1))
    assert "c:<t>" in feats and "c:<n>" in feats and "c:acme" not in feats
    assert feats["e:tgt"] == 1.0 and feats["e:t"] == 0.3


def test_words_next_to_the_target_are_its_own_context() -> None:
    low = tokenize("Broker trims its target for Acme after weak orders").low
    acme = low.index("acme")
    feats = learned.features(low, 0.0, 0.0, (acme, acme + 1))
    assert {"l:trims", "l:target", "l:for", "r:after", "r:weak"} <= set(feats)
    assert "l:broker" not in feats  # five words before: outside the target's window
    assert not any(k.startswith(("l:", "r:")) for k in learned.features(low, 0.0, 0.0))


def test_sides_of_the_target_tell_winner_from_loser() -> None:
    # "Acme beats Bolt" and "Bolt beats Acme" share every word; only the side differs.
    first = tokenize("Acme beats Bolt on margins").low
    second = tokenize("Bolt beats Acme on margins").low
    ahead = learned.features(first, 0.0, 0.0, (0, 1))
    behind = learned.features(second, 0.0, 0.0, (2, 3))
    assert {"R:beats", "R:bolt"} <= set(ahead) and "L:beats" not in ahead
    assert {"L:beats", "L:bolt"} <= set(behind) and "R:beats" not in behind


def test_rule_signals_are_read_by_where_they_fall() -> None:
    low = tokenize("Acme rallies, but Bolt slumps").low
    bolt = low.index("bolt")
    evidence = learned.Evidence(signals=[(1, 0.8), (low.index("slumps"), -0.9)], vader=-0.3)
    feats = learned.features(low, -0.2, -0.9, (bolt, bolt + 1), True, evidence)
    # The clause of Bolt starts after the comma: the rally is outside it.
    assert feats["e:sig_in"] == -0.9 and feats["e:sig_out"] == 0.8
    assert feats["e:sig_after"] == -0.9 and feats["e:sig_before"] == 0.0
    assert feats["e:sig_downs"] == 1.0 and feats["e:sig_ups"] == 0.0
    assert feats["e:vader"] == -0.3


def _toy(neutral: float = 0.5, side: float = 0.5) -> learned.LinearModel:
    """A hand-written model: "tumbles" reads negative, "steady" neutral; the margins
    are for overruling a neutral reading and a side, in every register."""
    weights = {"c:tumbles": [3.0, 0.0, 0.0], "c:steady": [0.0, 3.0, 0.0]}
    margins = {key: [neutral, side] for key in learned.REGISTERS}
    return learned.LinearModel({"bias": [0.0, 0.0, 0.0], "weights": weights, "margins": margins})


def test_layer_moves_a_disagreeing_score_into_its_band_and_says_by_how_much() -> None:
    low = tokenize("Lender tumbles").low
    moved = _toy().adjust(0.0, learned.features(low, 0.0, 0.0))
    assert moved.label == "negative" and moved.score <= -0.15
    assert moved.delta == pytest.approx(moved.score - 0.0)


def test_layer_keeps_the_score_when_it_agrees_or_lacks_the_margin() -> None:
    low = tokenize("Lender tumbles").low
    assert _toy().adjust(-0.6, learned.features(low, -0.6, -0.6)).delta == 0.0
    timid = _toy(neutral=5.0)
    assert timid.adjust(0.0, learned.features(low, 0.0, 0.0)).delta == 0.0


def test_neutral_reading_pulls_a_score_inside_the_neutral_band() -> None:
    low = tokenize("Rupee steady").low
    moved = _toy().adjust(0.4, learned.features(low, 0.4, 0.4))
    assert moved.label == "neutral" and abs(moved.score) < 0.15
    # Overruling a side the rules took needs its own, larger margin.
    assert _toy(side=5.0).adjust(0.4, learned.features(low, 0.4, 0.4)).delta == 0.0


def test_prose_sentence_keeps_the_rules_score_but_a_prose_target_may_move() -> None:
    low = tokenize("Lender tumbles .").low
    assert _toy().adjust(0.0, learned.features(low, 0.0, 0.0, None, True)).delta == 0.0
    moved = _toy().adjust(0.0, learned.features(low, 0.0, 0.0, (0, 1), True))
    assert moved.label == "negative"


def test_shown_score_is_rules_score_plus_the_adjustment() -> None:
    text = "Benchmark indices end in the red as lenders drag"
    rules = default_engine(use_learned=False)._analyse(text)
    full = default_engine()._analyse(text)
    assert full.score == pytest.approx(rules.score + full.adjustment, abs=1e-4)
    assert rules.adjustment == 0.0 and rules.explain() is None


def test_document_json_explains_each_sentence() -> None:
    doc = default_engine().score_document("Auto stocks skid on weak monthly sales")
    sentence = doc.to_dict()["sentences"][0]
    assert "learned" in sentence
    if sentence["learned"] is not None:
        assert set(sentence["learned"]) == {"score", "tickers"}


def test_shipped_model_is_small_json_with_margins_for_each_register() -> None:
    assert learned.MODEL_PATH.stat().st_size < 5 * 1024 * 1024
    data = json.loads(learned.MODEL_PATH.read_text(encoding="utf-8"))
    assert data["classes"] == list(learned.CLASSES)
    assert {k: len(v) for k, v in data["margins"].items()} == dict.fromkeys(learned.REGISTERS, 2)
    assert all(len(w) == 3 for w in data["weights"].values())


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("Markets end in the red for a fourth straight session", "negative"),
        ("Midcap index extends losses as banks slide", "negative"),
        ("Telecom stock hits 52-week high on strong subscriber additions", "positive"),
    ],
)
def test_headline_shorthand_reads_as_traders_mean_it(headline: str, expected: str) -> None:
    score = default_engine().score_sentence(headline)
    assert (score <= -0.15) if expected == "negative" else (score >= 0.15)


def test_each_entity_of_a_split_headline_gets_its_own_clause() -> None:
    text = "Acme rises 3%, Globex slips 2%"
    scorer, symbol = scorer_for_target("Acme")
    assert scorer.score_document(text).tickers[symbol].score >= 0.15
    scorer, symbol = scorer_for_target("Globex")
    assert scorer.score_document(text).tickers[symbol].score <= -0.15


def test_words_of_an_open_question_are_not_read() -> None:
    low = ["the", "question", "is", "whether", "capex", "holds", "up", "."]
    feats = learned.features(low, 0.0, 0.0)
    assert "w:capex" not in feats and "w:up" not in feats
    assert "w:question" in feats


def test_a_headline_read_for_a_name_has_its_own_margins() -> None:
    low = tokenize("Lender tumbles").low
    weights = {"c:tumbles": [3.0, 0.0, 0.0]}
    margins = {"headline": [0.5, 0.5], "named": [5.0, 5.0], "prose": [0.5, 0.5]}
    layer = learned.LinearModel({"bias": [0.0, 0.0, 0.0], "weights": weights, "margins": margins})
    assert layer.adjust(0.0, learned.features(low, 0.0, 0.0)).label == "negative"
    assert layer.adjust(0.0, learned.features(low, 0.0, 0.0, (0, 1))).delta == 0.0
    # A model file from before the split reads a named headline with the headline margins.
    old = learned.LinearModel(
        {"bias": [0.0] * 3, "weights": weights, "margins": {"headline": [0.5, 0.5]}}
    )
    assert old.adjust(0.0, learned.features(low, 0.0, 0.0, (0, 1))).label == "negative"
