"""Request a Demo: the form, its abuse checks and the confirmation.

A success page means a stored lead, or a bot that must not learn it was caught. The
form is validated before the bot checks, so a person whose input has an error always
sees that error (never a fake success), and a re-rendered form keeps the signed time of
its first render, so fixing a field and resubmitting quickly is not taken for a bot.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from app.leads import antibot, choices
from app.leads.forms import validate
from app.leads.references import new_reference
from app.leads.service import submit
from app.web.csrf import render_form, require_csrf
from app.web.deps import EngineDep, SettingsDep, app_settings, rate_limiter
from app.web.errors import RateLimited
from app.web.forms import DemoForm
from app.web.ratelimit import client_address
from app.web.templating import is_htmx

router = APIRouter(include_in_schema=False)
BLOCK = "demo_panel"
RETRY_AFTER_SECONDS = 600
EMPTY: dict[str, Any] = {
    "full_name": "", "email": "", "company": "", "role": "", "aum": "",
    "interests": [], "message": "", "consent": "",
}  # fmt: skip


def _context(
    request: Request, values: dict[str, Any], errors: dict[str, str], form_ts: str
) -> dict[str, Any]:
    return {
        "values": values,
        "errors": errors,
        "form_ts": form_ts,
        "roles": choices.ROLES,
        "aum_ranges": choices.AUM_RANGES,
        "interest_choices": choices.INTERESTS,
        "message_max": choices.MESSAGE_MAX,
        "name_max": choices.NAME_MAX,
        "email_max": choices.EMAIL_MAX,
        "retry_minutes": math.ceil(RETRY_AFTER_SECONDS / 60),
    }


def _carried_ts(request: Request, form: DemoForm) -> str:
    return antibot.carried_timestamp(app_settings(request).secret_key, form.timestamp)


def _confirmation(request: Request, reference: str, values: dict[str, Any]) -> Response:
    return render_form(
        request,
        "demo.html",
        {"done": True, "reference": reference, "values": values},
        block=BLOCK,
    )


def _limited(request: Request, values: dict[str, Any], form: DemoForm) -> Response:
    if not is_htmx(request):
        raise RateLimited(retry_after=RETRY_AFTER_SECONDS)
    # htmx: the panel again with the notice and the input kept; app.js swaps this 429
    # because the form lists it in data-swap-errors.
    context = {**_context(request, values, {}, _carried_ts(request, form)), "limited": True}
    response = render_form(request, "demo.html", context, block=BLOCK, status_code=429)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _invalid(
    request: Request, values: dict[str, Any], errors: dict[str, str], form: DemoForm
) -> Response:
    # htmx 2 doesn't swap 4xx bodies: htmx gets 200 with the errors in the form;
    # a plain POST (no JavaScript) gets the whole page with 422.
    return render_form(
        request,
        "demo.html",
        _context(request, values, errors, _carried_ts(request, form)),
        block=BLOCK,
        status_code=200 if is_htmx(request) else 422,
    )


@router.get("/demo")
def demo_page(request: Request, settings: SettingsDep) -> Response:
    form_ts = antibot.form_timestamp(settings.secret_key)
    return render_form(
        request, "demo.html", _context(request, dict(EMPTY), {}, form_ts), block=BLOCK
    )


@router.post("/demo", dependencies=[Depends(require_csrf)])
async def demo_submit(
    request: Request,
    form: Annotated[DemoForm, Form()],
    engine: EngineDep,
    settings: SettingsDep,
) -> Response:
    limiter = rate_limiter(request)
    values = form.values()

    # Limiter calls may go over the network (Redis): keep them off the event loop.
    ip = client_address(request)
    if not await run_in_threadpool(limiter.hit, settings.demo_rate_limit_ip, "demo-ip", ip):
        return _limited(request, values, form)
    request_data, errors = validate(values)
    if request_data is None:
        return _invalid(request, values, errors, form)
    if antibot.looks_like_bot(
        settings.secret_key, form.honeypot, form.timestamp, settings.demo_min_fill_seconds
    ):
        # Indistinguishable from a real success; nothing is stored or sent.
        return _confirmation(request, new_reference(), values)
    email = request_data.email_normalized
    if not await run_in_threadpool(
        limiter.hit, settings.demo_rate_limit_email, "demo-email", email
    ):
        return _limited(request, values, form)
    # Committed before the confirmation is rendered: a success page means a stored lead.
    submission = await run_in_threadpool(submit, engine, request_data, settings)
    return _confirmation(request, submission.reference, values)
