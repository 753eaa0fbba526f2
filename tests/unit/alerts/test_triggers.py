"""Alerts reach the writes they watch through listeners, connected once per process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.alerts import triggers
from app.alerts.evaluation import after_note_save
from app.alerts.feed import pair_marks
from app.market import service as market_service
from app.portfolios import service as portfolios_service
from app.research import note_store

REPO_ROOT = Path(__file__).resolve().parents[3]

PROBE = """
from app.market.service import refresh_listeners
from app.portfolios.service import pair_mark_sources
from app.research.note_store import write_listeners
print([f.__module__ + "." + f.__name__ for f in
       (*refresh_listeners, *write_listeners, *pair_mark_sources)])
"""


def test_connecting_again_adds_nothing() -> None:
    triggers.connect()
    triggers.connect()
    assert market_service.refresh_listeners.count(triggers.after_refresh) == 1
    assert note_store.write_listeners.count(after_note_save) == 1
    assert portfolios_service.pair_mark_sources.count(pair_marks) == 1


@pytest.mark.parametrize("entry_point", ["app.cli", "app.web.app"])
def test_every_entry_point_connects_alerts(entry_point: str) -> None:
    """A refresh or note write from the CLI, the worker or the web evaluates the rules."""
    found = subprocess.run(
        [sys.executable, "-c", f"import {entry_point}\n{PROBE}"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    assert found.strip() == str(
        [
            "app.alerts.triggers.after_refresh",
            "app.alerts.evaluation.after_note_save",
            "app.alerts.feed.pair_marks",
        ]
    )
