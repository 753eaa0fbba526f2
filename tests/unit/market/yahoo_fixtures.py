"""Canned Yahoo Finance responses served through a real `requests.Session`.

yfinance 1.7.0 accepts a plain `requests.Session`; mounting `CannedYahoo` on it lets
the whole yfinance code path run (cookie, crumb, timezone lookup, chart request,
parsing) without a network.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import requests
from requests.adapters import BaseAdapter

# (date, open, high, low, close, adj_close, volume); None is Yahoo's null.
Bar = tuple[str, float | None, float | None, float | None, float | None, float | None, int | None]

NEW_YORK = "America/New_York"
VALID_RANGES = ["1d", "5d", "1mo", "3mo", "6mo", "1y", "2y", "5y", "10y", "ytd", "max"]


def exchange_open(day: str, tz: str = NEW_YORK) -> int:
    """Yahoo stamps a daily bar with the session's opening time (09:30 New York)."""
    local = datetime.combine(datetime.fromisoformat(day).date(), time(9, 30), ZoneInfo(tz))
    return int(local.timestamp())


def _period(start: int, end: int, tz: str, offset: int) -> dict[str, Any]:
    return {"timezone": tz, "start": start, "end": end, "gmtoffset": offset}


def _meta(symbol: str, last_ts: int | None, *, tz: str, instrument_type: str) -> dict[str, Any]:
    last_ts = last_ts or exchange_open("2026-07-13", tz)
    offset = int(datetime.fromtimestamp(last_ts, ZoneInfo(tz)).utcoffset().total_seconds())
    abbrev = datetime.fromtimestamp(last_ts, ZoneInfo(tz)).tzname() or "EDT"
    open_ts = last_ts
    close_ts = open_ts + int(6.5 * 3600)
    return {
        "currency": "USD",
        "symbol": symbol,
        "exchangeName": "PCX" if instrument_type == "ETF" else "NMS",
        "fullExchangeName": "NYSEArca" if instrument_type == "ETF" else "NasdaqGS",
        "instrumentType": instrument_type,
        "firstTradeDate": 728317800,
        "regularMarketTime": close_ts,
        "hasPrePostMarketData": True,
        "gmtoffset": offset,
        "timezone": abbrev,
        "exchangeTimezoneName": tz,
        "regularMarketPrice": 100.0,
        "fiftyTwoWeekHigh": 110.0,
        "fiftyTwoWeekLow": 80.0,
        "regularMarketDayHigh": 101.0,
        "regularMarketDayLow": 99.0,
        "regularMarketVolume": 1_000_000,
        "longName": f"{symbol} test instrument",
        "shortName": symbol,
        "chartPreviousClose": 99.5,
        "priceHint": 2,
        "currentTradingPeriod": {
            "pre": _period(open_ts - int(5.5 * 3600), open_ts, abbrev, offset),
            "regular": _period(open_ts, close_ts, abbrev, offset),
            "post": _period(close_ts, close_ts + 4 * 3600, abbrev, offset),
        },
        "dataGranularity": "1d",
        "range": "",
        "validRanges": VALID_RANGES,
    }


def chart_payload(
    symbol: str, bars: Sequence[Bar], *, tz: str = NEW_YORK, instrument_type: str = "ETF"
) -> dict[str, Any]:
    """A v8 `/finance/chart/{symbol}` answer for daily bars, shaped like Yahoo's."""
    timestamps = [exchange_open(b[0], tz) for b in bars]
    quote = {
        "open": [b[1] for b in bars],
        "high": [b[2] for b in bars],
        "low": [b[3] for b in bars],
        "close": [b[4] for b in bars],
        "volume": [b[6] for b in bars],
    }
    result = {
        "meta": _meta(
            symbol, timestamps[-1] if timestamps else None, tz=tz, instrument_type=instrument_type
        ),
        "timestamp": timestamps,
        "indicators": {"quote": [quote], "adjclose": [{"adjclose": [b[5] for b in bars]}]},
    }
    return {"chart": {"result": [result], "error": None}}


