"""`python -m app sentiment …`: score text and evaluate the sentiment engine.

    sentiment score [FILE|-] [--json]   score a note (Markdown or plain text)
    sentiment eval FILE.tsv             accuracy report on a labelled file

Handlers return an exit code; expected failures (missing file, malformed TSV)
print one line to stderr and return 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.config import get_settings
from app.sentiment.engine import SentimentEngine, coarse_label, label_for
from app.sentiment.evaluation import TsvError, evaluate, format_report, parse_tsv

EXIT_USAGE = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("sentiment", help="score text, evaluate the engine")
    commands = parser.add_subparsers(dest="sentiment_command", required=True, metavar="COMMAND")

    score = commands.add_parser("score", help="score a note from FILE or stdin")
    score.add_argument("file", nargs="?", default="-", help="text or Markdown file; '-' = stdin")
    score.add_argument("--json", action="store_true", help="print the JSON result")
    score.set_defaults(func=cmd_score)

    ev = commands.add_parser("eval", help="evaluate on a label<TAB>sentence file")
    ev.add_argument("file", help="TSV file with header 'label<TAB>sentence'")
    ev.set_defaults(func=cmd_eval)


def _engine() -> SentimentEngine:
    settings = get_settings()
    return SentimentEngine(settings.tickers, settings.ticker_aliases)


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
    doc = _engine().score_document(text)
    if args.json:
        print(json.dumps(doc.to_dict(), ensure_ascii=False))
        return 0
    print(f"score: {doc.score:+.3f}  ({doc.label})   engine {doc.engine_version}")
    if doc.tickers:
        print()
        print(f"{'ticker':<8} {'score':>7}  {'label':<16} {'mentions':>8}")
        for sym, t in doc.tickers.items():
            print(f"{sym:<8} {t.score:>+7.3f}  {t.label:<16} {t.mentions:>8}")
    if doc.sentences:
        print()
        for s in doc.sentences:
            tickers = f" [{', '.join(s.tickers)}]" if s.tickers else ""
            print(f"{s.score:+.3f} {s.label:<16} {s.text}{tickers}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    text = _read(args.file)
    if text is None:
        return EXIT_USAGE
    try:
        examples = parse_tsv(text)
    except TsvError as exc:
        print(f"error: {args.file}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    engine = _engine()
    report = evaluate(examples, engine.score_sentence, lambda s: coarse_label(label_for(s)))
    print(format_report(report))
    print(json.dumps(report.to_dict()))
    return 0
