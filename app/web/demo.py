"""Request a Demo: the form, its abuse checks and the confirmation."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from app.leads import antibot, choices
from app.leads.forms import DemoRequest, form_values, validate
from app.leads.references import new_reference
from app.leads.service import submit
from app.web.csrf import render_form, require_csrf
from app.web.errors import RateLimited
from app.web.ratelimit import client_address
from app.web.templating import is_htmx

router = APIRouter(include_in_schema=False)
BLOCK = "demo_panel"
RETRY_AFTER_SECONDS = 600
EMPTY: dict[str, Any] = {
    "full_name": "", "email": "", "company": "", "role": "", "aum": "",
    "interests": [], "message": "", "consent": "",
}  # fmt: skip


def _context(request: Request, values: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    secret = request.app.state.settings.secret_key
    return {
        "values": values,
        "errors": errors,
        "form_ts": antibot.form_timestamp(secret),
        "roles": choices.ROLES,
        "aum_ranges": choices.AUM_RANGES,
        "interest_choices": choices.INTERESTS,
        "message_max": choices.MESSAGE_MAX,
    }


def _confirmation(request: Request, reference: str, values: dict[str, Any]) -> Response:
    return render_form(
        request,
        "demo.html",
        {"done": True, "reference": reference, "values": values},
        block=BLOCK,
    )


def _limited(request: Request, values: dict[str, Any]) -> Response:
    if not is_htmx(request):
        raise RateLimited(retry_after=RETRY_AFTER_SECONDS)
    # htmx swaps 429 on this page (see its htmx-config): show the notice in the panel.
    context = {**_context(request, values, {}), "limited": True}
    response = render_form(request, "demo.html", context, block=BLOCK, status_code=429)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@router.get("/demo")
def demo_page(request: Request) -> Response:
    return render_form(request, "demo.html", _context(request, dict(EMPTY), {}), block=BLOCK)


@router.post("/demo", dependencies=[Depends(require_csrf)])
async def demo_submit(request: Request) -> Response:
    settings = request.app.state.settings
    limiter = request.app.state.limiter
    form = await request.form()
    values = form_values(form)

    # Limiter calls may go over the network (Redis): keep them off the event loop.
    ip = client_address(request.client)
    if not await run_in_threadpool(limiter.hit, settings.demo_rate_limit_ip, "demo-ip", ip):
        return _limited(request, values)
    if antibot.looks_like_bot(
        settings.secret_key,
        form.get(antibot.HONEYPOT_FIELD),
        form.get(antibot.TIMESTAMP_FIELD),
        settings.demo_min_fill_seconds,
    ):
        # Indistinguishable from a real success; nothing is stored or sent.
        return _confirmation(request, new_reference(), values)

    request_data, errors = validate(values)
    if request_data is None:
        # htmx 2 doesn't swap 4xx bodies: htmx gets 200 with the errors in the form;
        # a plain POST (no JavaScript) gets the whole page with 422.
        status = 200 if is_htmx(request) else 422
        return render_form(
            request,
            "demo.html",
            _context(request, values, errors),
            block=BLOCK,
            status_code=status,
        )
    email = request_data.email_normalized
    if not await run_in_threadpool(
        limiter.hit, settings.demo_rate_limit_email, "demo-email", email
    ):
        return _limited(request, values)
    return await _store(request, request_data, values)


async def _store(request: Request, data: DemoRequest, values: dict[str, Any]) -> Response:
    app_state = request.app.state
    # Committed before the confirmation is rendered: a success page means a stored lead.
    submission = await run_in_threadpool(submit, app_state.engine, data, app_state.settings)
    return _confirmation(request, submission.reference, values)
