"""Evaluation maths on a tiny hand-made set with hand-computed values."""

from __future__ import annotations

import pytest

from app.sentiment.evaluation import (
    TsvError,
    confusion_matrix,
    evaluate,
    parse_tsv,
    per_class_scores,
)


def test_metrics_on_hand_made_set() -> None:
    # gold:      pos pos neg neu neu neu
    # predicted: pos neu neg neu pos neu
    rows = [("positive", "a"), ("positive", "b"), ("negative", "c")]
    rows += [("neutral", "d"), ("neutral", "e"), ("neutral", "f")]
    tsv = "label\tsentence\n" + "".join(f"{g}\t{s}\n" for g, s in rows)
    predicted = {"a": 1.0, "b": 0.0, "c": -1.0, "d": 0.0, "e": 1.0, "f": 0.0}

    def to_class(score: float) -> str:
        return {1.0: "positive", 0.0: "neutral", -1.0: "negative"}[score]

    report = evaluate(parse_tsv(tsv), predicted.__getitem__, to_class)
    assert report.n == 6
    assert report.accuracy == pytest.approx(4 / 6, abs=1e-4)
    assert report.confusion == {
        "negative": {"negative": 1, "neutral": 0, "positive": 0},
        "neutral": {"negative": 0, "neutral": 2, "positive": 1},
        "positive": {"negative": 0, "neutral": 1, "positive": 1},
    }
    # negative: P=1 R=1 F1=1; neutral: P=2/3 R=2/3 F1=2/3; positive: P=1/2 R=1/2 F1=1/2.
    assert report.per_class["negative"]["f1"] == 1.0
    assert report.per_class["neutral"]["precision"] == pytest.approx(0.6667, abs=1e-4)
    assert report.per_class["positive"]["recall"] == 0.5
    assert report.macro_f1 == pytest.approx((1 + 2 / 3 + 0.5) / 3, abs=1e-4)
    # Worst misses: "e" (neutral scored +1, distance 1) and "b" (positive scored 0, distance 1).
    assert {m.sentence for m in report.worst} == {"b", "e"}
    assert report.to_dict()["n"] == 6


def test_per_class_handles_empty_class() -> None:
    matrix = confusion_matrix(["neutral"], ["neutral"])
    scores = per_class_scores(matrix)
    assert scores["positive"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("label,sentence\npositive,x\n", "line 1"),
        ("label\tsentence\npositive\tgood\nbullish\tx\n", "line 3: unknown label"),
        ("label\tsentence\nneutral no tab here\n", "line 2: missing tab"),
        ("", "line 1"),
    ],
)
def test_malformed_tsv(text: str, message: str) -> None:
    with pytest.raises(TsvError, match=message):
        parse_tsv(text)


def test_entity_header_gives_targets() -> None:
    rows = parse_tsv("label\ttarget\tsentence\npositive\tAcme\tAcme won a contract.\n")
    assert rows[0].target == "Acme" and rows[0].sentence == "Acme won a contract."


def test_entity_row_needs_three_fields() -> None:
    with pytest.raises(TsvError, match="line 2"):
        parse_tsv("label\ttarget\tsentence\npositive\tAcme won a contract.\n")


def test_text_halves_keep_a_texts_rows_together_and_partition_the_rows() -> None:
    from app.sentiment.evaluation import select_rows

    rows = [(f"target{i % 3}", f"headline {i // 3}") for i in range(60)]
    half_a = select_rows(rows, "half-a", lambda row: row[1])
    half_b = select_rows(rows, "half-b", lambda row: row[1])
    assert sorted(half_a + half_b) == sorted(rows)
    assert half_a and half_b
    assert not {text for _, text in half_a} & {text for _, text in half_b}
    assert select_rows(rows, "even", lambda row: row[1]) == rows[::2]
