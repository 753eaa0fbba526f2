"""Sentence scores without a mouse, call links, the gauges' basis lines: in Chromium,
at desktop and phone widths, with screenshots in test-artifacts/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

NOTE = "/research/2024-12-09-small-caps-rate-cut-trade-crowded"
SCORE = re.compile(r"^(negative|mildly negative|neutral|mildly positive|positive) [+−]?\d\.\d\d")


@pytest.fixture
def phone(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, base_url=base_url
    )
    page = context.new_page()
    yield page
    context.close()


def _within_viewport(page: Page, selector: str) -> None:
    box = page.locator(selector).bounding_box()
    width = page.evaluate("() => document.documentElement.clientWidth")
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, box


def test_focusing_a_sentence_by_keyboard_shows_its_score(
    page: Page, base_url: str, artifacts: Path
) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(base_url + NOTE)
    page.wait_for_load_state("networkidle")
    expect(page.locator(".sent-tip").first).to_be_hidden()
    page.focus("#show-scores")  # the last control before the note's text
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.id")
    assert re.fullmatch(r"s-\d+", focused)
    tip = page.locator(f"#{focused}-tip")
    expect(tip).to_be_visible()
    expect(tip).to_have_text(SCORE)
    described = page.evaluate(
        "() => document.getElementById(document.activeElement.getAttribute('aria-describedby'))"
        ".textContent"
    )
    assert described == tip.text_content()
    _within_viewport(page, f"#{focused}-tip")
    page.screenshot(path=str(artifacts / "trust-note-focus-1440.png"))
    # The next Tab moves to the next sentence, and its tip replaces this one.
    page.keyboard.press("Tab")
    expect(tip).to_be_hidden()
    expect(page.locator(".sent-tip:visible")).to_have_count(1)
    page.keyboard.press("Escape")
    expect(page.locator(".sent-tip:visible")).to_have_count(0)


def test_a_tap_shows_a_sentence_score_on_a_phone(phone: Page, artifacts: Path) -> None:
    phone.goto(NOTE)
    phone.wait_for_load_state("networkidle")
    sentence = phone.locator(".note-text .sent[tabindex]").nth(6)
    sentence.scroll_into_view_if_needed()
    sentence.tap()
    tip = sentence.locator(".sent-tip")
    expect(tip).to_be_visible()
    expect(tip).to_have_text(SCORE)
    _within_viewport(phone, f"#{tip.get_attribute('id')}")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=str(artifacts / "trust-note-tap-390.png"))


def test_show_scores_prints_every_score_inline(page: Page, base_url: str, artifacts: Path) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(base_url + NOTE)
    sentences = page.locator(".note-text .sent[tabindex]").count()
    assert sentences > 10
    page.get_by_label("Show scores").check()
    expect(page.locator(".note-text .sent-tip:visible")).to_have_count(sentences)
    assert page.locator(".note-text .sent-tip").first.evaluate(
        "el => getComputedStyle(el).position"
    ) == ("static")
    page.locator(".note-body").screenshot(path=str(artifacts / "trust-note-scores-1440.png"))
    page.locator("section:has(#note-tickers-title)").screenshot(
        path=str(artifacts / "trust-note-calls-1440.png")
    )
    page.get_by_label("Show scores").uncheck()
    expect(page.locator(".note-text .sent-tip:visible")).to_have_count(0)


def test_a_call_link_goes_to_its_evidence_sentence(page: Page, base_url: str) -> None:
    page.goto(base_url + NOTE)
    link = page.locator("tbody#call-VTWO a.call-link")
    target = (link.get_attribute("href") or "").removeprefix("#")
    link.click()
    page.wait_for_url(re.compile(f"#{target}$"))
    expect(page.locator(f"#{target}")).to_be_focused()
    expect(page.locator(f"#{target}-tip")).to_be_visible()
    expect(page.locator(f"#{target}")).to_have_class(re.compile(r"\bsent-current\b"))
    expect(page.locator(f"#{target}")).to_be_in_viewport()


@pytest.mark.parametrize("width", [1440, 390])
def test_gauge_basis_lines_screenshots(
    page: Page, base_url: str, artifacts: Path, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    for name, path in [("dashboard", "/"), ("ticker", "/tickers/NVDA"), ("note", NOTE)]:
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        for caption in page.locator("figure.gauge .gauge-basis").all():
            expect(caption).to_be_visible()
            expect(caption).to_have_text(re.compile(r"^(\d+ notes?, newest .+|no research yet)$"))
        page.screenshot(path=str(artifacts / f"trust-{name}-{width}.png"), full_page=True)
    # Close-ups of the gauges' cards, to read their captions at full size.
    for name, path, card in [
        ("dashboard", "/", "#sentiment-title"),
        ("ticker", "/tickers/NVDA", "#mood-title"),
    ]:
        page.goto(base_url + path)
        section = page.locator(f"section:has({card})")
        section.screenshot(path=str(artifacts / f"trust-{name}-gauges-{width}.png"))
