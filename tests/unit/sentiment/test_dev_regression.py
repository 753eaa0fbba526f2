"""Targets on the shared dev files (skipped when the shared folder is absent)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from app.sentiment.evaluation import EvalReport, evaluate, evaluate_entities, parse_tsv
from app.sentiment.scorer import coarse_label, label_for
from app.sentiment.targets import target_scorer
from tests.unit.sentiment.sentiment_support import default_engine

# tests/unit/sentiment/<file> → parents[3] is the repository root; "shared" sits beside it.
DATA_DIR = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "sentiment"

TARGETS = {
    "fpb_allagree_dev.tsv": (0.95, 0.94),
    "fpb_50agree_dev.tsv": (0.85, 0.83),
    "tfns_dev.tsv": (0.80, 0.72),
    # The learned layer was fit on these dev rows (and on tfns_dev): here the figures pin
    # regressions; held-out estimates (odd rows, out of fold) are in the README.
    "sentfin_headlines_dev.tsv": (0.85, 0.85),
}
# Per target (entity TSV): the rows' named target bound as the ticker.
ENTITY_TARGETS = {
    "sentfin_entities_dev.tsv": (0.80, 0.78),
    "finentity_dev.tsv": (0.80, 0.78),
}
# Per-ticker and overall accuracy on the research-note passages (SPEC 4 JSONL).
NOTES_TARGETS = {"per_ticker": (0.85, 0.85), "overall": 0.85}


@cache
def report_for(name: str) -> EvalReport:
    path = DATA_DIR / name
    if not path.is_file():
        pytest.skip(f"evaluation data not available: {path}")
    return evaluate(
        parse_tsv(path.read_text(encoding="utf-8")),
        default_engine().score_sentence,
        lambda s: coarse_label(label_for(s)),
    )


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_dev_targets(name: str) -> None:
    report = report_for(name)
    accuracy, macro_f1 = TARGETS[name]
    assert report.accuracy >= accuracy, f"{name}: accuracy {report.accuracy}"
    assert report.macro_f1 >= macro_f1, f"{name}: macro-F1 {report.macro_f1}"


@pytest.mark.parametrize("name", sorted(ENTITY_TARGETS))
def test_entity_dev_targets(name: str) -> None:
    path = DATA_DIR / name
    if not path.is_file():
        pytest.skip(f"evaluation data not available: {path}")
    examples = parse_tsv(path.read_text(encoding="utf-8"))
    score = target_scorer((ex.target or "", ex.sentence) for ex in examples)
    report = evaluate_entities(examples, score, lambda s: coarse_label(label_for(s)))
    accuracy, macro_f1 = ENTITY_TARGETS[name]
    assert report.accuracy >= accuracy, f"{name}: accuracy {report.accuracy}"
    assert report.macro_f1 >= macro_f1, f"{name}: macro-F1 {report.macro_f1}"


def test_notes_passages_targets() -> None:
    path = DATA_DIR / "notes_dev.jsonl"
    if not path.is_file():
        pytest.skip(f"evaluation data not available: {path}")
    from app.cli.sentiment import _eval_passages
    from app.sentiment.evaluation import parse_jsonl

    report = _eval_passages(parse_jsonl(path.read_text(encoding="utf-8")))
    accuracy, macro_f1 = NOTES_TARGETS["per_ticker"]
    assert report.accuracy >= accuracy and report.macro_f1 >= macro_f1
    assert report.extra["overall"]["accuracy"] >= NOTES_TARGETS["overall"]


def test_house_note_passages() -> None:
    """240 research-note passages written for this project under the notes conventions
    (SPEC 4), in the repository so they run everywhere: they pin per-ticker stance and
    the overall call across ratings, targets, positions, pairs, funding legs, options,
    hedges, benchmarks, recaps and stated net exposure."""
    from app.cli.sentiment import _eval_passages
    from app.sentiment.evaluation import parse_jsonl

    path = Path(__file__).with_name("data") / "house_notes.jsonl"
    report = _eval_passages(parse_jsonl(path.read_text(encoding="utf-8")))
    assert report.n == 408
    assert report.accuracy >= 0.93 and report.macro_f1 >= 0.93, report.accuracy
    assert report.extra["overall"]["accuracy"] >= 0.93, report.extra["overall"]
