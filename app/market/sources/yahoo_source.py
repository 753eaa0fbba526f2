"""Prices from Yahoo Finance through yfinance, with errors surfaced rather than logged.

Why `Ticker.history` per symbol and not `yf.download`: in yfinance 1.7.0 `download`
only logs per-symbol failures, reindexes every symbol onto the union of all dates
(inventing NaN rows) and drops NaN rows unless `keepna`. Looping over `Ticker.history`
(which is what `download` does internally) gives an exception per symbol instead.
All symbols of one fetch share yfinance's process-wide session, cookie and crumb.
"""

from __future__ import annotations

import re
import socket
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import requests
import yfinance as yf
from yfinance.data import YfData
from yfinance.exceptions import YFRateLimitError

from app.market.names import name_from_metadata

from .base import (
    BAR_COLUMNS,
    FetchResult,
    Progress,
    SourceError,
    bar_index,
    one_line,
    unique_symbols,
    years_before,
)

try:  # yfinance's preferred HTTP backend; it falls back to requests without it
    from curl_cffi.requests import exceptions as _curl
except ImportError:  # pragma: no cover
    _curl = None

# Failures to reach Yahoo at all, as opposed to Yahoo answering with an error.
TRANSPORT_ERRORS: tuple[type[BaseException], ...] = (
    requests.ConnectionError,
    requests.Timeout,
    ConnectionError,
    TimeoutError,
    socket.gaierror,
) + ((_curl.ConnectionError, _curl.Timeout) if _curl is not None else ())
_QUERY = re.compile(r"(https?://[^\s?]+)\?[^\s)]*")
_CURL_NOISE = re.compile(
    r"Failed to perform, |\s*See https://curl\.se/\S+ first for more details\."
)

YF_COLUMNS = {
    "Open": "open",
    "High": "high",
    "Low": "low",
    "Close": "close",
    "Adj Close": "adj_close",
    "Volume": "volume",
}
DEFAULT_CACHE_DIR = Path(tempfile.gettempdir()) / "dispersion-yfinance"


class EmptyHistory(Exception):
    """yfinance returned a frame without rows."""


class RateLimited(Exception):
    """Yahoo kept answering HTTP 429 after every retry."""


class YahooSource:
    name = "yahoo"

    def __init__(
        self,
        *,
        session: Any = None,
        history_years: int,
        cache_dir: Path | None = None,
        today: date | None = None,
        sleep: Callable[[float], None] = time.sleep,
        max_attempts: int = 4,
        backoff_seconds: float = 2.0,
        max_transport_failures: int = 3,
        timeout: float = 20.0,
    ) -> None:
        # session=None keeps yfinance's own (curl_cffi) session; tests pass a canned one.
        self.session = session
        self.history_years = history_years
        self.cache_dir = Path(cache_dir) if cache_dir is not None else DEFAULT_CACHE_DIR
        self.today = today
        self.sleep = sleep
        self.max_attempts = max(1, max_attempts)
        self.backoff_seconds = backoff_seconds
        self.max_transport_failures = max(1, max_transport_failures)
        self.timeout = timeout

    def fetch(
        self,
        symbols: Sequence[str],
        start: date | None = None,
        end: date | None = None,
        progress: Progress | None = None,
    ) -> FetchResult:
        self._configure_yfinance()
        today = self.today or date.today()
        first = start or years_before(end or today, self.history_years)
        # yfinance's `end` is exclusive; ours is inclusive.
        stop = end + timedelta(days=1) if end is not None else None

        result = FetchResult(source=self.name)
        pending = unique_symbols(symbols)
        transport_failures = 0
        unreachable: list[str] = []  # symbols that failed before Yahoo answered
        abort_reason: str | None = None
        for index, symbol in enumerate(pending):
            try:
                raw, name = self._history(symbol, first, stop)
                if name:
                    result.names[symbol] = name
                if raw is None or raw.empty:
                    # yfinance can return an empty frame without raising: still a failure.
                    raise EmptyHistory("Yahoo Finance returned no bars")
                result.frames[symbol] = to_bars(raw)
            except RateLimited as exc:
                result.errors[symbol] = str(exc)
                abort_reason = str(exc)
            except TRANSPORT_ERRORS as exc:
                result.errors[symbol] = _message(f"network error: {exc}", symbol)
                unreachable.append(symbol)
                transport_failures += 1
                if transport_failures >= self.max_transport_failures:
                    abort_reason = result.errors[symbol]
            except Exception as exc:
                # yfinance's own errors (no data, no timezone, delisted), HTTP errors.
                result.errors[symbol] = _message(_describe(exc), symbol)
                transport_failures = 0
            else:
                transport_failures = 0
            _report(progress, symbol, result)
            if abort_reason is not None:
                # Hammering a rate-limited or unreachable endpoint only makes things worse.
                for skipped in pending[index + 1 :]:
                    result.errors[skipped] = one_line(f"not attempted: {abort_reason}")
                    _report(progress, skipped, result)
                break

        if not result.frames and result.errors:
            if abort_reason is None and len(unreachable) == len(result.errors):
                abort_reason = result.errors[unreachable[0]]
            raise SourceError(_summary(result.errors, abort_reason))
        return result

    def _configure_yfinance(self) -> None:
        # Raise instead of log-and-return-empty: a silent empty frame looks like "no news".
        yf.config.debug.hide_exceptions = False
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        yf.set_tz_cache_location(str(self.cache_dir))
        # yfinance memoises responses for past date ranges for the life of the process;
        # a refresh must see what Yahoo serves now.
        YfData.cache_get.cache_clear()

    def _history(
        self, symbol: str, start: date, stop: date | None
    ) -> tuple[pd.DataFrame, str | None]:
        """One symbol's bars and name, retrying HTTP 429 with exponential backoff.

        The name comes from the chart answer's metadata (longName/shortName): the same
        request as the bars, so naming costs no extra call to Yahoo.
        """
        for attempt in range(1, self.max_attempts + 1):
            try:
                ticker = yf.Ticker(symbol, session=self.session)
                frame = ticker.history(
                    start=start.isoformat(),
                    end=stop.isoformat() if stop is not None else None,
                    interval="1d",
                    auto_adjust=False,
                    back_adjust=False,
                    actions=False,
                    repair=False,
                    keepna=True,
                    rounding=False,
                    timeout=self.timeout,
                )
                return frame, _name(ticker)
            except YFRateLimitError:
                if attempt == self.max_attempts:
                    break
                self.sleep(self.backoff_seconds * 2 ** (attempt - 1))
        raise RateLimited(
            f"rate limited by Yahoo Finance (HTTP 429) after {self.max_attempts} attempts"
        )


