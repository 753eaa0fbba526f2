"""Page serving under load, against a bare FastAPI hello-world on the same server settings.

Starts uvicorn (2 workers, 127.0.0.1) on a temporary database with demo prices and the
sample notes, drives it with wrk (64 connections, ~10 s per run), and measures:
hello-world req/s; `/` and `/tickers/NVDA` req/s and p99; conditional GET (304) req/s;
cold render time of each page (first request after a data-version bump, in-process);
page time with 30 years of history against 5 years.

wrk comes from Debian: `apt-get install -y wrk`. Without it the load runs are skipped
(the in-process measurements still run). Prints a table, then one JSON line.

    python benchmarks/bench_pages.py [--duration 10] [--connections 64]
    python benchmarks/bench_pages.py --scale [--symbols 2000] [--duration 10]

`--scale` runs only the side-by-side: `/` and `/tickers/NVDA` on a demo universe of
`--symbols` symbols against the same pages with the 5 default tickers, on SQLite and,
when it answers at 127.0.0.1:5432 (user postgres), on PostgreSQL in a database of its own
(created and dropped here). It reports each page's throughput ratio (target >= 0.8).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import data_version, migrate  # noqa: E402
from app.config import Settings  # noqa: E402
from app.db import make_engine  # noqa: E402

SAMPLE_NOTES = ROOT / "app" / "research" / "sample_notes"
PAGES = ["/", "/tickers/NVDA", "/research", "/pairs"]
SCALE_PAGES = ["/", "/tickers/NVDA"]
SCALE_TARGET = 0.8
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
TARGETS = {
    "page_ratio": 0.4,
    "p99_ms": 30.0,
    "not_modified_ratio": 0.7,
    "cold_ms": 30.0,
    "history_ratio": 1.2,
}


def build_db(folder: Path, years: int) -> tuple[str, Settings]:
    from app.market.service import run_refresh
    from app.research.notes_import import import_files

    url = f"sqlite:///{folder / f'site-{years}y.db'}"
    migrate.upgrade(url)
    settings = Settings(database_url=url, env="test", history_years=years)
    engine = make_engine(url)
    run_refresh(engine, settings, source_name="demo", symbols=settings.tickers)
    import_files(engine, [SAMPLE_NOTES], settings)
    engine.dispose()
    return url, settings


def add_wide_universe(url: str, settings: Settings, extra: int) -> None:
    """Demo prices for `extra` synthetic symbols, added to the universe as the web's
    "add a symbol" leaves them (ready rows in universe_symbols)."""
    import datetime as dt

    from sqlalchemy import text

    from app.market.service import run_refresh

    symbols = [f"W{i:04d}" for i in range(extra)]
    engine = make_engine(url)
    try:
        run_refresh(engine, settings, source_name="demo", symbols=[*settings.universe, *symbols])
        now = dt.datetime(2026, 1, 1)
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO universe_symbols (symbol, status, added_at, updated_at) "
                    "VALUES (:s, 'ready', :now, :now)"
                ),
                [{"s": s, "now": now} for s in symbols],
            )
    finally:
        engine.dispose()


def build_site(url: str, years: int, extra: int) -> Settings:
    """A migrated database at `url` with demo prices, the sample notes and `extra`
    more symbols in the universe."""
    from app.market.service import run_refresh
    from app.research.notes_import import import_files

    migrate.upgrade(url)
    settings = Settings(database_url=url, env="test", history_years=years)
    engine = make_engine(url)
    run_refresh(engine, settings, source_name="demo", symbols=settings.tickers)
    import_files(engine, [SAMPLE_NOTES], settings)
    engine.dispose()
    if extra:
        add_wide_universe(url, settings, extra)
    return settings


def postgres_url(name: str) -> str | None:
    """A fresh PostgreSQL database `name` (dropped first if left over), or None when no
    server answers."""
    from sqlalchemy import create_engine, text

    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # no server, or no rights: the PostgreSQL part is skipped
        print(f"PostgreSQL not reachable ({type(exc).__name__}): skipping its runs")
        return None
    finally:
        admin.dispose()
    return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"


def drop_postgres(name: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def serve_and_load(url: str, duration: int, connections: int) -> dict[str, dict]:
    env = {
        "DATABASE_URL": url,
        "DISPERSION_ENV": "production",
        "DISPERSION_SECRET_KEY": secrets.token_hex(16),
    }
    server, base = start("app.web.app:create_app", env, factory=True)
    try:
        return {path: wrk(base + path, duration, connections) for path in SCALE_PAGES}
    finally:
        stop(server)


def scale_runs(engine_name: str, urls: dict[str, str], args: argparse.Namespace) -> dict:
    """Each page on the small and the wide universe, alternated round by round so drift
    in the shared machine's load falls on both alike; the median of the rounds."""
    runs: dict[str, dict[str, list[float]]] = {n: {p: [] for p in SCALE_PAGES} for n in urls}
    for _ in range(args.rounds):
        for name, url in urls.items():
            for path, run in serve_and_load(url, args.duration, args.connections).items():
                runs[name][path].append(run["rps"])
    rps = {n: {p: statistics.median(v) for p, v in by.items()} for n, by in runs.items()}
    small, wide = list(urls)
    ratios = {p: round(rps[wide][p] / rps[small][p], 3) for p in SCALE_PAGES}
    for path in SCALE_PAGES:
        print(
            f"{engine_name:<11}{path:<16}{rps[small][path]:>10.0f}/s{rps[wide][path]:>10.0f}/s"
            f"{ratios[path]:>8.2f}"
        )
    return {"rps": rps, "ratio": ratios, "ok": min(ratios.values()) >= SCALE_TARGET}


