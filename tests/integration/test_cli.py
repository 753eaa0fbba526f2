"""The CLI as a user runs it: one clear line and a non-zero exit for bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, shared_prices_or_skip


def run_cli(*args: str, env: dict[str, str] | None = None, stdin: str | None = None):
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=REPO_ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        input=stdin,
        timeout=300,
    )


def assert_one_line_error(result: subprocess.CompletedProcess, fragment: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, result.stderr
    assert fragment in lines[0]


def test_refresh_demo_then_metrics_json(database_url: str) -> None:
    result = run_cli("refresh", "--source", "demo", "--tickers", "SPY,NVDA")
    assert result.returncode == 0, result.stderr
    assert "refresh ok" in result.stdout
    assert "stored 2/2 symbols" in result.stderr  # progress lines
    out = run_cli("metrics", "nvda", "--json")
    assert out.returncode == 0, out.stderr
    metrics = json.loads(out.stdout)
    assert metrics["symbol"] == "NVDA" and metrics["benchmark"] == "SPY"
    assert set(metrics["returns"]) == {"1D", "1W", "1M", "3M", "6M", "YTD", "1Y", "3Y", "5Y"}


def test_unknown_symbol(database_url: str) -> None:
    assert run_cli("refresh", "--source", "demo", "--tickers", "SPY").returncode == 0
    assert_one_line_error(run_cli("metrics", "XYZ", "--json"), "unknown symbol 'XYZ'")


def test_bad_ticker_list(database_url: str) -> None:
    assert_one_line_error(run_cli("refresh", "--tickers", "SPY,$$$"), "invalid ticker list")


def test_missing_csv_dir(database_url: str, tmp_path: Path) -> None:
    result = run_cli("refresh", "--source", "csv", "--csv-dir", str(tmp_path / "nope"))
    assert_one_line_error(result, "price directory not found")


def test_malformed_csv(database_url: str, tmp_path: Path) -> None:
    (tmp_path / "SPY.csv").write_text("Date,Open,High,Low,Close,Adj Close,Volume\nnot-a-date,1,2\n")
    result = run_cli("refresh", "--source", "csv", "--csv-dir", str(tmp_path), "--tickers", "SPY")
    assert_one_line_error(result, "refresh failed")
    assert "SPY" in result.stderr


def test_unreachable_database(tmp_path: Path) -> None:
    env = {"DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:9/none"}
    assert_one_line_error(run_cli("metrics", "SPY", env=env), "database unreachable")


def test_unmigrated_database(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}"}
    assert_one_line_error(run_cli("metrics", "SPY", env=env), "not migrated")


def test_metrics_on_shared_prices_match_spec_reference(database_url: str) -> None:
    prices = shared_prices_or_skip()
    result = run_cli("refresh", "--source", "csv", "--csv-dir", str(prices), "--quiet")
    assert result.returncode == 0, result.stderr
    out = run_cli("metrics", "NVDA", "--json")
    metrics = json.loads(out.stdout)
    reference = spec_reference("NVDA", "SPY", prices)
    assert metrics["as_of"] == reference["as_of"]
    for key in ("returns", "relative"):
        for period, value in reference[key].items():
            assert metrics[key][period] == pytest.approx(value, abs=1e-6), (key, period)
    for key in ("volatility_1y", "beta_1y", "correlation_1y", "max_drawdown_1y"):
        assert metrics[key] == pytest.approx(reference[key], abs=1e-6), key


def spec_reference(symbol: str, benchmark: str, prices: Path) -> dict:
    """The README's metric definitions in plain pandas, independent of app.market.analytics."""
    import pandas as pd

    def load(s: str) -> pd.Series:
        df = pd.read_csv(prices / f"{s}.csv", parse_dates=["Date"], index_col="Date")
        return df["Adj Close"].dropna()

    p, b = load(symbol), load(benchmark)
    as_of = p.index[-1]
    offsets = {
        "1W": pd.DateOffset(days=7),
        "1M": pd.DateOffset(months=1),
        "3M": pd.DateOffset(months=3),
        "6M": pd.DateOffset(months=6),
        "1Y": pd.DateOffset(years=1),
        "3Y": pd.DateOffset(years=3),
        "5Y": pd.DateOffset(years=5),
    }
    bases = {"1D": p.index[-2], "YTD": p[: pd.Timestamp(as_of.year - 1, 12, 31)].index[-1]}
    bases |= {k: p[: as_of - off].index[-1] for k, off in offsets.items()}
    returns = {k: p[as_of] / p[d] - 1 for k, d in bases.items()}
    relative = {k: returns[k] - (b.asof(as_of) / b.asof(d) - 1) for k, d in bases.items()}
    rp, rb = p.pct_change().dropna(), b.pct_change().dropna()
    both = pd.concat([rp, rb], axis=1, join="inner").iloc[-252:]
    window = p[bases["1Y"] :]
    return {
        "as_of": str(as_of.date()),
        "returns": returns,
        "relative": relative,
        "volatility_1y": rp.iloc[-252:].std(ddof=1) * 252**0.5,
        "beta_1y": both.cov().iloc[0, 1] / both.iloc[:, 1].var(ddof=1),
        "correlation_1y": both.corr().iloc[0, 1],
        "max_drawdown_1y": (window / window.cummax() - 1).min(),
    }
