"""Expected refusals (CSRF, rate limit, login, role) as friendly pages or JSON for /api/."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from app.web.csrf import CsrfFailed
from app.web.templating import render


class RateLimited(Exception):
    def __init__(self, retry_after: int = 60, message: str | None = None) -> None:
        super().__init__(message or "Too many requests")
        self.retry_after = retry_after
        self.message = message


class LoginRequired(Exception):
    pass


class Forbidden(Exception):
    pass


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def login_url(request: Request) -> str:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/login?next=" + quote(target, safe="/")


def _page(request: Request, status: int, title: str, message: str) -> Response:
    if wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    return render(
        request,
        "error.html",
        {"title": title, "message": message, "status": status},
        status_code=status,
    )


def install(app: FastAPI) -> None:
    @app.exception_handler(CsrfFailed)
    async def csrf_failed(request: Request, _exc: CsrfFailed) -> Response:
        return _page(
            request,
            403,
            "Form expired",
            "This form has expired or was not sent from this site. Go back, reload the "
            "page and submit it again.",
        )

    @app.exception_handler(RateLimited)
    async def rate_limited(request: Request, exc: RateLimited) -> Response:
        response = _page(
            request,
            429,
            "Please wait a moment",
            exc.message
            or "We received several requests from you in a short time. "
            "Please wait a few minutes and try again.",
        )
        response.headers["Retry-After"] = str(exc.retry_after)
        return response

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
        return _page(request, 403, "Not allowed", "Your account can't open this page.")
