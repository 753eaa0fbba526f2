"""Held-out check of the sentiment engine's learned layer: fit on half the texts, score
the other half.

    .venv/bin/python scripts/heldout_check.py [--data DIR]

For each half (a, b) it fits the layer on that half of the training sets
(``scripts/train_sentiment_layer.py --rows half-a``; the halves split by a checksum of
each text, so an entity set's rows that share a headline stay together) and scores the
other half of every dev file as ``python -m app sentiment eval --rows half-b`` reads it.
Prints accuracy / macro-F1 per file for both directions and their mean, the estimate
for text the layer never saw (the rules were written with every dev file in view, so
the PhraseBank lines measure the rules on their own development data).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.cli.sentiment import _scorer, _to_class  # noqa: E402
from app.sentiment import learned, targets  # noqa: E402
from app.sentiment.evaluation import (  # noqa: E402
    EvalReport,
    evaluate,
    evaluate_entities,
    parse_tsv,
    select_rows,
)

DATA = ROOT.parent / "shared" / "data" / "sentiment"
FILES = (
    "tfns_dev.tsv",
    "sentfin_headlines_dev.tsv",
    "sentfin_entities_dev.tsv",
    "finentity_dev.tsv",
    "fpb_allagree_dev.tsv",
    "fpb_50agree_dev.tsv",
)
OTHER = {"half-a": "half-b", "half-b": "half-a"}


def use_model(path: Path) -> None:
    """Point the engine at another layer file; scorers built before keep the old one."""
    learned.MODEL_PATH = path
    learned.model.cache_clear()
    targets.scorer_for_targets.cache_clear()
    targets.scorer_for_target.cache_clear()


def score_file(path: Path, rows: str) -> EvalReport:
    examples = select_rows(parse_tsv(path.read_text(encoding="utf-8")), rows, lambda e: e.sentence)
    if examples and examples[0].target is not None:
        pairs = [(ex.target or "", ex.sentence) for ex in examples]
        return evaluate_entities(examples, targets.target_scorer(pairs), _to_class)
    return evaluate(examples, _scorer().score_sentence, _to_class)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    present = [name for name in FILES if (args.data / name).is_file()]
    if not present:
        print(f"no dev files in {args.data}", file=sys.stderr)
        return 2
    results: dict[str, list[EvalReport]] = {name: [] for name in present}
    with tempfile.TemporaryDirectory() as tmp:
        for half, other in OTHER.items():
            model = Path(tmp) / f"layer-{half}.json"
            subprocess.run(
                [sys.executable, str(ROOT / "scripts" / "train_sentiment_layer.py"),
                 "--data", str(args.data), "--rows", half, "--out", str(model)],
                check=True,
                stdout=subprocess.DEVNULL,
            )  # fmt: skip
            use_model(model)
            for name in present:
                report = score_file(args.data / name, other)
                results[name].append(report)
                print(f"fit on {half}, scored {other}: {name} n={report.n} "
                      f"{report.accuracy:.4f} / {report.macro_f1:.4f}")  # fmt: skip
    print("\nmean of both directions (accuracy / macro-F1):")
    for name, reports in results.items():
        accuracy = sum(r.accuracy for r in reports) / len(reports)
        macro_f1 = sum(r.macro_f1 for r in reports) / len(reports)
        print(f"  {name:28} {accuracy:.4f} / {macro_f1:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