def empty_chart_payload(symbol: str, *, tz: str = NEW_YORK) -> dict[str, Any]:
    """What Yahoo sends for a range with no sessions: metadata, no timestamps, empty quote."""
    result = {
        "meta": _meta(symbol, None, tz=tz, instrument_type="ETF"),
        "indicators": {"quote": [{}], "adjclose": [{}]},
    }
    return {"chart": {"result": [result], "error": None}}


def not_found_payload() -> dict[str, Any]:
    return {
        "chart": {
            "result": None,
            "error": {"code": "Not Found", "description": "No data found, symbol may be delisted"},
        }
    }


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict[str, Any] | str
    headers: dict[str, str] = field(default_factory=dict)


Scripted = Reply | BaseException


def ok(payload: dict[str, Any]) -> Reply:
    return Reply(200, payload)


NOT_FOUND = Reply(404, not_found_payload())
TOO_MANY_REQUESTS = Reply(429, "Too Many Requests\r\n", {"Content-Type": "text/html"})
CRUMB = "cannedCrumb.1"


@dataclass(frozen=True)
class Call:
    host: str
    path: str
    params: dict[str, list[str]]

    @property
    def chart_symbol(self) -> str | None:
        prefix = "/v8/finance/chart/"
        return self.path[len(prefix) :] if self.path.startswith(prefix) else None


class CannedYahoo(BaseAdapter):
    """Serves Yahoo's hosts from a script: per-symbol chart replies, cookie and crumb.

    A symbol's script is one Reply (served every time) or a list served in order,
    the last one repeating; an exception in the script is raised instead, as a
    network failure would be. Symbols without a script get Yahoo's 404 payload.
    """

    def __init__(self, charts: dict[str, Scripted | Sequence[Scripted]]) -> None:
        super().__init__()
        self._charts = {
            k: [v] if isinstance(v, Reply | BaseException) else list(v) for k, v in charts.items()
        }
        self._served: dict[str, int] = {}
        self.calls: list[Call] = []

    def chart_calls(self, symbol: str) -> list[Call]:
        return [c for c in self.calls if c.chart_symbol == symbol]

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        url = urlsplit(request.url or "")
        call = Call(url.hostname or "", url.path, parse_qs(url.query))
        self.calls.append(call)
        reply = self._route(call)
        if isinstance(reply, BaseException):
            raise reply
        return _response(request, reply)

    def _route(self, call: Call) -> Scripted:
        if call.host == "fc.yahoo.com":
            return Reply(404, "", {"Content-Type": "text/html"})  # Yahoo answers 404 + cookie
        if call.path == "/v1/test/getcrumb":
            return Reply(200, CRUMB, {"Content-Type": "text/plain"})
        if call.host.endswith("consent.yahoo.com") or call.host == "guce.yahoo.com":
            return Reply(200, "<html><body>consent</body></html>", {"Content-Type": "text/html"})
        symbol = call.chart_symbol
        if symbol is None:
            return Reply(404, {"finance": {"result": None, "error": {"code": "Not Found"}}})
        script = self._charts.get(symbol)
        if not script:
            return NOT_FOUND
        served = self._served.get(symbol, 0)
        self._served[symbol] = served + 1
        return script[min(served, len(script) - 1)]

    def close(self) -> None:
        pass


def _response(request: requests.PreparedRequest, reply: Reply) -> requests.Response:
    response = requests.Response()
    response.status_code = reply.status
    response.reason = {200: "OK", 404: "Not Found", 429: "Too Many Requests"}.get(reply.status, "")
    if isinstance(reply.body, str):
        content = reply.body.encode()
        content_type = "text/plain"
    else:
        content = json.dumps(reply.body).encode()
        content_type = "application/json;charset=utf-8"
    response._content = content
    response.headers.update({"Content-Type": content_type, **reply.headers})
    response.encoding = "utf-8"
    response.url = request.url or ""
    response.request = request
    return response


def canned_session(adapter: CannedYahoo) -> requests.Session:
    session = requests.Session()
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session
