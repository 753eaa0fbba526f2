"""Rendering pages: templates into cacheable pages, and the helpers base.html calls.

`html_page` renders a template (or one block of it for htmx) into a `CachedPage`; an
error page goes to API clients as JSON instead, by the one error policy
(app.web.errors.wants_json). `site`, `viewer` and `signout_token` are template globals
for the footer and navigation, installed by `install_globals`.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from jinja2 import Environment

from app.web.deps import app_settings, csrf_guard, installed_page_cache
from app.web.negotiation import error_body, wants_json
from app.web.page_cache import CachedPage
from app.web.page_serving import is_fragment, signed_in
from app.web.templating import render

HTML = "text/html; charset=utf-8"


def wants_fragment(request: Request) -> bool:
    """htmx asks for one block of the page, not the whole page."""
    return is_fragment(request.scope)


def html_page(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    block: str | None = None,
    status_code: int = 200,
    error: str | None = None,
    fields: dict[str, str] | None = None,
) -> CachedPage:
    """Render `template` (or only `block` for htmx) into a cacheable page.

    An error answer (`error` given) goes to clients that prefer JSON as
    ``{"error", "fields"}`` instead, like every other error (app.web.errors).
    """
    if error is not None and wants_json(request):
        body = json.dumps(error_body(error, fields)).encode()
        return CachedPage(body, "application/json", status_code)
    response = render(
        request,
        template,
        context,
        block=block if wants_fragment(request) else None,
        status_code=status_code,
    )
    return CachedPage(bytes(response.body), HTML, status_code)


def site(request: Request) -> dict[str, Any] | None:
    """Footer facts for base.html; None when the page cache isn't installed."""
    pages = installed_page_cache(request)
    if pages is None:
        return None
    from app.web.viewmodels import site_facts

    expected = pages.expected_session()
    settings = app_settings(request)
    return pages.memo(("site",), lambda: site_facts(pages.engine, settings, expected))


def viewer(request: Request) -> Any:
    """The signed-in user for base.html's nav and footer; None for visitors (no query)."""
    if not signed_in(request.scope):
        return None
    from app.web.auth import current_user

    return current_user(request)


def signout_token(request: Request) -> str | None:
    """The CSRF token of the visitor's cookie, for the footer's sign-out form; None when
    the cookie is missing or expired (the footer then links to the sign-out page)."""
    csrf = csrf_guard(request)
    if csrf is None:
        return None
    return csrf.current(request)


def install_globals(env: Environment) -> None:
    """The filters and globals every page (and base.html) uses."""
    from app.web import filters

    filters.install(env)
    env.globals["site"] = site
    env.globals["viewer"] = viewer
    env.globals["signout_token"] = signout_token
