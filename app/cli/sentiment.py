"""`python -m app sentiment …`: score text and evaluate the sentiment scorer.

    sentiment score [FILE|-] [--json]   score a note (Markdown or plain text)
    sentiment eval FILE                 accuracy report on a labelled file: TSV
                                        (label, [target,] sentence) or passages JSONL

Handlers return an exit code; expected failures (missing file, malformed TSV)
print one line to stderr and return 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.config import get_settings
from app.sentiment.evaluation import (
    ROW_SPLITS,
    EvalReport,
    Passage,
    TsvError,
    evaluate,
    evaluate_entities,
    evaluate_passages,
    format_report,
    is_jsonl,
    parse_jsonl,
    parse_tsv,
    select_rows,
)
from app.sentiment.scorer import SentimentScorer, coarse_label, label_for
from app.sentiment.targets import target_scorer, universe_aliases

EXIT_USAGE = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("sentiment", help="score text, evaluate the engine")
    commands = parser.add_subparsers(dest="sentiment_command", required=True, metavar="COMMAND")

    score = commands.add_parser("score", help="score a note from FILE or stdin")
    score.add_argument("file", nargs="?", default="-", help="text or Markdown file; '-' = stdin")
    score.add_argument("--json", action="store_true", help="print the JSON result")
    score.set_defaults(func=cmd_score)

    ev = commands.add_parser("eval", help="evaluate on a labelled file (TSV or JSONL)")
    ev.add_argument(
        "file",
        help="TSV with header 'label<TAB>sentence' or 'label<TAB>target<TAB>sentence', "
        "or JSONL passages {id, text, labels, overall}",
    )
    ev.add_argument(
        "--rows",
        choices=ROW_SPLITS,
        default="all",
        help="score every row, only the even / odd ones (0-based), or one half of the "
        "texts (half-a / half-b, split by a checksum of the text: the held-out half for a "
        "layer fit with the same option on the other half)",
    )
    ev.set_defaults(func=cmd_eval)


def _scorer() -> SentimentScorer:
    settings = get_settings()
    return SentimentScorer(settings.tickers, settings.ticker_aliases)


def _read(path: str) -> str | None:
    """Text of ``path`` ("-" = stdin); None after printing an error line."""
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        print(f"error: file not found: {path}", file=sys.stderr)
    except IsADirectoryError:
        print(f"error: not a file: {path}", file=sys.stderr)
    except UnicodeDecodeError:
        print(f"error: not UTF-8 text: {path}", file=sys.stderr)
    except OSError as exc:
        print(f"error: cannot read {path}: {exc.strerror}", file=sys.stderr)
    return None


def cmd_score(args: argparse.Namespace) -> int:
    text = _read(args.file)
    if text is None:
        return EXIT_USAGE
    doc = _scorer().score_document(text)
    if args.json:
        print(json.dumps(doc.to_dict(), ensure_ascii=False))
        return 0
    print(f"score: {doc.score:+.3f}  ({doc.label})   engine {doc.engine_version}")
    if doc.tickers:
        print()
        print(f"{'ticker':<8} {'score':>7}  {'label':<16} {'mentions':>8}")
        for symbol, ticker in doc.tickers.items():
            print(f"{symbol:<8} {ticker.score:>+7.3f}  {ticker.label:<16} {ticker.mentions:>8}")
    if doc.sentences:
        print()
        for sentence in doc.sentences:
            tickers = f" [{', '.join(sentence.tickers)}]" if sentence.tickers else ""
            print(f"{sentence.score:+.3f} {sentence.label:<16} {sentence.text}{tickers}")
    return 0


def _to_class(score: float) -> str:
    return coarse_label(label_for(score))


def _eval_passages(passages: list[Passage]) -> EvalReport:
    settings = get_settings()
    scorers: dict[tuple[str, ...], SentimentScorer] = {}

    def score(passage: Passage) -> tuple[dict[str, float], float]:
        universe = tuple(dict.fromkeys([*settings.tickers, *passage.labels]))
        scorer = scorers.get(universe)
        if scorer is None:
            aliases = universe_aliases(universe, settings.ticker_aliases)
            scorer = scorers[universe] = SentimentScorer(universe, aliases)
        doc = scorer.score_document(passage.text)
        return {sym: t.score for sym, t in doc.tickers.items()}, doc.score

    return evaluate_passages(passages, score, _to_class)


def cmd_eval(args: argparse.Namespace) -> int:
    text = _read(args.file)
    if text is None:
        return EXIT_USAGE
    try:
        if is_jsonl(text):
            passages = parse_jsonl(text)
            report = _eval_passages(select_rows(passages, args.rows, lambda p: p.text))
        else:
            examples = select_rows(parse_tsv(text), args.rows, lambda ex: ex.sentence)
            if examples and examples[0].target is not None:
                rows = [(ex.target or "", ex.sentence) for ex in examples]
                report = evaluate_entities(examples, target_scorer(rows), _to_class)
            else:
                report = evaluate(examples, _scorer().score_sentence, _to_class)
    except TsvError as exc:
        print(f"error: {args.file}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(format_report(report))
    print(json.dumps(report.to_dict()))
    return 0
