"""Evaluation of the sentiment scorer on labelled files (pure functions).

Three input formats (SPEC section 4), labels ``positive`` / ``negative`` / ``neutral``:

- TSV with the header ``label<TAB>sentence``: one label per sentence;
- TSV with the header ``label<TAB>target<TAB>sentence``: the label is for the named
  target, which the caller binds as that row's ticker (``coverage`` = share found);
- JSONL, one passage a line ``{"id","text","labels":{"SYM":label},"overall":label}``:
  per-ticker labels plus one overall label per passage.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

CLASSES: tuple[str, ...] = ("negative", "neutral", "positive")
SENTENCE_HEADER = "label\tsentence"
ENTITY_HEADER = "label\ttarget\tsentence"
# Centre of each class on the score scale, for "how wrong" a miss is.
_CLASS_CENTRE = {"negative": -1.0, "neutral": 0.0, "positive": 1.0}


class TsvError(ValueError):
    """A malformed evaluation file; the message names the line number."""


@dataclass(frozen=True)
class Example:
    label: str
    sentence: str
    target: str | None = None


@dataclass(frozen=True)
class Passage:
    id: str
    text: str
    labels: dict[str, str]
    overall: str


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
    extra: dict[str, Any] = field(default_factory=dict)  # coverage, overall

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "accuracy": self.accuracy,
            "macro_f1": self.macro_f1,
            "per_class": self.per_class,
            "confusion": self.confusion,
            **self.extra,
        }


def parse_tsv(text: str) -> list[Example]:
    """Parse an evaluation file. Raises TsvError naming the offending line."""
    lines = text.splitlines()
    header = lines[0].lstrip("\ufeff").strip() if lines else ""
    if header not in (SENTENCE_HEADER, ENTITY_HEADER):
        raise TsvError(
            "line 1: expected header 'label<TAB>sentence' or 'label<TAB>target<TAB>sentence'"
        )
    with_target = header == ENTITY_HEADER
    examples: list[Example] = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        target: str | None = None
        if with_target:
            if line.count("\t") < 2:
                raise TsvError(f"line {number}: expected label, target and sentence")
            label, target, sentence = line.split("\t", 2)
            target = target.strip()
            if not target:
                raise TsvError(f"line {number}: empty target")
        elif "\t" not in line:
            raise TsvError(f"line {number}: missing tab between label and sentence")
        else:
            label, sentence = line.split("\t", 1)
        label = label.strip().lower()
        if label not in CLASSES:
            raise TsvError(
                f"line {number}: unknown label {label!r} (expected {', '.join(CLASSES)})"
            )
        if not sentence.strip():
            raise TsvError(f"line {number}: empty sentence")
        examples.append(Example(label, sentence, target))
    return examples


def parse_jsonl(text: str) -> list[Passage]:
    """Parse a passages file. Raises TsvError naming the offending line."""
    passages: list[Passage] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TsvError(f"line {number}: not JSON ({exc.msg})") from None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise TsvError(f"line {number}: expected an object with a 'text' string")
        labels = row.get("labels") or {}
        overall = row.get("overall", "neutral")
        if not isinstance(labels, dict) or not all(
            isinstance(k, str) and v in CLASSES for k, v in labels.items()
        ):
            raise TsvError(f"line {number}: 'labels' must map symbols to {', '.join(CLASSES)}")
        if overall not in CLASSES:
            raise TsvError(f"line {number}: unknown overall label {overall!r}")
        labels = {k.strip().upper(): v for k, v in labels.items()}
        passages.append(Passage(str(row.get("id", number)), row["text"], labels, overall))
    return passages


ROW_SPLITS = ("all", "even", "odd", "half-a", "half-b")


def select_rows(items: Sequence[Any], which: str, text: Callable[[Any], str]) -> list[Any]:
    """Every row, the even / odd ones (0-based), or one half of the texts: ``half-a`` and
    ``half-b`` split by a checksum of each row's ``text``, so the rows that share a text
    (an entity set's several targets in one headline) fall in the same half, and a layer
    fit on one half is checked on texts it never saw."""
    if which == "all":
        return list(items)
    if which in ("even", "odd"):
        return list(items[0 if which == "even" else 1 :: 2])
    side = 0 if which == "half-a" else 1
    return [item for item in items if zlib.crc32(text(item).encode("utf-8")) % 2 == side]


def is_jsonl(text: str) -> bool:
    """True when the first non-blank line opens a JSON object (the passages format)."""
    for line in text.splitlines():
        if line.strip():
            return line.lstrip("\ufeff").lstrip().startswith("{")
    return False


def confusion_matrix(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, dict[str, int]]:
    matrix = {gold_label: dict.fromkeys(CLASSES, 0) for gold_label in CLASSES}
    for gold_label, predicted_label in zip(gold, predicted, strict=True):
        matrix[gold_label][predicted_label] += 1
    return matrix


def per_class_scores(matrix: dict[str, dict[str, int]]) -> dict[str, dict[str, float]]:
    scores: dict[str, dict[str, float]] = {}
    for class_name in CLASSES:
        tp = matrix[class_name][class_name]
        predicted = sum(matrix[gold_label][class_name] for gold_label in CLASSES)
        actual = sum(matrix[class_name].values())
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[class_name] = {
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
    items = []
    for ex in examples:
        value = score(ex.sentence)
        items.append((ex.label, to_class(value), value, ex.sentence))
    return report_from(items, worst)


def evaluate_entities(
    examples: Iterable[Example],
    score: Callable[[str, str], float | None],
    to_class: Callable[[float], str],
    worst: int = 10,
) -> EvalReport:
    """Per-target evaluation: ``score(target, sentence)`` is the target's score, or None
    when the target was not found (counted as neutral and against ``coverage``)."""
    items = []
    found = 0
    for ex in examples:
        value = score(ex.target or "", ex.sentence)
        if value is None:
            value = 0.0
        else:
            found += 1
        items.append((ex.label, to_class(value), value, f"[{ex.target}] {ex.sentence}"))
    report = report_from(items, worst)
    report.extra["coverage"] = round(found / report.n, 4) if report.n else 0.0
    return report


def evaluate_passages(
    passages: Iterable[Passage],
    score: Callable[[Passage], tuple[dict[str, float], float]],
    to_class: Callable[[float], str],
    worst: int = 10,
) -> EvalReport:
    """Per-ticker evaluation of passages, plus ``overall`` over the passages.
    ``score(passage)`` gives the per-symbol scores and the passage score; a labelled
    symbol missing from the scores counts as neutral."""
    items = []
    overall_items = []
    for passage in passages:
        per_symbol, overall = score(passage)
        for sym, gold in passage.labels.items():
            value = per_symbol.get(sym, 0.0)
            items.append((gold, to_class(value), value, f"{passage.id} {sym}: {passage.text}"))
        overall_items.append(
            (passage.overall, to_class(overall), overall, f"{passage.id} overall: {passage.text}")
        )
    report = report_from(items, worst)
    overall_report = report_from(overall_items, worst)
    report.extra["overall"] = {
        "n": overall_report.n,
        "accuracy": overall_report.accuracy,
        "macro_f1": overall_report.macro_f1,
    }
    return report


def report_from(items: Iterable[tuple[str, str, float, str]], worst: int = 10) -> EvalReport:
    """Report over (gold, predicted, score, text) items; the worst misses are the ones
    whose score sits furthest from the gold class."""
    gold: list[str] = []
    predicted: list[str] = []
    misses: list[Miss] = []
    for gold_label, predicted_label, value, text in items:
        gold.append(gold_label)
        predicted.append(predicted_label)
        if predicted_label != gold_label:
            misses.append(
                Miss(
                    text, gold_label, predicted_label, value, abs(value - _CLASS_CENTRE[gold_label])
                )
            )
    matrix = confusion_matrix(gold, predicted)
    per_class = per_class_scores(matrix)
    count = len(gold)
    correct = sum(matrix[class_name][class_name] for class_name in CLASSES)
    present = [
        class_name
        for class_name in CLASSES
        if per_class[class_name]["support"]
        or any(matrix[gold_label][class_name] for gold_label in CLASSES)
    ]
    macro = (
        sum(per_class[class_name]["f1"] for class_name in present) / len(present)
        if present
        else 0.0
    )
    misses.sort(key=lambda miss: -miss.distance)
    return EvalReport(
        n=count,
        accuracy=round(correct / count, 4) if count else 0.0,
        macro_f1=round(macro, 4),
        per_class=per_class,
        confusion=matrix,
        worst=tuple(misses[:worst]),
    )


def format_report(report: EvalReport) -> str:
    """Human-readable report (without the final JSON line)."""
    out = [
        f"items:     {report.n}",
        f"accuracy:  {report.accuracy:.4f}",
        f"macro-F1:  {report.macro_f1:.4f}",
    ]
    out += [
        "",
        f"{'class':<10} {'precision':>9} {'recall':>7} {'f1':>7} {'support':>8}",
    ]
    for class_name in CLASSES:
        pc = report.per_class[class_name]
        out.append(
            f"{class_name:<10} {pc['precision']:>9.4f} {pc['recall']:>7.4f} {pc['f1']:>7.4f} "
            f"{int(pc['support']):>8}"
        )
    out += ["", "confusion (rows = gold, columns = predicted)"]
    out.append(f"{'':<10}" + "".join(f"{class_name:>10}" for class_name in CLASSES))
    for gold_label in CLASSES:
        out.append(
            f"{gold_label:<10}"
            + "".join(
                f"{report.confusion[gold_label][predicted_label]:>10}"
                for predicted_label in CLASSES
            )
        )
    if "coverage" in report.extra:
        out.append(f"coverage:  {report.extra['coverage']:.4f} (targets found)")
    overall = report.extra.get("overall")
    if overall:
        out.append(
            f"overall:   accuracy {overall['accuracy']:.4f}, macro-F1 {overall['macro_f1']:.4f}"
            f" over {overall['n']} passages"
        )
    if report.worst:
        out += ["", f"worst misses ({len(report.worst)})"]
        for miss in report.worst:
            text = miss.sentence if len(miss.sentence) <= 100 else miss.sentence[:97] + "..."
            out.append(
                f"  gold={miss.gold:<8} predicted={miss.predicted:<8} "
                f"score={miss.score:+.3f}  {text}"
            )
    return "\n".join(out)
