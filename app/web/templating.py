"""Jinja2 templates with named-block rendering (jinja2-fragments).

A route renders the whole page, or only one block when htmx asks for it; responses
that can differ by `HX-Request` say so with `Vary`.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from jinja2_fragments.fastapi import Jinja2Blocks

from app.config import PROJECT_ROOT
from app.web.negotiation import TITLES, error_body, wants_json

templates = Jinja2Blocks(directory=str(PROJECT_ROOT / "templates"))


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    block: str | None = None,
    status_code: int = 200,
) -> Response:
    """Render `template`; for htmx requests render only `block` when one is given.

    An error status (a form shown again with its problems, a refused sign-in) answers a
    client that prefers JSON with ``{"error", "fields"}`` instead, like every other error.
    """
    if status_code >= 400 and wants_json(request):
        return error_json(status_code, context or {})
    ctx = {"request": request, **(context or {})}
    if block is not None and is_htmx(request):
        response = templates.TemplateResponse(
            request, template, ctx, block_name=block, status_code=status_code
        )
    else:
        response = templates.TemplateResponse(request, template, ctx, status_code=status_code)
    response.headers["Vary"] = "HX-Request"
    return response


def error_json(status_code: int, context: dict[str, Any]) -> JSONResponse:
    """The JSON twin of an error page: its message and its field problems."""
    message = next(
        (context[key] for key in ("error", "what", "message") if isinstance(context.get(key), str)),
        TITLES.get(status_code, "Request refused"),
    )
    errors = context.get("errors")
    fields = (
        {str(key): str(value) for key, value in errors.items()}
        if isinstance(errors, dict) and errors
        else None
    )
    return JSONResponse(error_body(message, fields), status_code=status_code)
