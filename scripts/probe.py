"""Fire hostile inputs at every route of a running Dispersion server; fail on any 5xx.

    python scripts/probe.py http://127.0.0.1:8000 [--username U --password P] [--api-token T]

It starts nothing: point it at a server (a scratch database is best: with an API token
and an analyst or admin sign-in it also posts notes, some of which may be stored).
Every path parameter, query parameter and JSON body field gets each hostile value in
turn: Unicode digits, numbers beyond 64 bits and beyond Python's 4,300-digit limit,
dates at the ends of the calendar, NUL and invalid UTF-8, long and many-word text,
deeply nested JSON. A response passes when it is not a 5xx, arrived whole, and
carries the security headers. The table lists each route's answers by status class;
failures follow, one a line. Exit status: 0 when every response passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote

import httpx

# Values as they go on the wire, already percent-encoded where they must be raw bytes.
RAW = "raw:"
HOSTILE: list[str] = [
    "²",
    "١٢٣",  # Arabic-Indic digits: isdigit() says yes, the database says no
    "𝟗",
    "0",
    "-1",
    "+1",
    "1.5",
    "1e309",
    "NaN",
    "9223372036854775807",
    "9223372036854775808",
    "9999999999999999999",
    "9" * 20,
    "9" * 5000,
    "0001-01-01",
    "9999-12-31",
    "1899-12-31",
    "2100-12-31",
    "2026-02-30",
    "0001-01-01T00:00:00+05:00",
    "9999-12-31T23:00:00-05:00",
    "yesterday",
    " ",
    RAW + "%00",
    RAW + "%FF%FE",
    RAW + "%ED%A0%80",  # an encoded lone surrogate
    RAW + "%",
    "' OR 1=1 --",
    "%_\\",
    "<script>alert(1)</script>",
    "../../../etc/passwd",
    "A" * 5000,
    " ".join(["word"] * 1200),
    "Ünïcödé ✓ 🚀",
    "true",
    "[]",
    "{}",
]

# method, path (with {name} placeholders), query parameters it reads.
ROUTES: list[tuple[str, str, tuple[str, ...]]] = [
    ("GET", "/", ("sort", "dir", "page", "period")),
    ("GET", "/performance.csv", ()),
    ("GET", "/tickers", ("symbol",)),
    ("GET", "/tickers/{symbol}", ("period",)),
    ("GET", "/tickers/{symbol}/chart.json", ("period",)),
    ("GET", "/tickers/{symbol}/chart.csv", ("period",)),
    ("GET", "/tickers/{symbol}/sentiment.csv", ()),
    ("GET", "/search", ("q",)),
    ("GET", "/search/suggest", ("q",)),
    ("GET", "/universe/{symbol}", ()),
    ("GET", "/pairs", ()),
    ("GET", "/pairs/{pair_ref}", ("period",)),
    ("GET", "/pairs/{pair_ref}.csv", ("period",)),
    ("GET", "/portfolio", ("weights", "symbol", "weight", "from", "to")),
    ("GET", "/portfolio.csv", ("weights", "symbol", "weight", "from", "to")),
    ("GET", "/api/v1/pairs", ()),
    ("GET", "/api/v1/pairs/{pair_id}", ("period",)),
    ("GET", "/alerts", ("page",)),
    ("GET", "/alerts.csv", ("rule",)),
    ("GET", "/api/v1/alerts", ("page", "per_page", "rule")),
    ("GET", "/api/v1/alerts/rules", ()),
    ("GET", "/research", ("q", "ticker", "label", "from", "to", "page", "per_page")),
    ("GET", "/research/{ref}", ()),
    ("GET", "/research/new", ()),
    ("GET", "/research/{ref}/edit", ()),
    ("GET", "/research/{ref}/delete", ()),
    ("GET", "/logout", ()),
    ("GET", "/demo", ()),
    ("GET", "/login", ("next",)),
    ("GET", "/healthz", ()),
    ("GET", "/docs", ()),
    ("GET", "/openapi.json", ()),
    ("GET", "/no-such-page/{ref}", ()),
    ("GET", "/api/v1/tickers/{symbol}/metrics", ()),
    ("GET", "/api/v1/research", ("q", "ticker", "label", "from", "to", "page", "per_page")),
    ("GET", "/api/v1/research/{note_id}", ()),
    # Anonymous: refused (401) before any body is read, so the probe changes nothing.
    ("PATCH", "/api/v1/research/{note_id}", ()),
    ("DELETE", "/api/v1/research/{note_id}", ()),
    ("GET", "/api/v1/sentiment", ()),
    ("GET", "/api/v1/{ref}", ()),
]
ADMIN_ROUTES: list[tuple[str, str, tuple[str, ...]]] = [
    ("GET", "/admin/leads", ("status", "free_mail", "since", "until", "q", "page")),
    ("GET", "/admin/leads.csv", ("status", "free_mail", "since", "until", "q")),
    ("GET", "/admin/leads/{lead_id}", ()),
    ("GET", "/admin/users", ()),
    # Signed in: the edit form and the delete confirmation only (GET changes nothing).
    ("GET", "/research/{ref}/edit", ()),
    ("GET", "/research/{ref}/delete", ()),
]
SAMPLES = {
    "symbol": "SPY",
    "ref": "1",
    "note_id": "1",
    "lead_id": "1",
    "pair_ref": "example",
    "pair_id": "1",
}
NOTE = {"title": "Probe note", "body": "Long SPY into earnings.", "author": "probe"}
REQUIRED_HEADERS = ("content-security-policy", "x-content-type-options")


def encode(value: str) -> str:
    """A value for a URL: raw values as given, the rest percent-encoded."""
    return value[len(RAW) :] if value.startswith(RAW) else quote(value, safe="")


def cases(method: str, path: str, names: tuple[str, ...]) -> Iterator[str]:
    """Each path and query parameter with each hostile value, the others at a sample."""
    placeholders = [p.split("}")[0] for p in path.split("{")[1:]]
    base = path.format(**{p: SAMPLES.get(p, "x") for p in placeholders})
    yield base
    for placeholder in placeholders:
        for value in HOSTILE:
            others = {p: SAMPLES.get(p, "x") for p in placeholders if p != placeholder}
            yield path.format(**others, **{placeholder: encode(value)})
    for name in names:
        for value in HOSTILE:
            yield f"{base}?{name}={encode(value)}"


def json_bodies() -> Iterator[tuple[str, bytes]]:
    """Note bodies for POST /api/v1/research: each field hostile in turn, then the
    shapes that break parsers (nesting, huge numbers, bad bytes)."""
    for name in ("title", "body", "author", "published_at", "tickers", "slug"):
        for value in HOSTILE:
            if value.startswith(RAW):
                continue
            yield f"{name}={value[:24]!r}", json.dumps({**NOTE, name: value}).encode()
    yield "deep arrays", b"[" * 100_000 + b"]" * 100_000
    yield "deep objects", b'{"a":' * 50_000 + b"1" + b"}" * 50_000
    yield "title nested", json.dumps({**NOTE, "title": [[[[[[[[[["x"]]]]]]]]]]}).encode()
    yield "5000-digit number", b'{"title": ' + b"9" * 5000 + b"}"
    yield "1e999", b'{"title": "t", "body": "b", "author": "a", "published_at": 1e999}'
    yield "NaN", b'{"title": NaN, "body": "b", "author": "a"}'
    yield "lone surrogate", b'{"title": "\\ud800", "body": "b", "author": "a"}'
    yield "surrogate key", b'{"\\ud800": 1, "title": "t", "body": "b", "author": "a"}'
    yield "NUL title", b'{"title": "a\\u0000b", "body": "b", "author": "a"}'
    yield "many tickers", json.dumps({**NOTE, "tickers": ["SPY"] * 20_000}).encode()
    yield "many unknown tickers", json.dumps({**NOTE, "tickers": ["X" * 30] * 5000}).encode()
    yield "huge body", json.dumps({**NOTE, "body": "word " * 40_000}).encode()
    yield "invalid UTF-8", b'{"title": "\xff\xfe"}'
    yield "array", b"[]"
    yield "string", b'"note"'
    yield "empty", b""


class _HiddenInputs(HTMLParser):
    """The hidden inputs (CSRF token and friends) of the first POST form."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.seen_post = False
        self.in_post = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "form":
            post = (attr.get("method") or "").lower() == "post"
            self.in_post = post and not self.seen_post
            self.seen_post = self.seen_post or post
        elif tag == "input" and self.in_post and attr.get("type") == "hidden" and attr.get("name"):
            self.fields[str(attr["name"])] = attr.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_post = False


