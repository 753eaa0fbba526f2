"""Evaluation of the sentiment engine on labelled sentences (pure functions).

Input format: UTF-8 TSV with the header ``label<TAB>sentence`` and labels
``positive`` / ``negative`` / ``neutral``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

CLASSES: tuple[str, ...] = ("negative", "neutral", "positive")
# Centre of each class on the score scale, for "how wrong" a miss is.
_CLASS_CENTRE = {"negative": -1.0, "neutral": 0.0, "positive": 1.0}


class TsvError(ValueError):
    """A malformed evaluation file; the message names the line number."""


@dataclass(frozen=True)
class Example:
    label: str
    sentence: str


@dataclass(frozen=True)
class Miss:
    sentence: str
    gold: str
    predicted: str
    score: float
    distance: float


@dataclass(frozen=True)
class EvalReport:
    n: int
    accuracy: float
    macro_f1: float
    per_class: dict[str, dict[str, float]]
    confusion: dict[str, dict[str, int]]  # confusion[gold][predicted]
    worst: tuple[Miss, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "accuracy": self.accuracy,
            "macro_f1": self.macro_f1,
            "per_class": self.per_class,
            "confusion": self.confusion,
        }


def parse_tsv(text: str) -> list[Example]:
    """Parse an evaluation file. Raises TsvError naming the offending line."""
    lines = text.splitlines()
    if not lines or lines[0].lstrip("\ufeff").strip() != "label\tsentence":
        raise TsvError("line 1: expected header 'label<TAB>sentence'")
    examples: list[Example] = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        if "\t" not in line:
            raise TsvError(f"line {number}: missing tab between label and sentence")
        label, sentence = line.split("\t", 1)
        label = label.strip().lower()
        if label not in CLASSES:
            raise TsvError(
                f"line {number}: unknown label {label!r} (expected {', '.join(CLASSES)})"
            )
        if not sentence.strip():
            raise TsvError(f"line {number}: empty sentence")
        examples.append(Example(label, sentence))
    return examples


def confusion_matrix(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, dict[str, int]]:
    matrix = {g: dict.fromkeys(CLASSES, 0) for g in CLASSES}
    for g, p in zip(gold, predicted, strict=True):
        matrix[g][p] += 1
    return matrix


def per_class_scores(matrix: dict[str, dict[str, int]]) -> dict[str, dict[str, float]]:
    scores: dict[str, dict[str, float]] = {}
    for c in CLASSES:
        tp = matrix[c][c]
        predicted = sum(matrix[g][c] for g in CLASSES)
        actual = sum(matrix[c].values())
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[c] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": actual,
        }
    return scores


def evaluate(
    examples: Iterable[Example],
    score: Callable[[str], float],
    to_class: Callable[[float], str],
    worst: int = 10,
) -> EvalReport:
    """Score every example; ``to_class`` maps a score to one of CLASSES."""
    gold: list[str] = []
    predicted: list[str] = []
    misses: list[Miss] = []
    for ex in examples:
        s = score(ex.sentence)
        p = to_class(s)
        gold.append(ex.label)
        predicted.append(p)
        if p != ex.label:
            misses.append(Miss(ex.sentence, ex.label, p, s, abs(s - _CLASS_CENTRE[ex.label])))
    matrix = confusion_matrix(gold, predicted)
    per_class = per_class_scores(matrix)
    n = len(gold)
    correct = sum(matrix[c][c] for c in CLASSES)
    present = [c for c in CLASSES if per_class[c]["support"] or any(matrix[g][c] for g in CLASSES)]
    macro = sum(per_class[c]["f1"] for c in present) / len(present) if present else 0.0
    misses.sort(key=lambda m: -m.distance)
    return EvalReport(
        n=n,
        accuracy=round(correct / n, 4) if n else 0.0,
        macro_f1=round(macro, 4),
        per_class=per_class,
        confusion=matrix,
        worst=tuple(misses[:worst]),
    )


def format_report(report: EvalReport) -> str:
    """Human-readable report (without the final JSON line)."""
    out = [
        f"sentences: {report.n}",
        f"accuracy:  {report.accuracy:.4f}",
        f"macro-F1:  {report.macro_f1:.4f}",
        "",
        f"{'class':<10} {'precision':>9} {'recall':>7} {'f1':>7} {'support':>8}",
    ]
    for c in CLASSES:
        pc = report.per_class[c]
        out.append(
            f"{c:<10} {pc['precision']:>9.4f} {pc['recall']:>7.4f} {pc['f1']:>7.4f} "
            f"{int(pc['support']):>8}"
        )
    out += ["", "confusion (rows = gold, columns = predicted)"]
    out.append(f"{'':<10}" + "".join(f"{c:>10}" for c in CLASSES))
    for g in CLASSES:
        out.append(f"{g:<10}" + "".join(f"{report.confusion[g][p]:>10}" for p in CLASSES))
    if report.worst:
        out += ["", f"worst misses ({len(report.worst)})"]
        for m in report.worst:
            text = m.sentence if len(m.sentence) <= 100 else m.sentence[:97] + "..."
            out.append(
                f"  gold={m.gold:<8} predicted={m.predicted:<8} score={m.score:+.3f}  {text}"
            )
    return "\n".join(out)
