from typing import Any

from app.research.narrative import narrate

NB = "\u00a0"
M = "\u2212"


def metrics(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "symbol": "NVDA",
        "as_of": "2026-07-13",
        "benchmark": "SPY",
        "returns": {"1Y": 0.66, "3Y": 2.10},
        "relative": {"1Y": 0.421, "3Y": -0.053},
        "volatility_1y": 0.482,
        "beta_1y": 1.85,
        "correlation_1y": 0.71,
        "max_drawdown_1y": -0.275,
    }
    base.update(overrides)
    return base


def test_full_metrics_give_every_sentence_with_its_figures() -> None:
    text = narrate(metrics())
    assert text == [
        f"Over the past year, NVDA led SPY by 42.1{NB}pp (+66.0{NB}% against +23.9{NB}%).",
        f"Over the past three years, NVDA lagged SPY by 5.3{NB}pp "
        f"(+210.0{NB}% against +215.3{NB}%).",
        f"Its annualised volatility over the past year was 48.2{NB}%, and its worst fall "
        f"from a high within the year was {M}27.5{NB}%.",
        f"Its one-year beta to SPY is 1.85 (correlation 0.71): on average, a 1{NB}% move in "
        f"SPY came with a 1.85{NB}% move in NVDA.",
    ]


def test_null_metrics_omit_their_sentences() -> None:
    text = narrate(
        metrics(
            returns={"1Y": None, "3Y": None},
            relative={"1Y": None, "3Y": None},
            beta_1y=None,
            correlation_1y=None,
            max_drawdown_1y=None,
        )
    )
    assert text == [f"Its annualised volatility over the past year was 48.2{NB}%."]


def test_nothing_known_says_nothing() -> None:
    assert narrate({"symbol": "NEW", "benchmark": "SPY", "returns": {}, "relative": {}}) == []


def test_relative_without_return_keeps_the_gap_only() -> None:
    text = narrate(metrics(returns={}, relative={"1Y": -0.1}, volatility_1y=None))
    assert text[0] == f"Over the past year, NVDA lagged SPY by 10.0{NB}pp."
    assert f"worst fall from a high within the past year was {M}27.5{NB}%." in text[1]


def test_a_tie_reads_in_line() -> None:
    text = narrate(metrics(relative={"1Y": 0.0001}))
    assert text[0].startswith("Over the past year, NVDA moved in line with SPY")


def test_the_benchmark_itself_is_not_compared_with_itself() -> None:
    text = narrate(
        metrics(
            symbol="SPY",
            returns={"1Y": 0.2, "3Y": 0.5},
            relative={"1Y": 0.0, "3Y": 0.0},
            beta_1y=1.0,
            correlation_1y=1.0,
        )
    )
    assert text[0] == f"Over the past year, SPY, the benchmark, returned +20.0{NB}%."
    assert not any("beta" in s or "led" in s or "lagged" in s for s in text)


def test_negative_beta_says_opposite_direction() -> None:
    text = narrate(metrics(beta_1y=-0.4, correlation_1y=-0.2))
    assert text[-1].endswith("in the opposite direction.")
    assert f"is {M}0.40 (correlation {M}0.20)" in text[-1]


def test_benchmark_name_can_be_given() -> None:
    assert "led IWM by" in narrate(metrics(benchmark=None), benchmark="IWM")[0]
