"""Alert rules over the shared real prices: a relative-move rule fires on exactly the
sessions an independent computation (plain csv + Python) finds, the seed rule's backtest,
evaluation writing each event once with its outbox rows, and rule validation."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from app.alerts import service
from app.alerts.models import AlertEvent
from app.config import Settings
from app.market.service import run_refresh
from app.notify.models import OutboxMessage
from tests.conftest import shared_prices_or_skip

UNIVERSE = ["VTWO", "SPY", "QQQ", "NVDA", "MSFT"]


def _load(engine: Engine) -> Settings:
    settings = Settings(tickers=UNIVERSE, benchmark="SPY", env="test")
    run_refresh(
        engine,
        settings,
        source_name="csv",
        symbols=UNIVERSE,
        csv_dir=shared_prices_or_skip(),
        today=dt.date(2026, 11, 24),
    )
    return settings


def _closes(path: Path) -> dict[str, float]:
    with path.open(newline="") as handle:
        return {
            row["Date"]: float(row["Adj Close"])
            for row in csv.DictReader(handle)
            if row.get("Adj Close")
        }


def _expected_firings(
    long: list[str], short: list[str], window: int, threshold: float
) -> list[tuple[str, float]]:
    """Sessions both baskets have; basket return = mean of member returns over the
    same two dates, window sessions apart; fires when |A - B| >= threshold."""
    prices = shared_prices_or_skip()
    series = {s: _closes(prices / f"{s}.csv") for s in [*long, *short]}
    dates = sorted(set.intersection(*(set(v) for v in series.values())))
    fired = []
    for i in range(window, len(dates)):
        now, base = dates[i], dates[i - window]

        def ret(symbols: list[str], now: str = now, base: str = base) -> float:
            return sum(series[s][now] / series[s][base] - 1 for s in symbols) / len(symbols)

        value = ret(long) - ret(short)
        if abs(value) >= threshold:
            fired.append((now, value))
    return fired


def test_relative_move_fires_on_exactly_the_independently_computed_dates(
    engine: Engine,
) -> None:
    _load(engine)
    rule_id = service.add_rule(
        engine,
        {"kind": "relative_move", "symbol": "SPY", "against": "VTWO", "window": "21",
         "threshold": "5%"},
        created_by="test",
    )  # fmt: skip
    expected = _expected_firings(["SPY"], ["VTWO"], 21, 0.05)
    got = service.backtest(engine, rule_id)
    assert [e["date"] for e in got] == [d for d, _ in expected]
    for event, (_, value) in zip(got, expected, strict=True):
        assert event["value"] == pytest.approx(value, abs=1e-12)
    assert len(expected) > 20  # the test means something on these prices


def test_seed_rule_backtest_and_evaluation(engine: Engine, capsys: pytest.CaptureFixture) -> None:
    settings = _load(engine)  # the refresh evaluates rules too: none exist yet
    rule_id = service.seed(engine)
    assert rule_id is not None and service.seed(engine) == rule_id  # idempotent
    expected = _expected_firings(["SPY", "QQQ"], ["VTWO"], 63, 0.10)
    fired = service.backtest(engine, rule_id)
    assert [(e["date"], pytest.approx(e["value"], abs=1e-12)) for e in fired] == expected
    with capsys.disabled():
        print(
            f"\nseed rule backtest: {len(fired)} sessions, first {fired[0]['date']} "
            f"({fired[0]['value']:+.4f}), last {fired[-1]['date']} ({fired[-1]['value']:+.4f})"
        )
    # On a firing session: one event, and evaluating again writes nothing.
    day = dt.date.fromisoformat(fired[-1]["date"])
    first = service.evaluate(engine, settings, as_of=day)
    assert [(e["rule"], e["date"]) for e in first] == [(rule_id, day.isoformat())]
    assert first[0]["message"].startswith("SPY+QQQ vs VTWO moved ")
    assert service.evaluate(engine, settings, as_of=day) == []
    # A session where the rule does not hold: nothing.
    quiet = next(d for d in ("2024-01-02", "2024-01-03") if d not in {e["date"] for e in fired})
    assert service.evaluate(engine, settings, as_of=dt.date.fromisoformat(quiet)) == []
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(AlertEvent)) == 1


def test_an_event_with_a_webhook_gets_its_outbox_row(engine: Engine) -> None:
    settings = _load(engine)
    rule_id = service.add_rule(
        engine,
        {"kind": "drawdown", "symbol": "NVDA", "threshold": "5%",
         "webhook": "https://hooks.example.com/alerts"},
        created_by="test",
    )  # fmt: skip
    events = service.evaluate(engine, settings)
    assert [e["rule"] for e in events] == [rule_id]
    with engine.connect() as conn:
        rows = conn.execute(select(OutboxMessage.channel, OutboxMessage.target)).all()
    assert rows == [("webhook", "https://hooks.example.com/alerts")]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "price_move", "symbol": "ZZZZ", "threshold": "5%"}, "symbol"),
        ({"kind": "price_move", "symbol": "SPY", "window": "0", "threshold": "5%"}, "window"),
        ({"kind": "price_move", "symbol": "SPY", "window": "1261", "threshold": "5%"}, "window"),
        ({"kind": "price_move", "symbol": "SPY", "window": "²", "threshold": "5%"}, "window"),
        ({"kind": "price_move", "symbol": "SPY", "window": "٣", "threshold": "5%"}, "window"),
        ({"kind": "price_move", "symbol": "SPY", "threshold": "abc"}, "threshold"),
        ({"kind": "price_move", "symbol": "SPY", "threshold": "nan"}, "threshold"),
        ({"kind": "drawdown", "symbol": "SPY", "threshold": "1.5"}, "threshold"),
        ({"kind": "sentiment", "symbol": "SPY", "threshold": "0.3"}, "direction"),
        ({"kind": "price_move", "symbol": "SPY", "threshold": "5%", "webhook": "ftp://x"},
         "webhook"),
        ({"kind": "price_move", "symbol": "SPY", "threshold": "5%",
          "webhook": "https://x.example/" + "a" * 1000}, "webhook"),
        ({"kind": "relative_move", "symbol": "SPY", "against": "", "threshold": "5%"}, "against"),
        ({"kind": "pair", "pair": "12345", "threshold": "5%"}, "pair"),
        ({"kind": "bogus", "threshold": "5%"}, "kind"),
    ],
)  # fmt: skip
def test_bad_rules_are_refused_with_a_field_map(data: dict, field: str) -> None:
    with pytest.raises(service.RuleValidationError) as caught:
        service.validate_rule(data, ["SPY", "QQQ", "VTWO"])
    assert field in caught.value.fields


def test_rule_sentences() -> None:
    from app.alerts import rules

    rule = rules.Rule(
        id=1, kind="relative_move", threshold=0.10, symbols=("SPY", "QQQ"), against=("VTWO",),
        window=63,
    )  # fmt: skip
    assert rules.describe(rule) == "SPY+QQQ vs VTWO: relative move over 63 sessions beyond ±10.0 %"
    assert rules.message(rule, 0.124) == (
        "SPY+QQQ vs VTWO moved +12.4 % in 63 sessions, above +10.0 %"
    )
    assert rules.message(rule, -0.11).endswith("below −10.0 %")
    assert rules.firing(rule, 0.0999) is None
    assert rules.firing(rule, -0.10) is not None