def scale_main(args: argparse.Namespace) -> int:
    """Pages with `--symbols` symbols against the same pages with 5."""
    if shutil.which("wrk") is None:
        print("wrk not found: install it with `apt-get install -y wrk`")
        return 1
    extra = args.symbols - 5
    load = os.getloadavg()
    results: dict[str, Any] = {"symbols": args.symbols, "loadavg_before": load}
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"{'engine':<11}{'page':<16}{'5 symbols':>12}{args.symbols:>10} sym{'ratio':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        urls = {"5": f"sqlite:///{folder / 'small.db'}", "wide": f"sqlite:///{folder / 'w.db'}"}
        build_site(urls["5"], 5, 0)
        build_site(urls["wide"], 5, extra)
        results["sqlite"] = scale_runs("sqlite", urls, args)
    names = {"5": f"bench_pages_small_{os.getpid()}", "wide": f"bench_pages_wide_{os.getpid()}"}
    pg = {k: postgres_url(n) for k, n in names.items()}
    if all(pg.values()):
        try:
            build_site(pg["5"], 5, 0)  # type: ignore[arg-type]
            build_site(pg["wide"], 5, extra)  # type: ignore[arg-type]
            results["postgresql"] = scale_runs("postgresql", pg, args)  # type: ignore[arg-type]
        finally:
            for name in names.values():
                drop_postgres(name)
    else:
        results["postgresql"] = "skipped: not reachable"
    results["loadavg_after"] = os.getloadavg()
    results["target"] = SCALE_TARGET
    print(json.dumps({"benchmark": "pages-scale", **results}, separators=(",", ":")))
    return 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(target: str, env: dict[str, str], *, factory: bool) -> tuple[subprocess.Popen, str]:
    """uvicorn with the settings `python -m app serve --workers 2` uses."""
    port = free_port()
    code = (
        "import uvicorn; uvicorn.run("
        f"{target!r}, factory={factory}, host='127.0.0.1', port={port}, workers=2, "
        "proxy_headers=False)"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(base + "/", timeout=1)
            return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"{target} did not start")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str, duration: int, connections: int, headers: dict[str, str] | None = None) -> dict:
    # A short untimed run first: every worker renders the page once (cold renders are
    # measured separately) and the connections are open before the timed run.
    subprocess.run(["wrk", "-t2", f"-c{connections}", "-d2s", url], capture_output=True, check=True)
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency"]
    for key, value in (headers or {}).items():
        cmd += ["-H", f"{key}: {value}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+([\d.]+\w+)", out).group(1))  # type: ignore[union-attr]
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    return {
        "rps": rps,
        "p99_ms": p99,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": errors.group(0) if errors else "",
    }


