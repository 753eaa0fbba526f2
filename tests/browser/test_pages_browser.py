"""The pages in a real browser: no errors, working htmx, keyboard access, screenshots."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ANALYST, Problems

PAGES = ["/", "/tickers/NVDA", "/research", "/pairs", "/pairs/example", "/portfolio", "/alerts"]


def _first_note_id(base_url: str) -> int:
    return httpx.get(f"{base_url}/api/v1/research?ticker=NVDA").json()["items"][0]["id"]


def _sign_in(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/login?next=/research/new")
    page.fill("#username", ANALYST[0])
    page.fill("#password", ANALYST[1])
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(re.compile(r"/research/new$"))


def test_every_page_loads_cleanly(page: Page, base_url: str, problems: Problems) -> None:
    note = _first_note_id(base_url)
    for path in [*PAGES, f"/research/{note}"]:
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        assert page.title().endswith("· Dispersion")
    _sign_in(page, base_url)
    page.wait_for_load_state("networkidle")
    assert problems.all() == []


def test_charts_draw(page: Page, base_url: str, problems: Problems) -> None:
    page.goto(f"{base_url}/tickers/NVDA")
    expect(page.locator("#relative-chart canvas").first).to_be_visible()
    expect(page.locator("#sentiment-chart canvas").first).to_be_visible()
    page.goto(f"{base_url}/pairs/example")
    expect(page.locator("#pair-chart canvas").first).to_be_visible()
    assert problems.all() == []


def test_gauge_shows_the_right_label(page: Page, base_url: str) -> None:
    expected = httpx.get(f"{base_url}/api/v1/sentiment").json()
    page.goto(base_url + "/")
    card = page.locator("section[aria-labelledby='sentiment-title']")
    overall = card.locator("figure.gauge").first
    expect(overall.locator("text.g-label")).to_have_text(expected["overall"]["label"])
    nvda = card.locator("figure.gauge", has=page.locator("figcaption a[href='/tickers/NVDA']"))
    expect(nvda.locator("text.g-label")).to_have_text(expected["tickers"]["NVDA"]["label"])
    label = nvda.locator("svg").get_attribute("aria-label") or ""
    assert expected["tickers"]["NVDA"]["label"] in label


def _chart_spec(page: Page) -> dict:
    return json.loads(page.locator("#relative-chart-data").text_content() or "{}")


def test_period_switch_changes_the_chart(page: Page, base_url: str, problems: Problems) -> None:
    page.goto(f"{base_url}/tickers/NVDA")
    one_year = _chart_spec(page)
    assert one_year["period"] == "1Y"
    page.get_by_role("link", name="3Y", exact=True).click()
    page.wait_for_url(re.compile(r"/tickers/NVDA\?period=3Y$"))
    expect(page.locator("nav.segmented a[aria-current='true']")).to_have_text("3Y")
    three_years = _chart_spec(page)
    assert three_years["period"] == "3Y"
    assert len(three_years["series"][0]["points"]) > 2 * len(one_year["series"][0]["points"])
    expect(page.locator("#relative-chart canvas").first).to_be_visible()
    # The crosshair shows the date and each line's value in the legend.
    box = page.locator("#relative-chart").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    # Values read as % change since the start of the period, e.g. "+12.4 %".
    expect(page.locator("[data-value-for='NVDA']")).to_have_text(
        re.compile(r"^([+\u2212]\d+\.\d|0\.0)\u00a0%$")
    )
    expect(page.locator("[data-readout-for='relative-chart']")).to_have_text(
        re.compile(r"^\d{4}-\d\d-\d\d$")
    )
    page.go_back()
    page.wait_for_url(re.compile(r"/tickers/NVDA$"))
    expect(page.locator("nav.segmented a[aria-current='true']")).to_have_text("1Y")
    assert problems.all() == []


def test_filters_update_the_list_and_the_url(page: Page, base_url: str, problems: Problems) -> None:
    page.goto(f"{base_url}/research")
    total = page.locator("#results .note-card").count()
    page.select_option("#f-ticker", "NVDA")
    page.wait_for_url(re.compile(r"ticker=NVDA"))
    cards = page.locator("#results .note-card")
    expect(cards.first).to_be_visible()
    assert 0 < cards.count() < total
    for meta in cards.locator(".note-meta").all_text_contents():
        assert "NVDA" in meta
    found = httpx.get(f"{base_url}/api/v1/research?ticker=NVDA&q=guidance").json()["total"]
    heading = f"{found} note{'' if found == 1 else 's'}"
    page.fill("#f-q", "guidance")
    page.wait_for_url(re.compile(r"q=guidance"))
    expect(page.locator("#results-title")).to_have_text(heading)
    # Reload and back give the same pages.
    page.reload()
    expect(page.locator("#f-q")).to_have_value("guidance")
    expect(page.locator("#results-title")).to_have_text(heading)
    page.go_back()
    page.wait_for_url(re.compile(r"ticker=NVDA$"))
    expect(page.locator("#f-ticker")).to_have_value("NVDA")
    assert problems.all() == []


def test_note_preview_scores_live(page: Page, base_url: str, problems: Problems) -> None:
    _sign_in(page, base_url)
    page.fill("#n-title", "Browser probe")
    page.locator("#n-body").press_sequentially("We are long NVDA. Profit fell at MSFT.", delay=5)
    preview = page.locator("#preview")
    expect(preview.locator("figure.gauge")).to_be_visible()
    expect(preview.locator("tbody tr")).to_have_count(2)
    expect(preview.locator(".sent-neg2, .sent-neg1").first).to_be_visible()
    assert problems.all() == []


def _controls(page: Page) -> list[str]:
    """Every visible control, tagged with an index so duplicates stay distinct."""
    return page.evaluate(
        """() => [...document.querySelectorAll(
            'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex="0"]'
        )].filter(el => el.checkVisibility())
          .map((el, i) => { el.dataset.kb = String(i); return el.outerHTML.slice(0, 100); })"""
    )


def _tab_through(page: Page, presses: int) -> set[int]:
    reached: set[int] = set()
    for _ in range(presses):
        page.keyboard.press("Tab")
        index = page.evaluate("() => document.activeElement?.dataset?.kb ?? null")
        if index is not None:
            reached.add(int(index))
    return reached


@pytest.mark.parametrize("path", ["/", "/tickers/NVDA", "/research", "/pairs"])
def test_keyboard_reaches_every_control(page: Page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    controls = _controls(page)
    reached = _tab_through(page, len(controls) + 10)
    missing = [c for i, c in enumerate(controls) if i not in reached]
    assert missing == []


@pytest.mark.parametrize("width", [390, 1440])
def test_screenshots(page: Page, base_url: str, artifacts: Path, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    note = _first_note_id(base_url)
    for name, path in [
        ("dashboard", "/"),
        ("ticker", "/tickers/NVDA"),
        ("research", "/research"),
        ("note", f"/research/{note}"),
        ("pairs", "/pairs"),
        ("alerts", "/alerts"),
        ("not-found", "/tickers/NOPE"),
    ]:
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        # Nothing is wider than the viewport: tables scroll inside their cards.
        overflow = page.evaluate("() => document.documentElement.scrollWidth")
        assert overflow <= width, f"{path} is {overflow}px wide at {width}px"
        page.screenshot(path=str(artifacts / f"{name}-{width}.png"), full_page=True)
