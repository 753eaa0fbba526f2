"""The shipped sample research imports cleanly and reads the way it was written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.cli import main
from app.config import PROJECT_ROOT, get_settings
from app.research import notes as svc
from app.research import notes_import

SAMPLES = PROJECT_ROOT / "app" / "research" / "sample_notes"
# The author's stance in each note; the engine must agree on the sign.
BULLISH = {
    "2025-02-18-nvidia-demand-outrunning-supply",
    "2025-04-14-adding-sp500-after-drawdown",
    "2025-10-06-small-caps-earn-a-rebound",
    "2026-01-12-outlook-quality-over-small-caps",
    "2026-06-15-microsoft-cloud-reacceleration",
}
BEARISH = {
    "2024-12-09-small-caps-rate-cut-trade-crowded",
    "2025-08-11-nasdaq-100-concentration",
    "2026-03-30-nvidia-guidance-disappoints",
    "2026-11-09-breadth-thinning-into-year-end",
}


def test_samples_are_well_formed() -> None:
    files = sorted(SAMPLES.glob("*.md"))
    assert len(files) >= 8
    settings = get_settings()
    dates = []
    for path in files:
        note = notes_import.read_note_file(path, settings)
        words = len(note.body.split())
        assert 250 <= words <= 600, f"{path.name}: {words} words"
        assert note.published_at is not None
        dates.append(note.published_at.date())
    assert min(dates) >= dt.date(2024, 12, 1) and max(dates) <= dt.date(2026, 11, 30)
    assert {p.stem for p in files} == BULLISH | BEARISH | {
        "2025-06-23-microsoft-capex-versus-cloud"  # mixed: no stance to check
    }


def test_samples_import_cleanly_and_cover_the_universe(
    engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["notes", "import", str(SAMPLES)]) == 0
    created = capsys.readouterr().out.splitlines()
    assert len(created) == len(list(SAMPLES.glob("*.md")))
    assert all(line.startswith("created") for line in created)

    notes = svc.list_notes(engine, per_page=100).items
    settings = get_settings()
    for symbol in settings.tickers:
        assert svc.list_notes(engine, ticker=symbol).total >= 1, symbol

    by_slug = {n.slug: n for n in notes}
    for slug in BULLISH:
        assert by_slug[slug].score >= 0.15, (slug, by_slug[slug].score)
    for slug in BEARISH:
        assert by_slug[slug].score <= -0.15, (slug, by_slug[slug].score)

    overall = svc.get_overall(engine, settings.universe)
    assert overall["overall"]["note_count"] == len(notes)
    assert all(overall["tickers"][s]["note_count"] >= 1 for s in settings.tickers)

    # Importing again changes nothing.
    assert main(["notes", "import", str(SAMPLES)]) == 0
    assert all(line.startswith("unchanged") for line in capsys.readouterr().out.splitlines())


def test_sample_folder_has_only_notes() -> None:
    assert all(p.suffix == ".md" for p in Path(SAMPLES).iterdir() if p.is_file())
