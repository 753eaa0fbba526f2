"""The front door, the "working" indicator, pinned table columns and an axe-core scan of
every page, at phone (390 px) and desktop (1440 px) widths. Also writes the README's
screenshots (static/img)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, Route, expect

from app.config import PROJECT_ROOT
from tests.browser.conftest import ANALYST, Problems

AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
README_IMAGES = PROJECT_ROOT / "static" / "img"
SIZES = {390: 844, 1440: 900}
PROMISES = ["AI-powered research", "Real-time alerts", "Portfolio analytics"]
ADMIN = ("adm", "another correct horse battery staple")


@pytest.fixture(scope="module")
def admin(live_db_url: str) -> tuple[str, str]:
    """An admin account in the live server's database (for /admin/leads)."""
    from app.accounts.service import create_user
    from app.db import make_engine, session_scope

    engine = make_engine(live_db_url)
    with session_scope(engine) as db:
        create_user(db, ADMIN[0], "admin", ADMIN[1])
    engine.dispose()
    return ADMIN


def _sign_in(page: Page, base_url: str, target: str = "/", who: tuple[str, str] = ANALYST) -> None:
    page.goto(f"{base_url}/login?next={target}")
    page.fill("#username", who[0])
    page.fill("#password", who[1])
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(re.compile(re.escape(base_url + target) + "$"))


def _in_first_screen(page: Page, selector: str) -> None:
    """The element is visible and wholly inside the first screen (no scrolling)."""
    locator = page.locator(selector)
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box is not None, selector
    height = page.viewport_size["height"] if page.viewport_size else 0
    assert box["y"] >= 0 and box["y"] + box["height"] <= height, f"{selector}: {box}"


@pytest.mark.parametrize("width", sorted(SIZES))
def test_visitor_sees_what_it_is_and_reaches_the_demo(
    page: Page, base_url: str, problems: Problems, artifacts: Path, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": SIZES[width]})
    page.goto(base_url + "/")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(artifacts / f"front-door-{width}.png"))
    _in_first_screen(page, ".hero h1")
    expect(page.locator(".hero")).to_contain_text(
        "AI-powered research, real-time alerts, and portfolio analytics"
    )
    expect(page.locator(".promise h2")).to_have_text(PROMISES)
    # Each promise with its live example: a gauge and quote, an alert, a drawn spread.
    for selector in (
        ".promise:nth-child(1) h2",
        ".promise:nth-child(1) figure.gauge svg",
        ".promise:nth-child(1) q",
        ".promise:nth-child(2) .promise-alert",
        ".promise:nth-child(3) svg.spark",
        ".promise:nth-child(3) .promise-figure",
        ".hero a.cta-lg",
    ):
        _in_first_screen(page, selector)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(artifacts / f"front-door-full-{width}.png"), full_page=True)
    name = "front-door.png" if width > 390 else "front-door-phone.png"
    page.screenshot(path=str(README_IMAGES / name))
    page.locator(".hero a.cta-lg").click()
    page.wait_for_url(re.compile(r"/demo$"))
    expect(page.locator("h1")).to_contain_text("demo", ignore_case=True)
    assert problems.all() == []


