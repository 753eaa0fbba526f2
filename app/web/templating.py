"""Jinja2 templates with named-block rendering (jinja2-fragments).

A route renders the whole page, or only one block when htmx asks for it; responses
that can differ by `HX-Request` say so with `Vary`.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2_fragments.fastapi import Jinja2Blocks

from app.config import PROJECT_ROOT

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
) -> HTMLResponse:
    """Render `template`; for htmx requests render only `block` when one is given."""
    ctx = {"request": request, **(context or {})}
    if block is not None and is_htmx(request):
        response = templates.TemplateResponse(
            request, template, ctx, block_name=block, status_code=status_code
        )
    else:
        response = templates.TemplateResponse(request, template, ctx, status_code=status_code)
    response.headers["Vary"] = "HX-Request"
    return response
