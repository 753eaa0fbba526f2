"""Synthetic, deterministic prices for offline demos.

One-factor model on business days: each symbol's daily log return is
``beta * market + idiosyncratic + drift``, with fat-tailed (Student-t) shocks.
Every random draw is keyed by (seed, symbol, calendar year, day of year), so a
date's bar never depends on which other symbols were requested, on the window
asked for, or on the day the data was generated: an incremental refresh
continues exactly the path already stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from .base import (
    BAR_COLUMNS,
    FetchResult,
    Progress,
    bar_index,
    one_line,
    unique_symbols,
    years_before,
)

TRADING_DAYS = 252
ORIGIN = date(1980, 1, 1)  # the path starts here; any window is a slice of it
ANCHOR = pd.Timestamp("2016-01-04")  # price levels are pinned here so recent years look plausible
_T_DOF = 5.0  # fat tails without exploding variance
_DAYS_PER_YEAR = 366  # draws per year, indexed by day of year (weekends simply unused)


@dataclass(frozen=True)
class Profile:
    vol: float  # annualised volatility of daily log returns
    drift: float  # annualised arithmetic drift
    market_corr: float  # correlation of daily returns with the market factor
    price: float  # close on ANCHOR
    volume: float  # typical daily volume (shares)


# Close to each symbol's long-run behaviour (volatility, correlation with SPY).
KNOWN_PROFILES: dict[str, Profile] = {
    "SPY": Profile(0.16, 0.11, 0.98, 200.0, 80e6),
    "QQQ": Profile(0.21, 0.15, 0.92, 105.0, 45e6),
    "VTWO": Profile(0.22, 0.08, 0.86, 55.0, 1.5e6),
    "IWM": Profile(0.22, 0.08, 0.86, 110.0, 30e6),
    "NVDA": Profile(0.50, 0.40, 0.68, 0.8, 400e6),
    "MSFT": Profile(0.26, 0.18, 0.80, 54.0, 25e6),
}


def _symbol_key(symbol: str) -> list[int]:
    """Stable across processes (unlike hash()): four 32-bit words of SHA-256."""
    digest = hashlib.sha256(symbol.upper().encode()).digest()
    return [int.from_bytes(digest[i : i + 4], "big") for i in range(0, 16, 4)]


def profile_for(symbol: str) -> Profile:
    """Known symbols get calibrated values; others a plausible profile derived from the name."""
    known = KNOWN_PROFILES.get(symbol.upper())
    if known is not None:
        return known
    u = np.random.default_rng([*_symbol_key(symbol), 1]).random(5)
    return Profile(
        vol=0.18 + 0.27 * u[0],  # 18%..45%
        drift=0.04 + 0.08 * u[1],  # 4%..12%
        market_corr=0.45 + 0.35 * u[2],  # 0.45..0.80
        price=float(np.round(20.0 * np.exp(2.0 * u[3]), 2)),  # 20..148
        volume=float(np.round(1e6 * np.exp(3.0 * u[4]), -3)),  # 1M..20M
    )


def _student_t(rng: np.random.Generator, size: int) -> np.ndarray:
    """Unit-variance Student-t draws."""
    return rng.standard_t(_T_DOF, size) / np.sqrt(_T_DOF / (_T_DOF - 2.0))


class DemoSource:
    name = "demo"

    def __init__(self, seed: int, today: date | None = None, *, history_years: int) -> None:
        self.seed = int(seed)
        self.today = today or date.today()
        self.history_years = history_years

    def fetch(
        self,
        symbols: Sequence[str],
        start: date | None = None,
        end: date | None = None,
        progress: Progress | None = None,
    ) -> FetchResult:
        result = FetchResult(source=self.name)
        # Never invent the future: the calendar ends on the last weekday <= min(end, today).
        last = last_weekday(min(end, self.today) if end is not None else self.today)
        first = start or years_before(last, self.history_years)
        first = max(first, ORIGIN)
        calendar = bar_index(pd.bdate_range(ORIGIN, last))
        if len(calendar) == 0:
            return result
        market = self._market_shocks(calendar)
        window = (calendar >= pd.Timestamp(first)).nonzero()[0]
        for symbol in unique_symbols(symbols):
            try:
                bars = self._bars(symbol, calendar, market)
            except (ValueError, OverflowError) as exc:  # defensive: keep one bad name local
                result.errors[symbol] = one_line(exc)
                continue
            result.frames[symbol] = bars.iloc[window]
            if progress is not None:
                progress(f"{symbol}: {len(window)} synthetic bars")
        return result

    # -- random streams --------------------------------------------------------

    def _yearly_draws(self, key: list[int], calendar: pd.DatetimeIndex, count: int) -> np.ndarray:
        """`count` unit-variance shock series for every date, drawn per calendar year."""
        years = calendar.year.to_numpy()
        doy = calendar.day_of_year.to_numpy() - 1
        first_year = int(years[0])
        table = np.empty((count, int(years[-1]) - first_year + 1, _DAYS_PER_YEAR))
        for i, year in enumerate(range(first_year, int(years[-1]) + 1)):
            rng = np.random.default_rng([self.seed, *key, year])
            table[:, i, :] = _student_t(rng, count * _DAYS_PER_YEAR).reshape(count, _DAYS_PER_YEAR)
        return table[:, years - first_year, doy]

    def _market_shocks(self, calendar: pd.DatetimeIndex) -> np.ndarray:
        # The market factor depends on the seed alone (key 0 is reserved for it).
        return self._yearly_draws([0], calendar, 1)[0]

    def _bars(self, symbol: str, calendar: pd.DatetimeIndex, market: np.ndarray) -> pd.DataFrame:
        p = profile_for(symbol)
        idio, gap_noise, range_noise, volume_noise = self._yearly_draws(
            [1, *_symbol_key(symbol)], calendar, 4
        )
        daily_vol = p.vol / np.sqrt(TRADING_DAYS)
        rho = p.market_corr
        log_ret = (
            daily_vol * (rho * market + np.sqrt(1.0 - rho**2) * idio)
            + (p.drift - p.vol**2 / 2.0) / TRADING_DAYS
        )
        log_close = np.cumsum(log_ret)
        anchor = min(int(calendar.searchsorted(ANCHOR)), len(calendar) - 1)
        close = p.price * np.exp(log_close - log_close[anchor])
        prev_close = np.concatenate(([close[0] / np.exp(log_ret[0])], close[:-1]))

        # Part of each day's move happens overnight; the rest between open and close.
        gap = 0.3 * log_ret + 0.15 * daily_vol * gap_noise
        open_ = prev_close * np.exp(gap)
        # Intraday range beyond the open/close span, proportional to volatility.
        stretch = np.abs(range_noise) * 0.35 * daily_vol
        high = np.maximum(open_, close) * np.exp(stretch)
        low = np.minimum(open_, close) * np.exp(-stretch * 0.9)
        # Busier on big days; lognormal noise around the symbol's typical volume.
        surprise = np.abs(log_ret) / daily_vol
        volume = np.round(p.volume * np.exp(0.25 * volume_noise) * (0.7 + 0.3 * surprise))

        data = np.column_stack([open_, high, low, close, close, volume])
        return pd.DataFrame(data, index=calendar, columns=list(BAR_COLUMNS))


def last_weekday(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day