def cold_render(
    targets: dict[str, tuple[str, Settings]], paths: list[str], rounds: int = 31
) -> dict[str, dict[str, float]]:
    """Median time of the first request for each page after a data-version bump.

    The databases are measured in turns, round by round, so drift in the machine's
    speed (other processes, CPU frequency) falls on all of them alike.
    """
    from fastapi.testclient import TestClient

    from app.web.app import create_app

    engines = {name: make_engine(url) for name, (url, _settings) in targets.items()}
    clients = {
        name: TestClient(create_app(settings, engines[name]))
        for name, (_url, settings) in targets.items()
    }
    times: dict[str, dict[str, list[float]]] = {n: {p: [] for p in paths} for n in targets}
    for path in paths:
        for client in clients.values():
            client.get(path)  # compile templates, import modules: not part of a data change
        for _ in range(rounds):
            for name, client in clients.items():
                with engines[name].begin() as conn:
                    data_version.bump(conn)
                started = time.perf_counter()
                response = client.get(path)
                times[name][path].append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (path, response.status_code)
    for engine in engines.values():
        engine.dispose()
    return {
        name: {p: round(statistics.median(t), 2) for p, t in by_path.items()}
        for name, by_path in times.items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--scale", action="store_true", help="only the 2,000-vs-5 runs")
    parser.add_argument("--symbols", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if args.scale:
        return scale_main(args)
    has_wrk = shutil.which("wrk") is not None
    results: dict[str, Any] = {"wrk": has_wrk}
    rows: list[tuple[str, str, str, str]] = []

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url5, settings5 = build_db(folder, 5)
        url30, settings30 = build_db(folder, 30)

        measured = cold_render({"5y": (url5, settings5), "30y": (url30, settings30)}, PAGES)
        cold, cold30 = measured["5y"], measured["30y"]
        results["cold_ms"] = cold
        results["cold_ms_30y"] = cold30
        for path in PAGES:
            ratio = cold30[path] / cold[path]
            rows.append((f"cold render {path}", f"{cold[path]:.1f} ms", "", f"30y/5y {ratio:.2f}"))
        results["history_ratio"] = {p: round(cold30[p] / cold[p], 2) for p in PAGES}

        if not has_wrk:
            print("wrk not found: install it with `apt-get install -y wrk` to run the load part")
        else:
            hello, hello_base = start("benchmarks.hello_app:create_app", {}, factory=True)
            try:
                base_run = wrk(hello_base + "/", args.duration, args.connections)
            finally:
                stop(hello)
            results["hello"] = base_run
            rows.append(
                ("hello world", f"{base_run['rps']:.0f}/s", f"{base_run['p99_ms']:.1f}", "1.00")
            )
            env = {
                "DATABASE_URL": url5,
                "DISPERSION_ENV": "production",
                "DISPERSION_SECRET_KEY": secrets.token_hex(16),
            }
            server, base = start("app.web.app:create_app", env, factory=True)
            try:
                for path in ("/", "/tickers/NVDA"):
                    run = wrk(base + path, args.duration, args.connections)
                    run["ratio"] = round(run["rps"] / base_run["rps"], 3)
                    results[path] = run
                    rows.append(
                        (
                            f"GET {path}",
                            f"{run['rps']:.0f}/s",
                            f"{run['p99_ms']:.1f}",
                            f"{run['ratio']:.2f}",
                        )
                    )
                etag = httpx.get(base + "/tickers/NVDA").headers["etag"]
                run = wrk(
                    base + "/tickers/NVDA", args.duration, args.connections, {"If-None-Match": etag}
                )
                run["ratio"] = round(run["rps"] / base_run["rps"], 3)
                results["304"] = run
                rows.append(
                    (
                        "GET /tickers/NVDA → 304",
                        f"{run['rps']:.0f}/s",
                        f"{run['p99_ms']:.1f}",
                        f"{run['ratio']:.2f}",
                    )
                )
            finally:
                stop(server)

    print(f"{'measure':<28}{'rate/time':>12}{'p99 ms':>10}{'vs hello':>14}")
    for name, value, p99, ratio in rows:
        print(f"{name:<28}{value:>12}{p99:>10}{ratio:>14}")
    checks = {
        "cold_ms": max(cold.values()) <= TARGETS["cold_ms"],
        "history_ratio": max(results["history_ratio"].values()) <= TARGETS["history_ratio"],
    }
    if has_wrk:
        checks["page_ratio"] = all(
            results[p]["ratio"] >= TARGETS["page_ratio"] for p in ("/", "/tickers/NVDA")
        )
        checks["p99_ms"] = all(
            results[p]["p99_ms"] <= TARGETS["p99_ms"] for p in ("/", "/tickers/NVDA")
        )
        checks["not_modified_ratio"] = results["304"]["ratio"] >= TARGETS["not_modified_ratio"]
    results["targets"] = TARGETS
    results["checks"] = checks
    print(json.dumps({"benchmark": "pages", **results}, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
