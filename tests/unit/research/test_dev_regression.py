"""Targets on the shared dev files (skipped when the shared folder is absent).

The majority-agree PhraseBank target (0.85 / 0.83) is not reached yet: that case is
an expected failure, strict, so reaching it turns the suite red until the mark goes.
Its floor test guards today's level against regressions meanwhile.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from app.research.evaluation import EvalReport, evaluate, parse_tsv
from app.research.sentiment import SentimentEngine, coarse_label, label_for

# tests/unit/research/<file> → parents[3] is the repository root; "shared" sits beside it.
DATA_DIR = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "sentiment"

TARGETS = {
    "fpb_allagree_dev.tsv": (0.95, 0.94),
    "fpb_50agree_dev.tsv": (0.85, 0.83),
    "tfns_dev.tsv": (0.80, 0.72),
}
OPEN_TARGETS = {"fpb_50agree_dev.tsv"}
FLOORS = {"fpb_50agree_dev.tsv": (0.844, 0.825)}  # measured with engine fin-1.3


@cache
def report_for(name: str) -> EvalReport:
    path = DATA_DIR / name
    if not path.is_file():
        pytest.skip(f"evaluation data not available: {path}")
    return evaluate(
        parse_tsv(path.read_text(encoding="utf-8")),
        SentimentEngine().score_sentence,
        lambda s: coarse_label(label_for(s)),
    )


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            n,
            marks=pytest.mark.xfail(strict=True, reason="target not reached yet")
            if n in OPEN_TARGETS
            else (),
        )
        for n in sorted(TARGETS)
    ],
)
def test_dev_targets(name: str) -> None:
    report = report_for(name)
    accuracy, macro_f1 = TARGETS[name]
    assert report.accuracy >= accuracy, f"{name}: accuracy {report.accuracy}"
    assert report.macro_f1 >= macro_f1, f"{name}: macro-F1 {report.macro_f1}"


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_no_regression_below_measured_floor(name: str) -> None:
    report = report_for(name)
    accuracy, macro_f1 = FLOORS[name]
    assert report.accuracy >= accuracy, f"{name}: accuracy {report.accuracy}"
    assert report.macro_f1 >= macro_f1, f"{name}: macro-F1 {report.macro_f1}"
