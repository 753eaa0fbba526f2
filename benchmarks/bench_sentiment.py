"""Throughput of the sentiment scorer next to plain VADER, on the same sentences.

    .venv/bin/python benchmarks/bench_sentiment.py [--repeat N]

Uses the shared evaluation files (../shared/data/sentiment) when present,
otherwise sentences generated here. Prints a small table and, last, one JSON line.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # noqa: E402

from app.config import get_settings  # noqa: E402
from app.sentiment.scorer import ENGINE_VERSION, SentimentScorer  # noqa: E402

DATA_DIR = ROOT.parent / "shared" / "data" / "sentiment"
FILES = ("fpb_50agree_dev.tsv", "fpb_allagree_dev.tsv")


def load_sentences() -> tuple[list[str], str]:
    sentences: list[str] = []
    for name in FILES:
        path = DATA_DIR / name
        if path.is_file():
            lines = path.read_text(encoding="utf-8").splitlines()[1:]
            sentences.extend(line.split("\t", 1)[1] for line in lines if "\t" in line)
    if sentences:
        return sentences, "shared PhraseBank dev files"
    return generated_sentences(3000), "generated sentences"


def generated_sentences(n: int) -> list[str]:
    rng = random.Random(7)
    subjects = ["Net sales", "Operating profit", "The net loss", "Costs", "Order intake", "EPS"]
    verbs = ["rose", "fell", "narrowed", "widened", "increased", "decreased", "was"]
    tails = [
        "to EUR {a} mn from EUR {b} mn in the corresponding period .",
        "by {p} % year-on-year .",
        ", compared with EUR {b} mn a year earlier .",
        "in the third quarter , the company said .",
    ]
    extra = [
        "We stay long SPY/QQQ and short VTWO as a hedge .",
        "The company is based in Helsinki and employs 1,200 people .",
        "Nvidia beat estimates but guidance was below expectations .",
    ]
    out = []
    for _ in range(n):
        if rng.random() < 0.2:
            out.append(rng.choice(extra))
            continue
        tail = rng.choice(tails).format(
            a=round(rng.uniform(1, 90), 1), b=round(rng.uniform(1, 90), 1), p=rng.randint(1, 30)
        )
        out.append(f"{rng.choice(subjects)} {rng.choice(verbs)} {tail}")
    return out


def throughput(fn: Callable[[str], object], sentences: Sequence[str], repeat: int) -> float:
    """Best sentences/s over ``repeat`` passes (the least disturbed run)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for s in sentences:
            fn(s)
        best = min(best, time.perf_counter() - start)
    return len(sentences) / best


# Shapes of a long note, including the hostile ones that once made scoring quadratic:
# a run-on paragraph, unclosed emphasis and brackets, one boundary after another.
LONG_NOTE_SHAPES: dict[str, str] = {
    "prose": "NVDA beat estimates and raised guidance. Margins expanded on cost cuts. "
    "We stay overweight MSFT, but small caps lagged the market leaders. ",
    "run-on sentence": "shares of NVDA rose while MSFT slipped and ",
    "unclosed emphasis": "**NVDA rose __MSFT fell ",
    "open brackets": "[[NVDA [rose ",
    "abbreviations": "U.S. Inc. e.g. No. 1 J. Smith said NVDA rose. ",
}


def long_note_seconds(scorer: SentimentScorer, size: int, repeat: int) -> dict[str, float]:
    """Best seconds to score a note of ``size`` characters, per shape."""
    times: dict[str, float] = {}
    for name, unit in LONG_NOTE_SHAPES.items():
        text = (unit * (size // len(unit) + 1))[:size]
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            scorer.score_document(text)
            best = min(best, time.perf_counter() - start)
        times[name] = best
    return times


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="passes per scorer (best is kept)")
    args = parser.parse_args(argv)

    sentences, source = load_sentences()
    vader = SentimentIntensityAnalyzer()
    settings = get_settings()
    scorer = SentimentScorer(settings.tickers, settings.ticker_aliases)
    # Warm up: first calls build caches and lexicon tables.
    for s in sentences[:50]:
        vader.polarity_scores(s)
        scorer.score_sentence(s)

    vader_rate = throughput(vader.polarity_scores, sentences, args.repeat)
    scorer_rate = throughput(scorer.score_sentence, sentences, args.repeat)

    print(f"sentences: {len(sentences)} ({source}), best of {args.repeat} passes")
    print(f"{'scorer':<28} {'sentences/s':>12} {'µs/sentence':>12}")
    for name, rate in (("VADER polarity_scores", vader_rate), (ENGINE_VERSION, scorer_rate)):
        print(f"{name:<28} {rate:>12,.0f} {1e6 / rate:>12.1f}")
    print(f"ratio scorer/VADER: {scorer_rate / vader_rate:.2f}")

    small = long_note_seconds(scorer, 10_000, args.repeat)
    large = long_note_seconds(scorer, 100_000, args.repeat)
    print(f"\n{'long note':<22} {'10 KB s':>9} {'100 KB s':>9} {'100/10':>7}")
    for name in LONG_NOTE_SHAPES:
        print(
            f"{name:<22} {small[name]:>9.3f} {large[name]:>9.3f} {large[name] / small[name]:>7.1f}"
        )
    print(
        json.dumps(
            {
                "n": len(sentences),
                "source": source,
                "vader_per_s": round(vader_rate),
                "engine_per_s": round(scorer_rate),
                "engine_version": ENGINE_VERSION,
                "ratio": round(scorer_rate / vader_rate, 3),
                "note_100kb_max_s": round(max(large.values()), 3),
                "note_100kb_s": {k: round(v, 3) for k, v in large.items()},
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
