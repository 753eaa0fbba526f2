"""Commands: notes import, notes rescore, notes list.

`notes import` is all-or-nothing per invocation: every file is validated
before anything is written, and one bad file (one line on stderr each, exit 2)
means no file of that run is stored. Fix it and run again; re-importing is
idempotent by slug.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from app.cli.errors import CliError
from app.config import get_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    notes = subparsers.add_parser("notes", help="research notes: import, rescore, list")
    commands = notes.add_subparsers(dest="notes_command", required=True, metavar="ACTION")

    imp = commands.add_parser(
        "import",
        help="import Markdown notes with YAML front matter (all files or none)",
        description="Files, or folders whose *.md files are imported. A note's slug is "
        "its front matter `slug` or its file name; importing again updates it.",
    )
    imp.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    imp.set_defaults(func=cmd_import)

    rescore = commands.add_parser("rescore", help="rescore notes scored by an older engine version")
    rescore.add_argument("--all", action="store_true", help="rescore every note")
    rescore.set_defaults(func=cmd_rescore)

    lst = commands.add_parser("list", help="list notes, newest first")
    lst.add_argument("--ticker", default=None)
    lst.add_argument("--label", default=None)
    lst.add_argument("--from", dest="date_from", type=_date, default=None, help="YYYY-MM-DD")
    lst.add_argument("--to", dest="date_to", type=_date, default=None, help="YYYY-MM-DD")
    lst.add_argument("-q", "--query", default=None, help="words to search for")
    lst.add_argument("--limit", type=int, default=50)
    lst.add_argument("--json", action="store_true", help="print a JSON array")
    lst.set_defaults(func=cmd_list)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"invalid date {text!r}: expected YYYY-MM-DD") from exc


def cmd_import(args: argparse.Namespace) -> int:
    from app.db import get_engine
    from app.research.note_input import ImportFailedError
    from app.research.notes_import import import_files

    try:
        outcomes = import_files(get_engine(), args.paths, get_settings())
    except ImportFailedError as exc:
        for path, problem in exc.problems.items():
            print(f"error: {path}: {problem}", file=sys.stderr)
        noun = "file" if len(exc.problems) == 1 else "files"
        raise CliError(f"nothing imported: fix the {noun} above and run again") from exc
    for outcome in outcomes:
        print(f"{outcome.action:<9} {outcome.path} ({outcome.slug})")
    counts = {a: sum(o.action == a for o in outcomes) for a in ("created", "updated", "unchanged")}
    print(", ".join(f"{n} {a}" for a, n in counts.items()), file=sys.stderr)
    return 0


def cmd_rescore(args: argparse.Namespace) -> int:
    from app.db import get_engine
    from app.research.note_store import rescore_all
    from app.sentiment.scorer import ENGINE_VERSION

    result = rescore_all(get_engine(), get_settings(), force=args.all)
    print(
        f"rescored {result.rescored} notes with engine {ENGINE_VERSION}, "
        f"{result.skipped} already current"
    )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from app.db import get_engine
    from app.research.note_input import NoteValidationError
    from app.research.note_queries import list_notes, note_summary

    if not 1 <= args.limit <= 100:
        raise CliError("--limit must be between 1 and 100")
    try:
        page = list_notes(
            get_engine(),
            ticker=args.ticker,
            label=args.label,
            date_from=args.date_from,
            date_to=args.date_to,
            search=args.query,
            per_page=args.limit,
        )
    except NoteValidationError as exc:
        raise CliError(str(exc)) from exc
    items = [note_summary(n) for n in page.items]
    if args.json:
        print(json.dumps(items))
        return 0
    for item in items:
        print(
            f"{item['id']:>4}  {item['published_at'][:10]}  {item['score']:+.2f} "
            f"{item['label']:<15}  {','.join(item['tickers']):<22}  {item['title']}"
        )
    print(f"{len(items)} of {page.total} notes", file=sys.stderr)
    return 0
