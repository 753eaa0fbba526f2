"""Error answers, one policy: JSON for API clients, a friendly page for browsers.

JSON goes to /api/ paths and to clients whose Accept header prefers
application/json over text/html; everyone else gets templates/error.html (or
404.html). The body is ``{"error": "..."}``, plus ``"fields"`` (name → what is wrong)
for invalid input. Expected refusals (CSRF, rate limit, login, role), HTTP errors,
unknown paths and request validation errors all go through here.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.web.csrf import CsrfFailed
from app.web.negotiation import TITLES, error_body, wants_json
from app.web.templating import render

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
        return JSONResponse(error_body(message, fields), status_code=status, headers=headers)
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
