""" "What the numbers say": plain sentences written from a metrics object.

Pure. Every sentence states figures that are in the object; a sentence whose
figures are null is left out rather than guessed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

MINUS = "\u2212"
NBSP = "\u00a0"
# Differences smaller than this (0.05 pp) read as "in line with".
TIE = 0.0005
_HORIZONS = (("1Y", "the past year"), ("3Y", "the past three years"))


def _value(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _pct(value: float, digits: int = 1, sign: bool = True) -> str:
    text = f"{abs(value) * 100:.{digits}f}"
    if float(text) == 0:
        return f"{text}{NBSP}%"
    prefix = MINUS if value < 0 else ("+" if sign else "")
    return f"{prefix}{text}{NBSP}%"


def _pp(value: float) -> str:
    return f"{abs(value) * 100:.1f}{NBSP}pp"


def _relative_sentence(
    symbol: str, benchmark: str, horizon: str, ret: float | None, rel: float | None
) -> str | None:
    if rel is None:
        return None
    if abs(rel) < TIE:
        verb = f"moved in line with {benchmark}"
    elif rel > 0:
        verb = f"led {benchmark} by {_pp(rel)}"
    else:
        verb = f"lagged {benchmark} by {_pp(rel)}"
    detail = ""
    if ret is not None:
        detail = f" ({_pct(ret)} against {_pct(ret - rel)})"
    return f"Over {horizon}, {symbol} {verb}{detail}."


def narrate(metrics: Mapping[str, Any], benchmark: str | None = None) -> list[str]:
    """A few sentences about `metrics`, in a fixed order; empty when nothing is known."""
    symbol = str(metrics.get("symbol") or "The ticker")
    bench = benchmark or str(metrics.get("benchmark") or "the benchmark")
    returns = metrics.get("returns") or {}
    relative = metrics.get("relative") or {}
    is_benchmark = symbol == bench
    sentences: list[str] = []

    for key, horizon in _HORIZONS:
        ret = _value(returns.get(key))
        if is_benchmark:
            if ret is not None:
                sentences.append(f"Over {horizon}, {symbol}, the benchmark, returned {_pct(ret)}.")
            continue
        sentence = _relative_sentence(symbol, bench, horizon, ret, _value(relative.get(key)))
        if sentence:
            sentences.append(sentence)

    vol = _value(metrics.get("volatility_1y"))
    drawdown = _value(metrics.get("max_drawdown_1y"))
    if vol is not None and drawdown is not None:
        sentences.append(
            f"Its annualised volatility over the past year was {_pct(vol, sign=False)}, "
            f"and its worst fall from a high within the year was {_pct(drawdown)}."
        )
    elif vol is not None:
        sentences.append(
            f"Its annualised volatility over the past year was {_pct(vol, sign=False)}."
        )
    elif drawdown is not None:
        sentences.append(f"Its worst fall from a high within the past year was {_pct(drawdown)}.")

    beta = _value(metrics.get("beta_1y"))
    if beta is not None and not is_benchmark:
        corr = _value(metrics.get("correlation_1y"))
        with_corr = f" (correlation {_signed(corr)})" if corr is not None else ""
        sentences.append(
            f"Its one-year beta to {bench} is {_signed(beta)}{with_corr}: on average, a 1{NBSP}% "
            f"move in {bench} came with a {abs(beta):.2f}{NBSP}% move in {symbol}"
            f"{' in the opposite direction' if beta < 0 else ''}."
        )
    return sentences


def _signed(value: float) -> str:
    text = f"{abs(value):.2f}"
    return f"{MINUS}{text}" if value < 0 and float(text) != 0 else text