def _name(ticker: Any) -> str | None:
    """The chart metadata's name; a metadata oddity never costs the symbol its bars."""
    try:
        return name_from_metadata(ticker.history_metadata)
    except Exception:
        return None


def to_bars(raw: pd.DataFrame) -> pd.DataFrame:
    """yfinance frame -> bar frame. Rows are kept exactly as yfinance returned them."""
    missing = [c for c in YF_COLUMNS if c not in raw.columns]
    if missing:
        raise ValueError(f"yfinance frame lacks column(s): {', '.join(missing)}")
    frame = raw.loc[:, list(YF_COLUMNS)].rename(columns=YF_COLUMNS).astype("float64")
    # bar_index drops the zone keeping the exchange's wall clock: that date is the session.
    frame.index = bar_index(raw.index)
    frame.columns = list(BAR_COLUMNS)
    return frame


def _describe(exc: Exception) -> str:
    status = getattr(getattr(exc, "response", None), "status_code", None)
    if status == 404:
        # yfinance's timezone fallback asks quoteSummary, so the URL alone would mislead.
        return f"symbol not found on Yahoo Finance ({exc})"
    return str(exc)


def _message(text: str, symbol: str) -> str:
    """One line, without yfinance's `$SYMBOL: ` prefix, curl boilerplate or URL query
    strings (they carry the session crumb)."""
    text = _CURL_NOISE.sub("", text.replace(f"${symbol.upper()}: ", ""))
    return one_line(_QUERY.sub(r"\1", text))


def _report(progress: Progress | None, symbol: str, result: FetchResult) -> None:
    if progress is None:
        return
    if symbol in result.frames:
        progress(f"{symbol}: {len(result.frames[symbol])} bars")
    else:
        progress(f"{symbol}: {result.errors[symbol]}")


def _summary(errors: dict[str, str], abort_reason: str | None) -> str:
    symbol, error = next(iter(errors.items()))
    more = f" (and {len(errors) - 1} more symbols)" if len(errors) > 1 else ""
    if abort_reason is not None:
        return one_line(f"Yahoo Finance unreachable: {abort_reason}{more}")
    return one_line(f"Yahoo Finance returned no usable prices: {symbol}: {error}{more}")
