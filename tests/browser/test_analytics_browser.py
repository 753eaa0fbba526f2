"""Saved pairs and the portfolio in a real browser: an analyst creates a pair with the
leg pickers and opens it; the period buttons leave the entry alone; a portfolio is
computed from the position rows. Screenshots at desktop and phone widths."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import ANALYST, Problems

WIDTHS = {"desktop": 1440, "phone": 390}


def _sign_in(page: Page, base_url: str, target: str) -> None:
    page.goto(f"{base_url}/login?next={target}")
    page.fill("#username", ANALYST[0])
    page.fill("#password", ANALYST[1])
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(re.compile(re.escape(target) + "$"))


def _fits(page: Page) -> None:
    """Nothing wider than the window (tables scroll inside their own box)."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the window"


def _shoot(page: Page, artifacts: Path, name: str) -> None:
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(200)  # charts resize on the next frame
        page.screenshot(path=str(artifacts / f"{name}-{label}.png"), full_page=True)
        _fits(page)
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})


def test_analyst_creates_a_pair_and_opens_it(
    page: Page, base_url: str, artifacts: Path, problems: Problems
) -> None:
    _sign_in(page, base_url, "/pairs")
    page.fill("#name", "Megacaps vs small caps")
    page.fill("#entry_date", "2026-03-02")
    page.select_option("#side_NVDA", "long")
    page.fill("#weight_NVDA", "2")
    page.select_option("#side_MSFT", "long")
    page.select_option("#side_VTWO", "short")
    page.click("#pair-new button[type=submit]")
    page.wait_for_url(re.compile(r"/pairs/\d+$"))
    expect(page.locator("h1")).to_have_text("Megacaps vs small caps")
    expect(page.locator(".page-head")).to_contain_text("Long NVDA 67 % + MSFT 33 % / short VTWO")
    expect(page.locator("#pair-chart canvas").first).to_be_visible()
    pnl = page.locator("dl.stats dd").first.text_content()
    assert pnl and re.search(r"[+−]\d+\.\d\d\s%", pnl)
    _shoot(page, artifacts, "pair")
    page.get_by_role("link", name="5Y", exact=True).click()
    page.wait_for_url(re.compile(r"period=5Y$"))
    expect(page.locator("nav.segmented a[aria-current='true']")).to_have_text("5Y")
    expect(page.locator("dl.stats dd").first).to_have_text(pnl)  # the entry didn't move
    expect(page.locator("dl.stats dt").first).to_contain_text("2026-03-02")
    page.goto(f"{base_url}/pairs")
    expect(page.locator("table.pairs-table")).to_contain_text("Megacaps vs small caps")
    _shoot(page, artifacts, "pairs")
    assert problems.all() == []


def test_portfolio_is_computed_from_the_rows(
    page: Page, base_url: str, artifacts: Path, problems: Problems
) -> None:
    page.goto(f"{base_url}/portfolio")
    page.fill("#from", "2025-06-02")
    page.click(".portfolio-form button[type=submit]")
    page.wait_for_url(re.compile(r"/portfolio\?weights="))
    expect(page.locator("#pf-stats dd")).to_have_count(6)
    expect(page.locator("#pf-chart canvas").first).to_be_visible()
    expect(page.locator("#pf-results-title")).to_contain_text("→")
    ret = page.locator("#pf-stats dd[data-key=return]").text_content() or ""
    assert re.search(r"[▲▼] [+−]\d+\.\d\d\s%", ret)
    _shoot(page, artifacts, "portfolio")
    assert problems.all() == []
    # A typo is explained next to the rows, and nothing is computed.
    page.fill("#weights", "NVDA=abc")
    page.click(".portfolio-form button[type=submit]")
    expect(page.locator("#weights-error")).to_contain_text("not a number")
    expect(page.locator("#pf-results")).to_have_count(0)
    # The browser logs the expected 422 itself; nothing else may go wrong.
    assert [p for p in problems.all() if "422" not in p] == []