def hidden_fields(html: str) -> dict[str, str]:
    parser = _HiddenInputs()
    parser.feed(html)
    return parser.fields


@dataclass
class Report:
    by_route: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    failures: list[str] = field(default_factory=list)

    def record(self, route: str, label: str, status: int | None, problem: str | None) -> None:
        kind = "error" if status is None else f"{status // 100}xx"
        self.by_route[route][kind] += 1
        if problem:
            self.failures.append(f"{route}  {label[:90]}  → {problem}")

    def table(self) -> str:
        columns = ("2xx", "3xx", "4xx", "5xx", "error")
        width = max(len(r) for r in self.by_route) + 2
        lines = [f"{'route':<{width}}" + "".join(f"{c:>7}" for c in columns)]
        for route, counts in self.by_route.items():
            lines.append(f"{route:<{width}}" + "".join(f"{counts[c]:>7}" for c in columns))
        return "\n".join(lines)


class Prober:
    def __init__(self, base: str, timeout: float, retries: int) -> None:
        self.client = httpx.Client(base_url=base, timeout=timeout, follow_redirects=False)
        self.retries = retries
        self.report = Report()

    def send(self, route: str, label: str, method: str, url: str, **kwargs: Any) -> None:
        """One request. A failure before the answer starts (refused, or a kept-alive
        connection the server closed) is retried; an answer cut off mid-body is a
        failure: the server dropped the connection while streaming."""
        problem: str | None = None
        status: int | None = None
        headers: httpx.Headers | None = None
        for attempt in range(self.retries + 1):
            try:
                with self.client.stream(method, url, **kwargs) as response:
                    status, headers, problem = response.status_code, response.headers, None
                    try:
                        response.read()
                    except httpx.HTTPError as exc:
                        problem = f"{status}, body cut off: {type(exc).__name__}"
                break
            except httpx.TransportError as exc:
                problem = f"{type(exc).__name__}: {exc}"
                time.sleep(0.2 * (attempt + 1))
        if status is not None and headers is not None:
            missing = [h for h in REQUIRED_HEADERS if h not in headers]
            if status >= 500:
                problem = str(status) if problem is None else problem
            elif problem is None and missing:
                problem = f"{status} without {', '.join(missing)}"
        self.report.record(route, label, status, problem)

    def sign_in(self, username: str, password: str) -> bool:
        page = self.client.get("/login")
        data = {**hidden_fields(page.text), "username": username, "password": password}
        return self.client.post("/login", data=data).status_code == 303

    def routes(self, routes: list[tuple[str, str, tuple[str, ...]]]) -> None:
        for method, path, names in routes:
            for url in cases(method, path, names):
                self.send(f"{method} {path}", url, method, url)

    def api_writes(self, token: str | None) -> None:
        route = "POST /api/v1/research"
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        for label, body in json_bodies():
            self.send(route, label, "POST", "/api/v1/research", content=body, headers=headers)

    def form_posts(self) -> None:
        """The note form's preview (signed in, with its CSRF token): hostile field values."""
        route = "POST /research/preview"
        tokens = hidden_fields(self.client.get("/research/new").text)
        for name in ("title", "body", "tickers", "published_at"):
            for value in HOSTILE:
                if value.startswith(RAW):
                    continue
                data = {**tokens, "title": "t", "body": "Long SPY.", name: value}
                self.send(route, f"{name}={value[:24]!r}", "POST", "/research/preview", data=data)
        data = {**tokens, "title": "t", "body": "x" * 100_001}
        self.send(route, "body over the limit", "POST", "/research/preview", data=data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url", help="e.g. http://127.0.0.1:8000")
    parser.add_argument("--username", help="an admin account: also probes /admin")
    parser.add_argument("--password")
    parser.add_argument("--api-token", help="DISPERSION_API_TOKEN: bodies reach validation")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--retries", type=int, default=2)
    args = parser.parse_args(argv)

    prober = Prober(args.base_url.rstrip("/"), args.timeout, args.retries)
    prober.routes(ROUTES)
    prober.api_writes(args.api_token)
    if args.username and args.password:
        if not prober.sign_in(args.username, args.password):
            print(f"could not sign in as {args.username}", file=sys.stderr)
            return 2
        prober.routes(ADMIN_ROUTES)
        prober.form_posts()
    report = prober.report
    print(report.table())
    total = sum(sum(c.values()) for c in report.by_route.values())
    if report.failures:
        print(f"\n{len(report.failures)} of {total} requests failed:")
        print("\n".join(report.failures))
        return 1
    print(f"\nall {total} requests answered below 500, whole, with the security headers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
