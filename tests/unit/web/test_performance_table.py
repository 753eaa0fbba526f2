"""The dashboard's relative-performance table (a pure view model)."""

from __future__ import annotations

from typing import Any

from app.config import Settings
from app.web.viewmodels import performance_csv, performance_table


def _metrics(as_of: str, relative: float) -> dict[str, Any]:
    return {"as_of": as_of, "returns": {"1Y": relative + 0.1}, "relative": {"1Y": relative}}


def test_a_ticker_whose_prices_end_earlier_is_marked_with_its_own_date() -> None:
    settings = Settings(tickers=("VTWO", "SPY", "NVDA"), benchmark="SPY")
    table = performance_table(
        settings,
        {
            "VTWO": _metrics("2026-07-13", 0.02),
            "SPY": _metrics("2026-08-21", 0.0),
            "NVDA": _metrics("2026-08-21", 0.05),
        },
    )
    assert table["as_of"] == "2026-08-21"
    rows = {r["symbol"]: r for r in table["rows"]}
    assert rows["VTWO"]["behind"] and rows["VTWO"]["as_of"] == "2026-07-13"
    assert not rows["NVDA"]["behind"] and not rows["SPY"]["behind"]
    assert [r["symbol"] for r in table["rows"]] == ["VTWO", "NVDA", "SPY"]  # benchmark last


def test_rows_on_the_same_date_carry_no_marker() -> None:
    settings = Settings(tickers=("SPY", "QQQ"), benchmark="SPY")
    table = performance_table(
        settings, {"SPY": _metrics("2026-08-21", 0.0), "QQQ": _metrics("2026-08-21", 0.01)}
    )
    assert not any(r["behind"] for r in table["rows"])


def test_the_csv_twin_gives_each_row_its_own_date() -> None:
    settings = Settings(tickers=("VTWO", "SPY"), benchmark="SPY")
    table = performance_table(
        settings, {"VTWO": _metrics("2026-07-13", 0.02), "SPY": _metrics("2026-08-21", 0.0)}
    )
    header, *rows = performance_csv(table).splitlines()
    assert header == "symbol,period,benchmark,as_of,return,relative"
    one_year = [r for r in rows if ",1Y," in r]
    assert one_year == [
        "VTWO,1Y,SPY,2026-07-13,0.120000,0.020000",
        "SPY,1Y,SPY,2026-08-21,0.100000,",
    ]
