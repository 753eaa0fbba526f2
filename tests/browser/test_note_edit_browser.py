"""An analyst edits a note in a real browser, at phone and desktop widths: the edit
form opens filled in, the preview rescores as they type, and after saving the note
page shows the new score and the change in its history. Also screenshots the admin
nav, the leads table with its free-mail column, and the API docs' way home."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from app.web.filters import sentiment_figure as format_score
from tests.browser.conftest import ANALYST, Problems

BULLISH = "We are long NVDA. Nvidia beat estimates and raised guidance; margins expanded."
BEARISH = "We cut NVDA to underweight. Nvidia missed estimates and guidance was slashed."
ADMIN = ("browser-admin", "correct horse battery staple")


def _sign_in(page: Page, base_url: str, user: tuple[str, str], target: str) -> None:
    page.goto(f"{base_url}/login?next={target}")
    page.fill("#username", user[0])
    page.fill("#password", user[1])
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(re.compile(re.escape(target) + "$"))


def _publish(page: Page, base_url: str, title: str) -> str:
    page.goto(f"{base_url}/research/new")
    page.fill("#n-title", title)
    page.fill("#n-tickers", "NVDA")
    page.fill("#n-body", BULLISH)
    page.click("form.note-form button.primary")
    page.wait_for_url(re.compile(r"/research/\d+$"))
    return page.url.rsplit("/", 1)[1]


def _api_score(base_url: str, note_id: str) -> float:
    response = httpx.get(f"{base_url}/api/v1/research/{note_id}", timeout=10)
    response.raise_for_status()
    return float(response.json()["score"])


@pytest.mark.parametrize(("width", "height", "name"), [(1440, 900, "desktop"), (390, 844, "phone")])
def test_an_analyst_edits_a_note_and_sees_the_new_score(
    page: Page,
    base_url: str,
    artifacts: Path,
    problems: Problems,
    width: int,
    height: int,
    name: str,
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    _sign_in(page, base_url, ANALYST, "/research/new")
    note_id = _publish(page, base_url, f"NVDA after results ({name})")
    score_card = page.locator("section[aria-labelledby=note-score-title]")
    expect(score_card.locator(".g-label")).to_have_text(re.compile(r"positive$"))
    before = _api_score(base_url, note_id)

    page.get_by_role("link", name="Edit", exact=True).click()
    page.wait_for_url(re.compile(rf"/research/{note_id}/edit$"))
    expect(page.locator("h1")).to_have_text("Edit research note")
    expect(page.locator("#n-body")).to_have_value(BULLISH)
    page.fill("#n-body", BEARISH)
    # The live preview rescores the draft as it is typed (htmx), before saving.
    expect(page.locator("#preview .g-label")).to_have_text(re.compile(r"negative$"), timeout=10_000)
    page.screenshot(path=str(artifacts / f"note-edit-{name}.png"), full_page=True)
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url(re.compile(rf"/research/{note_id}$"))

    after = _api_score(base_url, note_id)
    assert before > 0.15 > -0.15 > after
    expect(score_card.locator(".g-score")).to_have_text(format_score(after))
    expect(score_card.locator(".g-label")).to_have_text(re.compile(r"negative$"))
    history = page.locator("[data-note-history]")
    expect(history).to_contain_text("updated by")
    expect(history).to_contain_text("text edited")
    expect(page.locator("[data-signed-in]")).to_contain_text(f"Signed in as {ANALYST[0]}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(artifacts / f"note-edited-{name}.png"), full_page=True)
    assert problems.all() == []


def test_admin_nav_leads_and_docs(
    page: Page, base_url: str, live_db_url: str, artifacts: Path, problems: Problems
) -> None:
    from app.accounts.service import create_user, get_user
    from app.db import make_engine, session_scope

    engine = make_engine(live_db_url)
    with session_scope(engine) as db:
        if get_user(db, ADMIN[0]) is None:
            create_user(db, ADMIN[0], "admin", ADMIN[1], display_name="Rita Root")
    engine.dispose()
    page.set_viewport_size({"width": 1440, "height": 900})
    _sign_in(page, base_url, ADMIN, "/")
    page.locator(".mainnav").get_by_role("link", name="Admin").click()
    page.wait_for_url(re.compile(r"/admin/leads$"))
    expect(page.locator("#leads-table thead")).to_contain_text("Free-mail")
    expect(page.locator("[data-signed-in]")).to_contain_text("Signed in as Rita Root")
    page.screenshot(path=str(artifacts / "admin-leads-desktop.png"), full_page=True)
    page.goto(f"{base_url}/docs")
    expect(page.locator(".opblock").first).to_be_visible(timeout=15_000)
    page.screenshot(path=str(artifacts / "api-docs-desktop.png"))
    page.get_by_role("link", name="← Dispersion").click()
    page.wait_for_url(f"{base_url}/")
    assert problems.all() == []
