"""The ticker header and the symbol search in a real browser, on a phone and a desktop."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ANALYST, Problems

VIEWPORTS = {"phone": (390, 844), "desktop": (1440, 900)}
PCT = re.compile(r"^([+\u2212]\d+\.\d|0\.0)\u00a0%$")


def _no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_ticker_header_reads_well(
    page: Page, base_url: str, artifacts: Path, problems: Problems, size: str
) -> None:
    width, height = VIEWPORTS[size]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{base_url}/tickers/NVDA")
    expect(page.locator("h1 .ticker-symbol")).to_have_text("NVDA")
    expect(page.locator("h1 .ticker-name")).to_have_text("NVIDIA Corporation")
    quote = page.locator("section.quote")
    for name in ("close", "change", "volume", "low", "high"):
        expect(quote.locator(f"[data-figure='{name}']")).to_be_visible()
    expect(quote.locator("[data-figure='close']")).to_have_text(re.compile(r"^\d[\d,]*\.\d\d$"))
    expect(quote.locator("svg.range-bar circle")).to_be_visible()
    # The header and the chart's period switcher are in the first screen.
    box = page.locator("nav.segmented").bounding_box()
    assert box is not None and box["y"] + box["height"] <= height
    _no_sideways_scroll(page)
    expect(page.locator("#relative-chart canvas").first).to_be_visible()
    page.screenshot(path=str(artifacts / f"ticker-NVDA-{width}.png"), full_page=False)
    assert problems.all() == []


def test_chart_values_read_as_percent_change(page: Page, base_url: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{base_url}/tickers/NVDA?period=1Y")
    chart = page.locator("#relative-chart")
    expect(chart.locator("canvas").first).to_be_visible()
    box = chart.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.5)
    value = page.locator("[data-value-for='NVDA']")
    expect(value).to_have_text(PCT)


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_typing_suggests_symbols_and_names(
    page: Page, base_url: str, artifacts: Path, problems: Problems, size: str
) -> None:
    width, height = VIEWPORTS[size]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{base_url}/research")
    box = page.locator("#jump-symbol")
    box.click()
    box.press_sequentially("nv", delay=50)
    listbox = page.locator("#jump-suggestions[role='listbox']")
    expect(listbox).to_be_visible()
    first = listbox.locator("[role='option']").first
    expect(first).to_contain_text("NVDA")
    expect(first).to_contain_text("NVIDIA")
    expect(box).to_have_attribute("aria-expanded", "true")
    _no_sideways_scroll(page)
    page.screenshot(path=str(artifacts / f"search-suggest-{width}.png"), full_page=False)
    if size == "desktop":
        box.press("ArrowDown")
        expect(first).to_have_attribute("aria-selected", "true")
        expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id") or "")
        box.press("Enter")
    else:
        first.click()  # a tap on a phone
    page.wait_for_url(f"{base_url}/tickers/NVDA")
    expect(page.locator("h1 .ticker-symbol")).to_have_text("NVDA")
    assert problems.all() == []


def test_escape_closes_suggestions_and_enter_searches(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/")
    box = page.locator("#jump-symbol")
    box.fill("microsoft")
    expect(page.locator("#jump-suggestions [role='option']").first).to_contain_text("MSFT")
    box.press("Escape")
    expect(page.locator("#jump-suggestions")).to_be_hidden()
    box.press("Enter")  # no option chosen: the form searches and finds the one match
    page.wait_for_url(f"{base_url}/tickers/MSFT")


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_benchmark_and_unknown_symbol_pages(
    page: Page, base_url: str, artifacts: Path, size: str
) -> None:
    width, height = VIEWPORTS[size]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{base_url}/tickers/SPY")
    expect(page.locator("#peers-title")).to_be_visible()
    _no_sideways_scroll(page)
    page.screenshot(path=str(artifacts / f"ticker-SPY-{width}.png"), full_page=True)
    response = page.goto(f"{base_url}/tickers/NVDIA")
    assert response is not None and response.status == 404
    expect(page.locator(".match-list a[href='/tickers/NVDA']")).to_be_visible()
    _no_sideways_scroll(page)
    page.screenshot(path=str(artifacts / f"ticker-unknown-{width}.png"), full_page=False)


def test_an_analyst_adds_a_symbol_and_is_told_when_it_is_ready(
    page: Page, base_url: str, artifacts: Path, problems: Problems
) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{base_url}/login?next=/tickers/ADBE")
    page.fill("#username", ANALYST[0])
    page.fill("#password", ANALYST[1])
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(f"{base_url}/tickers/ADBE")
    button = page.get_by_role("button", name="Add ADBE to the universe")
    expect(button).to_be_visible()
    page.screenshot(path=str(artifacts / "ticker-add-1440.png"), full_page=False)
    button.click()
    page.wait_for_url(f"{base_url}/universe/ADBE")
    # The status polls every 2 s by itself and ends with a link to the ticker page.
    ready = page.get_by_role("link", name="Open ADBE")
    expect(ready).to_be_visible(timeout=30_000)
    expect(page.locator("#add-status")).to_contain_text("ADBE is ready")
    page.screenshot(path=str(artifacts / "ticker-added-1440.png"), full_page=False)
    ready.click()
    page.wait_for_url(f"{base_url}/tickers/ADBE")
    expect(page.locator("h1 .ticker-symbol")).to_have_text("ADBE")
    expect(page.locator("[data-figure='close']")).to_be_visible()
    # The 404 for ADBE before it existed (and its console line) is expected; nothing else.
    assert [p for p in problems.failed if "/tickers/ADBE" not in p] == []
    assert [c for c in problems.console if "status of 404" not in c] == []
