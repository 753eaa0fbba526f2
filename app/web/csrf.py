"""CSRF protection for HTML forms (fastapi-csrf-protect, double-submit cookie).

The cookie carries the signed token, the form carries the raw one. A page reuses the
token already in the visitor's cookie, so several open tabs keep valid forms.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from fastapi_csrf_protect import CsrfProtect
from fastapi_csrf_protect.exceptions import CsrfProtectError
from itsdangerous import BadData, URLSafeTimedSerializer

from app.web.deps import csrf_guard
from app.web.templating import render

COOKIE = "dispersion_csrf"
FIELD = "csrf_token"
MAX_AGE_SECONDS = 4 * 3600
_SALT = "fastapi-csrf-token"  # the library's salt: our cookies must verify with it


class CsrfFailed(Exception):
    """The form's token is missing, expired or doesn't match the cookie."""


class CsrfGuard:
    def __init__(self, secret_key: str, secure_cookie: bool) -> None:
        # The library keeps its configuration on the class; a subclass per app keeps
        # two apps (tests, or a mounted sub-app) from sharing one secret.
        protect_cls = type("AppCsrfProtect", (CsrfProtect,), {})
        protect_cls.load_config(
            lambda: [
                ("secret_key", secret_key),
                ("cookie_key", COOKIE),
                ("cookie_samesite", "lax"),
                ("cookie_secure", secure_cookie),
                ("httponly", True),
                ("max_age", MAX_AGE_SECONDS),
                ("token_location", "body"),
                ("token_key", FIELD),
            ]
        )
        self._protect: CsrfProtect = protect_cls()
        self._serializer = URLSafeTimedSerializer(secret_key, salt=_SALT)

    def issue(self, request: Request) -> tuple[str, str]:
        """(token for the form, signed value for the cookie)."""
        signed = request.cookies.get(COOKIE)
        if signed:
            try:
                token = self._serializer.loads(signed, max_age=MAX_AGE_SECONDS)
                if isinstance(token, str) and token:
                    return token, self._serializer.dumps(token)  # re-signed: fresh expiry
            except BadData:
                pass
        return self._protect.generate_csrf_tokens()

    def current(self, request: Request) -> str | None:
        """The form token of a valid cookie already set, else None (sets nothing)."""
        signed = request.cookies.get(COOKIE)
        if not signed:
            return None
        try:
            token = self._serializer.loads(signed, max_age=MAX_AGE_SECONDS)
        except BadData:
            return None
        return token if isinstance(token, str) and token else None

    def set_cookie(self, signed: str, response: Response) -> None:
        self._protect.set_csrf_cookie(signed, response)

    async def verify(self, request: Request) -> None:
        await request.form()  # parsed once and cached: the library reads request._form
        try:
            await self._protect.validate_csrf(request)
        except CsrfProtectError as exc:
            raise CsrfFailed(str(exc)) from exc


def guard(request: Request) -> CsrfGuard:
    found = csrf_guard(request)
    if found is None:
        raise RuntimeError("no CSRF guard: app.web.security.install was not called")
    return found


async def require_csrf(request: Request) -> None:
    """Dependency for every state-changing form route."""
    await guard(request).verify(request)


def render_form(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    block: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """`render` for pages with forms: adds `csrf_token` and refreshes the cookie."""
    csrf = guard(request)
    token, signed = csrf.issue(request)
    response = render(
        request,
        template,
        {**(context or {}), "csrf_token": token},
        block=block,
        status_code=status_code,
    )
    csrf.set_cookie(signed, response)
    return response
