"""Alerts end to end in a real browser: an analyst saves a pair and a rule on it in the
forms, the worker's evaluation fires it, and the event arrives on the open /alerts page
over server-sent events, without a reload, with the unread count in the top bar."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import Page, expect

from app.config import PROJECT_ROOT
from tests.browser.conftest import ANALYST, Problems


def _sign_in(page: Page, base_url: str, target: str) -> None:
    page.goto(f"{base_url}/login?next={target}")
    page.fill("#username", ANALYST[0])
    page.fill("#password", ANALYST[1])
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(re.compile(re.escape(target) + "$"))


def _evaluate(db_url: str) -> str:
    """What the worker runs after a refresh: `python -m app alerts evaluate`."""
    done = subprocess.run(
        [sys.executable, "-m", "app", "alerts", "evaluate"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DATABASE_URL": db_url, "DISPERSION_ENV": "test"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_rule_made_in_the_browser_fires_and_arrives_live(
    page: Page, base_url: str, live_db_url: str, artifacts: Path, problems: Problems
) -> None:
    _sign_in(page, base_url, "/pairs")
    page.fill("#name", "Large caps vs small caps (live check)")
    page.fill("#entry_date", "2025-01-06")
    page.select_option("#side_SPY", "long")
    page.select_option("#side_VTWO", "short")
    page.click("#pair-new button[type=submit]")
    page.wait_for_url(re.compile(r"/pairs/\d+$"))
    pair_id = page.url.rsplit("/", 1)[1]

    page.goto(f"{base_url}/alerts")
    page.select_option("#r-kind", "pair")
    page.select_option("#r-pair", pair_id)
    page.select_option("#r-measure", "move")
    page.fill("#r-threshold", "0.01%")  # any move since entry beyond ±0.01 % fires
    page.click("#rule-form button[type=submit]")
    expect(page.locator(".rule-list")).to_contain_text("Large caps vs small caps (live check)")
    feed = page.locator("#alert-feed li")
    before = feed.count()
    page.evaluate("window.__sameDocument = true")  # gone if the page reloads

    started = time.monotonic()
    _evaluate(live_db_url)
    expect(feed).to_have_count(before + 1, timeout=10_000)
    latency = time.monotonic() - started
    expect(feed.first).to_contain_text("Large caps vs small caps (live check)")
    assert page.evaluate("window.__sameDocument === true"), "the event came by a reload"
    assert latency < 10, latency

    # Elsewhere, the top bar counts it as unread until /alerts is opened again.
    page.goto(f"{base_url}/")
    expect(page.locator("#alerts-unread")).to_have_text(re.compile(r"^[1-9]\d*$"))
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{base_url}/alerts")
    page.screenshot(path=str(artifacts / "alerts-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 900})
    page.screenshot(path=str(artifacts / "alerts-phone.png"), full_page=True)
    assert problems.all() == []

    # The server is shared with the other browser tests: deleting the pair takes its
    # rule and events with it (the front door then shows no alert of this test's).
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{base_url}/pairs/{pair_id}")
    page.click("form.danger-zone button[type=submit]")
    page.wait_for_url(re.compile(r"/pairs$"))
    page.goto(f"{base_url}/alerts")
    expect(page.locator("main")).not_to_contain_text("(live check)")
