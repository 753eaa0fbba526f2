"""`python -m app`: one parser, one module per command group.

Every handler returns an exit code; expected failures print one line to stderr
(never a traceback) and exit non-zero.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sqlalchemy.exc import OperationalError

from app.cli import alerts, market, notes, portfolio, sentiment, users, worker
from app.cli.errors import CliError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m app", description="Dispersion")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (market, sentiment, notes, portfolio, users, worker, alerts):
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code
    except OperationalError as exc:
        reason = str(exc.orig).splitlines()[0] if exc.orig else str(exc).splitlines()[0]
        print(f"error: database unreachable or not migrated: {reason}", file=sys.stderr)
        return 3
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