@pytest.mark.parametrize("width", sorted(SIZES))
def test_signed_in_analyst_lands_on_the_dashboard(
    page: Page, base_url: str, problems: Problems, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": SIZES[width]})
    _sign_in(page, base_url)
    expect(page.locator("h1")).to_have_text("Dashboard")
    expect(page.locator(".hero")).to_have_count(0)
    expect(page.locator("table.heatmap")).to_be_visible()
    assert problems.all() == []


def test_heat_map_keeps_its_ticker_column_on_a_phone(page: Page, base_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url + "/#dashboard")
    scroller = page.locator("table.heatmap").locator("xpath=..")
    first = page.locator("table.heatmap tbody tr:first-child th")
    before = first.bounding_box()
    assert before is not None
    scroller.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    assert scroller.evaluate("el => el.scrollLeft") > 50  # the table does scroll sideways
    after = first.bounding_box()
    assert after is not None and abs(after["x"] - before["x"]) < 1
    # The last period's cell is now in view beside the pinned ticker.
    last = page.locator("table.heatmap tbody tr:first-child td").last.bounding_box()
    assert last is not None and last["x"] >= after["x"] + after["width"] - 1


def test_a_slow_swap_shows_that_it_is_working(
    page: Page, base_url: str, problems: Problems
) -> None:
    page.goto(f"{base_url}/tickers/NVDA")
    page.wait_for_load_state("networkidle")
    busy = page.locator("#busy")
    expect(busy).to_be_hidden()

    def slow(route: Route) -> None:
        time.sleep(1.2)
        route.continue_()

    page.route(re.compile(r"/tickers/NVDA\?period=3Y$"), slow)
    link = page.get_by_role("link", name="3Y", exact=True)
    link.click()
    # Shown after the 150 ms delay, while the request is still running.
    expect(busy).to_be_visible(timeout=900)
    expect(page.locator("#chart-panel")).to_have_attribute("aria-busy", "true")
    expect(page.locator("nav.segmented a[data-sending]")).to_have_text("3Y")
    page.wait_for_url(re.compile(r"period=3Y$"))
    expect(page.locator("nav.segmented a[aria-current='true']")).to_have_text("3Y")
    expect(busy).to_be_hidden()
    expect(page.locator("[aria-busy='true']")).to_have_count(0)
    expect(page.locator("[data-sending]")).to_have_count(0)
    assert problems.all() == []


def test_a_fast_swap_shows_no_indicator(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/tickers/NVDA")
    page.wait_for_load_state("networkidle")
    # Record the bar's opacity on every frame while a (fast, local) swap runs.
    page.evaluate(
        """() => { window.__seen = 0; const bar = document.getElementById('busy');
        const tick = () => { window.__seen = Math.max(window.__seen,
            +getComputedStyle(bar).opacity); requestAnimationFrame(tick); }; tick(); }"""
    )
    page.get_by_role("link", name="1M", exact=True).click()
    page.wait_for_url(re.compile(r"period=1M$"))
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__seen") < 0.5


def _note_path(base_url: str) -> str:
    note = httpx.get(f"{base_url}/api/v1/research?ticker=NVDA").json()["items"][0]["id"]
    return f"/research/{note}"


def _axe(page: Page) -> list[str]:
    # Evaluated through the DevTools protocol: the page's CSP (rightly) refuses an inline
    # <script>, and axe is never served by the app.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations
              .filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => `${v.id} (${v.impact}): ` + v.nodes.slice(0, 3)
                .map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').split('\\n')[1])
                .join(' | '));
        }"""
    )
    return list(found)


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: run `npm ci`")
@pytest.mark.parametrize("width", sorted(SIZES))
def test_every_page_passes_axe_and_fits_the_width(
    page: Page, base_url: str, admin: tuple[str, str], width: int
) -> None:
    page.set_viewport_size({"width": width, "height": SIZES[width]})
    note = _note_path(base_url)
    public = ["/", note, "/tickers/NVDA", "/research", "/pairs", "/pairs/example"]
    public += ["/portfolio", "/alerts", "/demo", "/login"]
    signed = ["/", "/research/new", "/admin/leads"]
    report: dict[str, list[str]] = {}

    def check(label: str, path: str) -> None:
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        found = _axe(page)
        overflow = page.evaluate("() => document.documentElement.scrollWidth")
        if overflow > width:
            found.append(f"scrolls sideways: {overflow}px wide at {width}px")
        if found:
            report[label] = found

    for path in public:
        check(path, path)
    _sign_in(page, base_url, who=admin)
    for path in signed:
        check(f"{path} (signed in)", path)
    assert report == {}


def test_readme_ticker_screenshot(page: Page, base_url: str, artifacts: Path) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{base_url}/tickers/NVDA")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(README_IMAGES / "ticker.png"))
    _sign_in(page, base_url)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(README_IMAGES / "dashboard.png"))
