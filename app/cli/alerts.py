"""Commands: alerts add | list | delete | evaluate | events | backtest | seed (SPEC 7)."""

from __future__ import annotations

import argparse
import json

from app.alerts.models import DIRECTIONS, RULE_KINDS
from app.cli.errors import CliError
from app.cli.market import _parse_date
from app.config import get_settings


def _rule_id(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 18:  # "²".isdigit() is True
        raise argparse.ArgumentTypeError(f"invalid rule id {text[:20]!r}: expected a number")
    return int(text)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("alerts", help="alert rules, events and backtests")
    commands = parser.add_subparsers(dest="alerts_command", required=True, metavar="ACTION")

    add = commands.add_parser("add", help="add a rule; prints its id")
    add.add_argument("--kind", required=True, choices=RULE_KINDS)
    add.add_argument("--symbol", default="", help="a symbol, or a basket like SPY+QQQ")
    add.add_argument("--against", default="", help="relative_move: the other basket")
    add.add_argument("--window", default=None, help="sessions, 1 to 1260 (default 63)")
    add.add_argument("--threshold", required=True, help="e.g. 0.1 or 10%% (a z-score, a score)")
    add.add_argument("--direction", choices=DIRECTIONS, default=None)
    add.add_argument("--measure", choices=["move", "zscore", "stance", "tone"], default=None)
    add.add_argument("--pair", default=None, help="pair: the saved pair's id")
    add.add_argument("--webhook", default=None, help="http(s) URL for signed deliveries")
    add.set_defaults(func=cmd_add)

    listing = commands.add_parser("list", help="list the rules")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=cmd_list)

    remove = commands.add_parser("delete", help="delete a rule and its events")
    remove.add_argument("id", type=_rule_id)
    remove.set_defaults(func=cmd_delete)

    evaluate = commands.add_parser("evaluate", help="evaluate every active rule now")
    evaluate.add_argument("--as-of", type=_parse_date, default=None, help="that session only")
    evaluate.add_argument("--json", action="store_true")
    evaluate.set_defaults(func=cmd_evaluate)

    events = commands.add_parser("events", help="list the events, newest first")
    events.add_argument("--rule", type=_rule_id, default=None)
    events.add_argument("--limit", type=int, default=1000)
    events.add_argument("--json", action="store_true")
    events.set_defaults(func=cmd_events)

    backtest = commands.add_parser("backtest", help="the dates a rule would have fired")
    backtest.add_argument("id", type=_rule_id)
    backtest.add_argument("--from", dest="date_from", type=_parse_date, default=None)
    backtest.add_argument("--to", dest="date_to", type=_parse_date, default=None)
    backtest.add_argument("--json", action="store_true")
    backtest.set_defaults(func=cmd_backtest)

    seed = commands.add_parser("seed", help="add the sample note's rule (once)")
    seed.set_defaults(func=cmd_seed)


def cmd_add(args: argparse.Namespace) -> int:
    from app.alerts import service
    from app.db import get_engine

    data = {
        "kind": args.kind,
        "symbol": args.symbol,
        "against": args.against,
        "window": args.window,
        "threshold": args.threshold,
        "direction": args.direction,
        "measure": args.measure,
        "pair": args.pair,
        "webhook": args.webhook,
    }
    try:
        rule_id = service.add_rule(get_engine(), data, created_by="cli")
    except service.RuleValidationError as exc:
        raise CliError(str(exc)) from exc
    print(rule_id)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from app.alerts import service
    from app.db import get_engine

    found = service.list_rules(get_engine())
    if args.json:
        print(json.dumps(found))
        return 0
    for rule in found:
        state = "" if rule["active"] else " (inactive)"
        print(f"{rule['id']:>5}  {rule['description']}{state}")
    if not found:
        print("no alert rules")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    from app.alerts import service
    from app.db import get_engine

    if not service.delete_rule(get_engine(), args.id):
        raise CliError(f"no alert rule {args.id}")
    print(f"deleted rule {args.id}")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from app.alerts import service
    from app.db import get_engine

    events = service.evaluate(get_engine(), get_settings(), as_of=args.as_of)
    if args.json:
        print(json.dumps(events))
        return 0
    for event in events:
        print(f"{event['date']}  rule {event['rule']}: {event['message']}")
    print(f"{len(events)} new event{'s' if len(events) != 1 else ''}")
    return 0


def _public(event: dict) -> dict:
    keys = ("rule", "date", "value", "threshold", "message")
    return {key: event[key] for key in keys}


def cmd_events(args: argparse.Namespace) -> int:
    from app.alerts import service
    from app.db import get_engine

    if not 1 <= args.limit <= 100_000:
        raise CliError("--limit must be from 1 to 100000")
    events = service.list_events(get_engine(), rule_id=args.rule, limit=args.limit)
    if args.json:
        print(json.dumps([_public(e) for e in events]))
        return 0
    for event in events:
        print(f"{event['date']}  rule {event['rule']}: {event['message']}")
    if not events:
        print("no alert events")
    return 0


def cmd_backtest(args: argparse.Namespace) -> int:
    from app.alerts import service
    from app.db import get_engine

    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise CliError("--from is after --to")
    try:
        fired = service.backtest(get_engine(), args.id, args.date_from, args.date_to)
    except service.RuleNotFoundError as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        print(json.dumps(fired))
        return 0
    for event in fired:
        print(f"{event['date']}  {event['message']}")
    print(f"fired on {len(fired)} session{'s' if len(fired) != 1 else ''}")
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    from app.alerts import service
    from app.db import get_engine

    rule_id = service.seed(get_engine())
    if rule_id is None:
        print("seed rule skipped: SPY, QQQ or VTWO has no stored prices")
        return 0
    print(rule_id)
    return 0
