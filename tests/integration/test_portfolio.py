"""Portfolio analytics (SPEC 9) on the shared real prices, against an independent
computation in plain Python (csv + statistics, no pandas), through CLI and API."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import statistics
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app import config
from app.config import Settings
from app.market.service import run_refresh
from app.web.app import create_app
from tests.conftest import shared_prices_or_skip
from tests.integration.test_cli import assert_one_line_error, run_cli

WEIGHTS = {"NVDA": 0.4, "MSFT": 0.4, "VTWO": -0.2}
WEIGHTS_TEXT = "NVDA=0.4,MSFT=0.4,VTWO=-0.2"


def read_closes(prices: Path, symbol: str) -> dict[dt.date, float]:
    with (prices / f"{symbol}.csv").open(newline="") as f:
        return {dt.date.fromisoformat(r["Date"]): float(r["Adj Close"]) for r in csv.DictReader(f)}


def one_year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def reference(
    prices: Path, weights: dict[str, float], start_on: dt.date | None, end_on: dt.date | None
) -> dict:
    closes = {s: read_closes(prices, s) for s in weights}
    bench = read_closes(prices, "SPY")
    shared = sorted(set.intersection(*(set(c) for c in closes.values())))
    end = max(d for d in shared if end_on is None or d <= end_on)
    target = start_on or one_year_before(end)
    start = max(d for d in shared if d <= target)
    days = [d for d in shared if start <= d <= end]
    values = [
        1 + sum(w * (closes[s][d] / closes[s][start] - 1) for s, w in weights.items()) for d in days
    ]
    rets = [b / a - 1 for a, b in itertools.pairwise(values)]
    bench_closes = [bench[d] for d in days]
    bench_rets = [b / a - 1 for a, b in itertools.pairwise(bench_closes)]
    peak, drawdown = values[0], 0.0
    for v in values:
        peak = max(peak, v)
        drawdown = min(drawdown, v / peak - 1)
    return {
        "weights": weights,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "benchmark": "SPY",
        "return": values[-1] - 1,
        "contributions": {
            s: w * (closes[s][end] / closes[s][start] - 1) for s, w in weights.items()
        },
        "volatility": statistics.stdev(rets) * 252**0.5,
        "beta": statistics.covariance(rets, bench_rets) / statistics.variance(bench_rets),
        "correlation": statistics.correlation(rets, bench_rets),
        "max_drawdown": drawdown,
    }


def assert_matches(got: dict, expected: dict) -> None:
    assert set(got) == set(expected)
    for key in ("weights", "start", "end", "benchmark"):
        assert got[key] == expected[key], key
    for key in ("return", "volatility", "beta", "correlation", "max_drawdown"):
        assert got[key] == pytest.approx(expected[key], abs=1e-9), key
    assert got["contributions"] == pytest.approx(expected["contributions"], abs=1e-9)
    assert sum(got["contributions"].values()) == pytest.approx(got["return"], abs=1e-12)


@pytest.fixture
def loaded(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    prices = shared_prices_or_skip()
    settings = Settings(tickers=["VTWO", "SPY", "QQQ", "NVDA", "MSFT"], benchmark="SPY")
    summary = run_refresh(
        engine, settings, source_name="csv", symbols=settings.tickers, csv_dir=prices,
        today=dt.date(2026, 11, 24),
    )  # fmt: skip
    assert summary.status == "ok", summary.errors
    config.get_settings.cache_clear()
    with TestClient(create_app()) as client:
        yield client


def test_default_window_matches_an_independent_computation(loaded: TestClient) -> None:
    answer = loaded.get("/api/v1/portfolio", params={"weights": WEIGHTS_TEXT})
    assert answer.status_code == 200, answer.text
    got = answer.json()
    expected = reference(shared_prices_or_skip(), WEIGHTS, None, None)
    assert expected["end"] == "2026-07-13"  # VTWO's last bar: the last shared session
    assert_matches(got, expected)


@pytest.mark.parametrize(
    ("start_on", "end_on"),
    [(dt.date(2024, 1, 1), dt.date(2025, 6, 30)), (dt.date(2020, 2, 29), None)],
)
def test_chosen_windows_match(
    loaded: TestClient, start_on: dt.date, end_on: dt.date | None
) -> None:
    params = {"weights": WEIGHTS_TEXT, "from": start_on.isoformat()}
    if end_on is not None:
        params["to"] = end_on.isoformat()
    answer = loaded.get("/api/v1/portfolio", params=params)
    assert answer.status_code == 200, answer.text
    assert_matches(answer.json(), reference(shared_prices_or_skip(), WEIGHTS, start_on, end_on))


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"weights": "NVDA=abc"}, "not a number"),
        ({"weights": "NVDA"}, "SYMBOL=WEIGHT"),
        ({"weights": "AAPL=0.5"}, "unknown symbol AAPL"),
        ({"weights": "NVDA=0.5,nvda=0.1"}, "given twice"),
        ({"weights": "NVDA=1e400"}, "non-zero weight"),
        ({"weights": "NVDA=0.5", "from": "1990-01-01"}, "on or before 1990-01-01"),
        ({"weights": "NVDA=0.5", "to": "9999-12-31"}, "between 1900-01-01 and 2100-12-31"),
        ({"weights": "NVDA=0.5", "from": "2026-08-01", "to": "2026-01-01"}, "after the end"),
        ({}, "weights"),
    ],
)
def test_bad_input_is_a_readable_422(loaded: TestClient, params: dict, words: str) -> None:
    answer = loaded.get("/api/v1/portfolio", params=params)
    assert answer.status_code == 422
    assert words in json.dumps(answer.json())


def test_cli_json_is_the_api_object(database_url: str) -> None:
    prices = shared_prices_or_skip()
    refreshed = run_cli("refresh", "--source", "csv", "--csv-dir", str(prices), "--quiet")
    assert refreshed.returncode == 0, refreshed.stderr
    out = run_cli("portfolio", "--weights", WEIGHTS_TEXT, "--from", "2024-01-01", "--json")
    assert out.returncode == 0, out.stderr
    assert_matches(json.loads(out.stdout), reference(prices, WEIGHTS, dt.date(2024, 1, 1), None))
    text = run_cli("portfolio", "--weights", WEIGHTS_TEXT)
    assert text.returncode == 0 and "contribution" in text.stdout
    assert_one_line_error(run_cli("portfolio", "--weights", "NVDA=x"), "not a number")
    assert run_cli("portfolio", "--weights", "NVDA=x").returncode == 2
