"""Portfolio analytics (SPEC 9), pure: signed weights bought and held over a window.

The capital not in a position is cash earning nothing, so the value of the portfolio on
a shared session ``t`` is ``V_t = 1 + sum_i w_i (P_i,t / P_i,start - 1)``. Everything is
computed on the sessions every member has, from adjusted closes.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from app.market.analytics import TRADING_DAYS, target_date

MAX_POSITIONS = 50
MAX_ABS_WEIGHT = 10.0  # 1,000 % of capital in one position: beyond that it's a typo
_SYMBOL_RE = re.compile(r"^[A-Z0-9][A-Z0-9.\-^=]{0,15}$")


class PortfolioError(ValueError):
    """Weights that don't parse, an unknown symbol, or a window without shared sessions."""


def parse_weights(text: str) -> dict[str, float]:
    """``"NVDA=0.4,MSFT=0.4,VTWO=-0.2"`` → ``{"NVDA": 0.4, "MSFT": 0.4, "VTWO": -0.2}``.

    A percentage is accepted too (``NVDA=40%``). Symbols are upper-cased; a symbol given
    twice, a zero, a non-finite or an implausibly large weight is an error.
    """
    if len(text) > 2_000:
        raise PortfolioError("weights: keep the list under 2,000 characters")
    weights: dict[str, float] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        symbol, sep, raw = part.partition("=")
        symbol = symbol.strip().lstrip("$").upper()
        if not sep or not _SYMBOL_RE.match(symbol):
            raise PortfolioError(f"weights: {part!r} is not SYMBOL=WEIGHT, e.g. NVDA=0.4")
        weights[symbol] = _weight(symbol, raw.strip(), weights)
    if not weights:
        raise PortfolioError("weights: give at least one position, e.g. NVDA=0.4,VTWO=-0.2")
    if len(weights) > MAX_POSITIONS:
        raise PortfolioError(f"weights: at most {MAX_POSITIONS} positions")
    return weights


def _weight(symbol: str, raw: str, seen: Mapping[str, float]) -> float:
    if symbol in seen:
        raise PortfolioError(f"weights: {symbol} is given twice")
    percent = raw.endswith("%")
    try:
        value = float(raw.removesuffix("%")) / (100.0 if percent else 1.0)
    except ValueError:
        raise PortfolioError(f"weights: {raw!r} for {symbol} is not a number") from None
    if not math.isfinite(value) or value == 0 or abs(value) > MAX_ABS_WEIGHT:
        raise PortfolioError(
            f"weights: {symbol} needs a non-zero weight between "
            f"-{MAX_ABS_WEIGHT:g} and {MAX_ABS_WEIGHT:g} (1 = 100 % of capital)"
        )
    return value


@dataclass(frozen=True)
class PortfolioReport:
    weights: dict[str, float]
    start: dt.date
    end: dt.date
    benchmark: str
    total_return: float
    contributions: dict[str, float]
    volatility: float | None
    beta: float | None
    correlation: float | None
    max_drawdown: float
    values: pd.Series  # V_t on the shared sessions, 1.0 at start
    benchmark_values: pd.Series  # the benchmark rebased to 1.0 at start, same sessions

    def to_dict(self) -> dict[str, Any]:
        return {
            "weights": self.weights,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "benchmark": self.benchmark,
            "return": self.total_return,
            "contributions": self.contributions,
            "volatility": self.volatility,
            "beta": self.beta,
            "correlation": self.correlation,
            "max_drawdown": self.max_drawdown,
        }


def _shared_sessions(closes: Mapping[str, pd.Series]) -> pd.DatetimeIndex:
    frame = pd.concat(closes, axis=1, join="inner")
    return pd.DatetimeIndex(frame.index).sort_values()


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def analyse(
    closes: Mapping[str, pd.Series],
    weights: Mapping[str, float],
    benchmark: str,
    benchmark_closes: pd.Series,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> PortfolioReport:
    """The SPEC 9 figures of ``weights`` over the window, from adjusted closes."""
    missing = [s for s in weights if s not in closes or closes[s].empty]
    if missing:
        raise PortfolioError(f"no prices for {', '.join(missing)}")
    sessions = _shared_sessions({s: closes[s] for s in weights})
    if date_to is not None:
        sessions = sessions[sessions <= pd.Timestamp(date_to)]
    if sessions.empty:
        raise PortfolioError("no session that every position has on or before the end date")
    end = sessions[-1].date()
    start_target = date_from if date_from is not None else target_date("1Y", end)
    if start_target > end:
        raise PortfolioError("the start date is after the end date")
    before = sessions[sessions <= pd.Timestamp(start_target)]
    if before.empty:
        raise PortfolioError(
            f"no session that every position has on or before {start_target.isoformat()}"
        )
    window = sessions[(sessions >= before[-1]) & (sessions <= pd.Timestamp(end))]

    growth = {s: closes[s].reindex(window) / closes[s].loc[window[0]] - 1.0 for s in weights}
    values = 1.0 + sum(weights[s] * growth[s] for s in weights)
    contributions = {s: float(weights[s] * growth[s].iloc[-1]) for s in weights}
    daily = values.to_numpy()[1:] / values.to_numpy()[:-1] - 1.0

    bench = _benchmark_on(benchmark_closes, window)
    volatility = beta = correlation = None
    if len(daily) >= 2:
        volatility = _finite(float(np.std(daily, ddof=1)) * math.sqrt(TRADING_DAYS))
    bench_values = pd.Series(np.nan, index=window, dtype="float64")
    if bench is not None:
        bench_values = bench / bench.iloc[0]
        bench_daily = bench.to_numpy()[1:] / bench.to_numpy()[:-1] - 1.0
        beta, correlation = _beta_correlation(daily, bench_daily)
    peak = np.maximum.accumulate(values.to_numpy())
    return PortfolioReport(
        weights=dict(weights),
        start=window[0].date(),
        end=end,
        benchmark=benchmark,
        total_return=float(values.iloc[-1] - 1.0),
        contributions=contributions,
        volatility=volatility,
        beta=beta,
        correlation=correlation,
        max_drawdown=float(np.min(values.to_numpy() / peak - 1.0)),
        values=values,
        benchmark_values=bench_values,
    )


def _benchmark_on(closes: pd.Series, sessions: pd.DatetimeIndex) -> pd.Series | None:
    """The benchmark's last close on or before each session, or None when it starts later."""
    if closes.empty or closes.index[0] > sessions[0]:
        return None
    return closes.reindex(closes.index.union(sessions)).ffill().reindex(sessions)


def _beta_correlation(
    returns: np.ndarray, bench_returns: np.ndarray
) -> tuple[float | None, float | None]:
    if len(returns) < 2:
        return None, None
    cov = np.cov(returns, bench_returns, ddof=1)
    beta = cov[0, 1] / cov[1, 1] if cov[1, 1] > 0 else None
    denom = math.sqrt(cov[0, 0] * cov[1, 1])
    correlation = cov[0, 1] / denom if denom > 0 else None
    return (
        None if beta is None else _finite(float(beta)),
        None if correlation is None else _finite(float(correlation)),
    )
