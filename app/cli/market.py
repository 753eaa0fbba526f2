"""Commands: serve, migrate, refresh, metrics."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from app.cli.errors import CliError
from app.config import get_settings, warn_if_placeholder_secret

METRICS_DIR_PREFIX = "dispersion-metrics-"


def register(subparsers: argparse._SubParsersAction) -> None:
    serve = subparsers.add_parser("serve", help="serve the web app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(func=cmd_serve)

    migrate = subparsers.add_parser("migrate", help="upgrade the database to the latest schema")
    migrate.set_defaults(func=cmd_migrate)

    refresh = subparsers.add_parser("refresh", help="load prices and recompute snapshots")
    refresh.add_argument("--source", choices=["auto", "yahoo", "csv", "demo"], default=None)
    refresh.add_argument("--csv-dir", type=Path, default=None, help="folder of <SYMBOL>.csv")
    refresh.add_argument("--tickers", default=None, help="comma-separated, e.g. SPY,QQQ")
    refresh.add_argument("--quiet", action="store_true", help="no progress lines")
    refresh.set_defaults(func=cmd_refresh)

    metrics = subparsers.add_parser("metrics", help="print the metrics of one symbol")
    metrics.add_argument("symbol")
    metrics.add_argument("--json", action="store_true", help="print the JSON object")
    metrics.add_argument("--as-of", type=_parse_date, default=None, help="YYYY-MM-DD")
    metrics.set_defaults(func=cmd_metrics)


def _parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"invalid date {text!r}: expected YYYY-MM-DD") from exc


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from app.ops import logs

    settings = get_settings()
    fmt = settings.effective_log_format
    logs.configure(fmt)  # warnings from before start-up are formatted like the rest
    warn_if_placeholder_secret(settings)
    metrics_dir = prepare_metrics_dir()
    try:
        uvicorn.run(
            "app.web.app:create_app",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_config=logs.uvicorn_log_config(fmt),
            access_log=False,  # the request-context middleware writes access lines with the id
            # X-Forwarded-For/-Proto are believed from these peers only (none by default).
            proxy_headers=bool(settings.trusted_proxies),
            forwarded_allow_ips=",".join(settings.trusted_proxies) or None,
        )
    finally:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)
    return 0


def prepare_metrics_dir() -> Path | None:
    """Prometheus multiprocess mode for every uvicorn worker: a directory they all write to.

    An operator's PROMETHEUS_MULTIPROC_DIR is used (emptied: files of dead processes would
    be counted forever); otherwise a fresh temporary one, removed when serving ends (the
    return value). Set before any worker imports prometheus-client, which reads it then.
    """
    given = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if given:
        path = Path(given)
        path.mkdir(parents=True, exist_ok=True)
        for stale in path.glob("*.db"):
            stale.unlink(missing_ok=True)
        return None
    sweep_metrics_dirs(Path(tempfile.gettempdir()))
    path = Path(tempfile.mkdtemp(prefix=f"{METRICS_DIR_PREFIX}{os.getpid()}-"))
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(path)
    return path


def sweep_metrics_dirs(parent: Path) -> None:
    """Remove directories left by earlier `serve` processes that are gone: uvicorn ends
    on SIGTERM by re-raising the signal, so their `finally` never ran."""
    for stale in parent.glob(f"{METRICS_DIR_PREFIX}*-*"):
        pid = stale.name.removeprefix(METRICS_DIR_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def cmd_migrate(_args: argparse.Namespace) -> int:
    from app import migrate

    migrate.upgrade()
    print("database is at the latest schema", file=sys.stderr)
    return 0


def _universe(settings: Any) -> list[str]:
    """The configured tickers plus the symbols analysts added from the web."""
    from app.db import get_engine
    from app.market.universe import load_into

    try:
        load_into(get_engine(), settings)
    except Exception:  # a database not migrated yet has no added symbols
        return list(settings.tickers)
    return [*settings.tickers, *settings.extra_symbols]


def cmd_refresh(args: argparse.Namespace) -> int:
    from app.db import get_engine
    from app.market.ingest import RefreshError
    from app.market.service import parse_symbols, run_refresh

    settings = get_settings()
    source = args.source or settings.price_source
    try:
        symbols = parse_symbols(args.tickers) if args.tickers else _universe(settings)
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    csv_dir = args.csv_dir or settings.csv_dir
    if source == "csv":
        if csv_dir is None:
            raise CliError("--source csv needs --csv-dir (or DISPERSION_CSV_DIR)")
        if not csv_dir.is_dir():
            raise CliError(f"price directory not found: {csv_dir}")
    started = time.perf_counter()

    def progress(message: str) -> None:
        if not args.quiet:
            print(f"[{time.perf_counter() - started:6.1f}s] {message}", file=sys.stderr)

    try:
        summary = run_refresh(
            get_engine(),
            settings,
            source_name=source,
            symbols=symbols,
            csv_dir=csv_dir,
            progress=progress,
        )
    except RefreshError as exc:
        raise CliError(f"refresh failed: {exc}", code=1) from exc
    for symbol, error in sorted(summary.errors.items()):
        print(f"warning: {symbol}: {error}", file=sys.stderr)
    print(
        f"refresh {summary.status} (run {summary.run_id}, source {summary.source}): "
        f"{summary.rows_received:,} rows received, {summary.rows_written:,} written, "
        f"{summary.snapshots_written} snapshots in {summary.timings.get('total_s', 0):.1f}s"
    )
    return 0 if summary.status == "ok" else 1


def cmd_metrics(args: argparse.Namespace) -> int:
    from app.db import get_engine
    from app.market.service import UnknownSymbolError, get_metrics

    try:
        metrics = get_metrics(get_engine(), args.symbol, as_of=args.as_of)
    except (UnknownSymbolError, ValueError) as exc:
        raise CliError(str(exc).strip("'\"")) from exc
    if args.json:
        print(json.dumps(metrics))
        return 0
    print(f"{metrics['symbol']} as of {metrics['as_of']} (benchmark {metrics['benchmark']})")
    print(f"{'period':>7} {'return':>10} {'vs bench':>10}")
    for period, value in metrics["returns"].items():
        rel = metrics["relative"][period]
        print(f"{period:>7} {_pct(value):>10} {_pp(rel):>10}")
    print(
        f"volatility 1Y {_pct(metrics['volatility_1y'])}, beta 1Y {_num(metrics['beta_1y'])}, "
        f"correlation 1Y {_num(metrics['correlation_1y'])}, "
        f"max drawdown 1Y {_pct(metrics['max_drawdown_1y'])}"
    )
    return 0


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:+.2f}%"


def _pp(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:+.2f} pp"


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"
