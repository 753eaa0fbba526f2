"""Error answers, one policy: JSON for API clients, a friendly page for browsers.

JSON goes to /api/ paths and to clients whose Accept header prefers
application/json over text/html; everyone else gets templates/error.html (or
404.html). The body is ``{"error": "..."}``, plus ``"fields"`` (name → what is wrong)
for invalid input. Expected refusals (CSRF, rate limit, login, role), HTTP errors,
unknown paths and request validation errors all go through here.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import HTTPConnection
from starlette.types import Scope

from app.web.csrf import CsrfFailed
from app.web.templating import render

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
SERVER_ERROR = (
    "Something went wrong on our side and the error has been logged. Please try again in a moment."
)


class RateLimited(Exception):
    def __init__(self, retry_after: int = 60, message: str | None = None) -> None:
        super().__init__(message or "Too many requests")
        self.retry_after = retry_after
        self.message = message


class LoginRequired(Exception):
    pass


class Forbidden(Exception):
    pass


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


def login_url(request: Request) -> str:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/login?next=" + quote(target, safe="/")


def error_response(
    request: Request,
    status: int,
    message: str,
    *,
    title: str | None = None,
    fields: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """The error as JSON or as a page, following `wants_json`."""
    if wants_json(request):
        body: dict[str, Any] = {"error": message}
        if fields is not None:
            body["fields"] = fields
        return JSONResponse(body, status_code=status, headers=headers)
    context = {
        "title": title or TITLES.get(status, "Request refused"),
        "message": message,
        "status": status,
        "fields": fields or {},
    }
    if status == 404:
        template, context = "404.html", {"what": message}
    else:
        template = "error.html"
    response = render(request, template, context, status_code=status)
    response.headers.update(headers or {})
    return response


def plain_error_response(request: Request, status: int, message: str) -> Response:
    """The error without templates, by the same policy: for answers that must not render
    the site's pages (an untrusted Host header would end up in their links) or can't
    (the error may be in rendering itself)."""
    if wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    title = escape(TITLES.get(status, "Request refused"))
    return HTMLResponse(
        f"<!doctype html><html lang=en><meta charset=utf-8><title>{title}</title>"
        f"<h1>{title}</h1><p>{escape(message)}</p>"
        '<p><a href="/">Back to the dashboard</a></p></html>',
        status_code=status,
    )


def server_error_response(request: Request) -> Response:
    """The 500 answer. Rendering the page needs templates (and the footer reads the
    database, which may be what failed), so a plain page stands in if that fails."""
    try:
        response = error_response(request, 500, SERVER_ERROR)
    except Exception:
        response = plain_error_response(request, 500, SERVER_ERROR)
    response.headers["Cache-Control"] = "no-store"
    return response


def _validation_fields(exc: RequestValidationError) -> dict[str, str]:
    """{'page': 'Input should be a valid integer'}: where and what, never the input."""
    fields: dict[str, str] = {}
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body")]
        fields.setdefault(".".join(loc) or "request", str(err.get("msg", "is invalid")))
    return fields


def _http_message(exc: StarletteHTTPException) -> str:
    if exc.status_code == 404 and exc.detail == "Not Found":
        return "There is no page at this address."
    return exc.detail if isinstance(exc.detail, str) else str(exc.detail)


def install(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error_response(
            request, exc.status_code, _http_message(exc), headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        fields = _validation_fields(exc)
        message = "invalid input: " + "; ".join(f"{k}: {v}" for k, v in fields.items())
        return error_response(request, 422, message, fields=fields)

    @app.exception_handler(CsrfFailed)
    async def csrf_failed(request: Request, _exc: CsrfFailed) -> Response:
        return error_response(
            request,
            403,
            "This form has expired or was not sent from this site. Go back, reload the "
            "page and submit it again.",
            title="Form expired",
        )

    @app.exception_handler(RateLimited)
    async def rate_limited(request: Request, exc: RateLimited) -> Response:
        return error_response(
            request,
            429,
            exc.message
            or "We received several requests from you in a short time. "
            "Please wait a few minutes and try again.",
            headers={"Retry-After": str(exc.retry_after)},
        )

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _exc: LoginRequired) -> Response:
        if wants_json(request):
            return JSONResponse(
                {"error": "authentication required"},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        return RedirectResponse(login_url(request), status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, _exc: Forbidden) -> Response:
        return error_response(request, 403, "Your account can't open this page.")
