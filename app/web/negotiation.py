"""Error or page, JSON or HTML: the one decision every error answer follows.

API paths and clients whose Accept header ranks JSON above HTML get JSON; browsers get
pages. Exception handlers, middlewares answering on their own, the page cache's request
key and template rendering of an error status all ask `wants_json`.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import HTTPConnection
from starlette.types import Scope

# What an error status means, for page titles and for JSON answers without a message.
TITLES = {
    400: "Bad request",
    401: "Sign-in required",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Request too large",
    415: "Unsupported format",
    422: "Please check your input",
    429: "Please wait a moment",
    500: "Something went wrong",
}


def _quality(accept: str, media_type: str) -> float:
    """The q-value the Accept header gives `media_type`, from its most specific range."""
    major = media_type.split("/")[0]
    best: tuple[int, float] = (-1, 0.0)
    for part in accept.split(","):
        kind, *options = (p.strip() for p in part.split(";"))
        kind = kind.lower()
        specificity = {media_type: 2, f"{major}/*": 1, "*/*": 0}.get(kind)
        if specificity is None or specificity < best[0]:
            continue
        weight = 1.0
        for option in options:
            key, _, value = option.partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        best = (specificity, weight)
    return best[1]


def prefers_json(accept: str | None) -> bool:
    """Does this Accept header rank application/json above text/html?"""
    if not accept:
        return False
    accept = accept[:1000]
    return _quality(accept, "application/json") > _quality(accept, "text/html")


def wants_json(request: HTTPConnection | Scope) -> bool:
    """The one decision for every error answer (handlers, middlewares, error pages):
    JSON for API paths and for clients that prefer JSON to HTML; browsers get pages.

    Takes a request or a bare ASGI scope, so middlewares answering on their own and the
    page cache's request key decide exactly like the exception handlers."""
    scope = request.scope if isinstance(request, HTTPConnection) else request
    path: str = scope.get("path", "")
    return path.startswith("/api/") or prefers_json(_accept(scope))


def _accept(scope: Scope) -> str | None:
    for key, value in scope.get("headers") or ():
        if key == b"accept":
            return value.decode("latin-1")
    return None


def error_body(message: str, fields: dict[str, str] | None = None) -> dict[str, Any]:
    """What a JSON client gets for any error: the message, and the fields at fault."""
    body: dict[str, Any] = {"error": message}
    if fields is not None:
        body["fields"] = fields
    return body
