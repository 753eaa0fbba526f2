"""Request a Demo in a real browser with JavaScript on: a failed htmx request is never
silent. The form stays on the page, with the visitor's input, and an alert in the form
says what went wrong and what to do next."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import httpx
from bs4 import BeautifulSoup
from playwright.sync_api import Page, Route, expect

MIN_FILL_MS = 2100  # the server's default minimum fill time is 2 s
EMAIL_LIMIT = 5  # default submissions per email per hour


def _open(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/demo")
    page.wait_for_load_state("networkidle")


def _fill(page: Page, email: str, company: str = "Northbridge Capital") -> None:
    page.fill("#full_name", "Dana Whitfield")
    page.fill("#email", email)
    page.fill("#company", company)
    page.select_option("#role", "Analyst")
    page.select_option("#aum", "$1B–$10B")
    page.check("input[name=interests][value=research]")
    page.fill("#message", "Pair monitoring on small caps.")
    page.check("#consent")


def _submit_and_wait(page: Page, status: int) -> None:
    with page.expect_response(
        lambda r: r.url.endswith("/demo") and r.request.method == "POST"
    ) as answer:
        page.click("#demo-form button[type=submit]")
    assert answer.value.status == status


def _alert(page: Page):  # type: ignore[no-untyped-def]
    return page.locator("#demo-form [data-form-alert]")


def _still_there(page: Page, base_url: str, company: str) -> None:
    assert page.url == f"{base_url}/demo"
    expect(page.locator("#company")).to_have_value(company)
    expect(page.locator("[data-reference]")).to_have_count(0)
    expect(page.locator("#demo-form button[type=submit]")).to_be_enabled()


def test_expired_form_token_says_reload_in_place(
    page: Page, base_url: str, artifacts: Path
) -> None:
    _open(page, base_url)
    expect(_alert(page)).to_be_hidden()  # empty: takes no room
    _fill(page, f"expired-{uuid.uuid4().hex[:8]}@northbridge-capital.com")
    # As if the tab had been open longer than the token lives.
    page.evaluate("document.querySelector('#demo-form input[name=csrf_token]').value = 'x'")
    _submit_and_wait(page, 403)
    expect(_alert(page)).to_be_visible()
    expect(_alert(page)).to_have_text(re.compile(r"expired.*Reload the page"))
    expect(_alert(page)).to_have_attribute("role", "alert")
    _still_there(page, base_url, "Northbridge Capital")
    page.screenshot(path=str(artifacts / "demo-expired.png"), full_page=True)


def test_rate_limited_email_says_how_long_to_wait_in_place(
    page: Page, base_url: str, artifacts: Path
) -> None:
    email = f"limited-{uuid.uuid4().hex[:8]}@northbridge-capital.com"
    # The email's first five requests, sent by another client (after the fill time).
    with httpx.Client(base_url=base_url, timeout=30) as client:
        form = BeautifulSoup(client.get("/demo").text, "html.parser")
        hidden = {str(i["name"]): str(i["value"]) for i in form.select("#demo-form [type=hidden]")}
        page.wait_for_timeout(MIN_FILL_MS)
        fields = {
            "full_name": "Dana Whitfield", "email": email, "company": "Northbridge Capital",
            "role": "Analyst", "aum": "> $10B", "consent": "yes", "website": "",
        }  # fmt: skip
        for _ in range(EMAIL_LIMIT):
            assert client.post("/demo", data={**hidden, **fields}).status_code == 200
    _open(page, base_url)
    _fill(page, email, company="Northbridge Capital LP")
    page.wait_for_timeout(MIN_FILL_MS)  # a person, not a bot
    _submit_and_wait(page, 429)
    expect(_alert(page)).to_have_text(re.compile(r"try again in 10 minutes"))
    _still_there(page, base_url, "Northbridge Capital LP")
    page.screenshot(path=str(artifacts / "demo-rate-limited.png"), full_page=True)


def test_network_error_server_error_and_oversized_body_are_shown_in_place(
    page: Page, base_url: str
) -> None:
    _open(page, base_url)
    company = "Northbridge Capital"
    _fill(page, f"faults-{uuid.uuid4().hex[:8]}@northbridge-capital.com", company)

    def fail_posts(route: Route) -> None:
        if route.request.method != "POST":
            route.continue_()
        elif "server-error" in (route.request.post_data or ""):
            route.fulfill(status=502, body="Bad gateway", content_type="text/plain")
        else:
            route.abort("connectionreset")

    page.route("**/demo", fail_posts)
    page.click("#demo-form button[type=submit]")
    expect(_alert(page)).to_have_text(re.compile(r"couldn't reach the server"))
    _still_there(page, base_url, company)

    page.fill("#message", "server-error")
    page.click("#demo-form button[type=submit]")
    expect(_alert(page)).to_have_text(re.compile(r"Something went wrong on our side"))
    _still_there(page, base_url, company)
    page.unroute("**/demo")

    # maxlength stops typing, not a script: the server's 413 is still explained.
    page.evaluate("document.querySelector('#message').value = 'x'.repeat(70000)")
    _submit_and_wait(page, 413)
    expect(_alert(page)).to_have_text(re.compile(r"too long to send"))
    _still_there(page, base_url, company)
