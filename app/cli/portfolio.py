"""Command: portfolio — SPEC 9 analytics of signed weights over a window."""

from __future__ import annotations

import argparse
import json

from app.cli.errors import CliError
from app.cli.market import _num, _parse_date, _pct
from app.config import get_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "portfolio", help="return, contributions and risk of a set of signed weights"
    )
    parser.add_argument(
        "--weights", required=True, help="e.g. NVDA=0.4,MSFT=0.4,VTWO=-0.2 (1 = 100 %%)"
    )
    parser.add_argument("--from", dest="date_from", type=_parse_date, default=None)
    parser.add_argument("--to", dest="date_to", type=_parse_date, default=None)
    parser.add_argument("--json", action="store_true", help="print the JSON object")
    parser.set_defaults(func=cmd_portfolio)


def cmd_portfolio(args: argparse.Namespace) -> int:
    from app.db import get_engine
    from app.market.portfolio import PortfolioError, parse_weights
    from app.market.service import portfolio_report

    try:
        weights = parse_weights(args.weights)
        report = portfolio_report(
            get_engine(), weights, get_settings().benchmark, args.date_from, args.date_to
        )
    except PortfolioError as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        print(json.dumps(report.to_dict()))
        return 0
    print(
        f"portfolio {report.start.isoformat()} to {report.end.isoformat()} "
        f"(benchmark {report.benchmark}): return {_pct(report.total_return)}"
    )
    for symbol, weight in report.weights.items():
        contribution = _pct(report.contributions[symbol])
        print(f"  {symbol:<8} weight {weight * 100:+7.1f}%  contribution {contribution:>9}")
    print(
        f"volatility {_pct(report.volatility)}, beta {_num(report.beta)}, "
        f"correlation {_num(report.correlation)}, max drawdown {_pct(report.max_drawdown)}"
    )
    return 0
