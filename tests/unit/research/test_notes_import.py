"""Importing Markdown notes: idempotent by slug, all files or none, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from app.cli import main
from app.config import Settings, get_settings
from app.db import session_scope
from app.research import notes as svc
from app.research import notes_import
from app.research.models import Note

GOOD = """---
title: "Small caps: underweight into the rally"
author: Priya Raman
published_at: 2025-01-06
tickers: [VTWO]
---

## Summary

We move to underweight small caps. Earnings fell again and guidance was cut.
Long SPY, short VTWO as a hedge.
"""

OTHER = """---
title: Microsoft keeps compounding
author: Marcus Lindqvist
published_at: 2025-03-03T14:00:00
slug: msft-compounding
---

Microsoft beat expectations and raised guidance. Buy MSFT.
"""


@pytest.fixture
def settings(engine: Engine) -> Settings:
    return get_settings()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "2025-01-small-caps.md").write_text(GOOD, encoding="utf-8")
    (root / "msft.md").write_text(OTHER, encoding="utf-8")
    (root / "readme.txt").write_text("not a note", encoding="utf-8")
    return root


def _count(engine: Engine) -> int:
    with session_scope(engine) as s:
        return s.scalar(select(func.count()).select_from(Note)) or 0


def test_import_folder_twice_is_idempotent(
    engine: Engine, settings: Settings, folder: Path
) -> None:
    first = notes_import.import_files(engine, [folder], settings)
    assert [(o.slug, o.action) for o in first] == [
        ("2025-01-small-caps", "created"),  # slug from the file name
        ("msft-compounding", "created"),  # slug from the front matter
    ]
    note = svc.get_note_by_slug(engine, "2025-01-small-caps")
    assert note is not None and note.source == "import"
    assert note.body.startswith("## Summary")
    assert {t.symbol: t.explicit for t in note.tickers}["VTWO"] is True

    second = notes_import.import_files(engine, [folder], settings)
    assert [o.action for o in second] == ["unchanged", "unchanged"]
    assert [o.note_id for o in second] == [o.note_id for o in first]
    assert _count(engine) == 2


def test_changed_file_updates_the_note(engine: Engine, settings: Settings, folder: Path) -> None:
    notes_import.import_files(engine, [folder], settings)
    path = folder / "msft.md"
    path.write_text(OTHER.replace("Buy MSFT.", "We stay cautious. Sell MSFT."), encoding="utf-8")
    outcomes = notes_import.import_files(engine, [path], settings)
    assert [o.action for o in outcomes] == ["updated"]
    note = svc.get_note_by_slug(engine, "msft-compounding")
    assert note is not None and "Sell MSFT." in note.body
    assert _count(engine) == 2


def test_one_bad_file_imports_nothing(engine: Engine, settings: Settings, folder: Path) -> None:
    bad = folder / "bad.md"
    bad.write_text(GOOD.replace("[VTWO]", "[VTWO, XYZ]"), encoding="utf-8")
    with pytest.raises(svc.ImportFailedError) as info:
        notes_import.import_files(engine, [folder], settings)
    assert list(info.value.problems) == [bad]
    assert "'XYZ'" in info.value.problems[bad]
    assert _count(engine) == 0


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (GOOD.replace("2025-01-06", "2025-02-30"), "published_at: invalid date '2025-02-30'"),
        (GOOD.replace("2025-01-06", "2099-01-01"), "published_at: 2099-01-01 is in the future"),
        (GOOD.replace("published_at: 2025-01-06\n", ""), "published_at: is required"),
        (GOOD.split("---\n\n")[0] + "---\n\n", "body: must not be empty"),
        (
            GOOD.replace('title: "Small caps: underweight into the rally"\n', ""),
            "title: is required",
        ),
        (GOOD.replace("tickers: [VTWO]", "tickers: [VTWO"), "front matter: is not valid YAML"),
        ("Just text, no front matter.\n", "front matter: missing"),
        (
            GOOD.replace("author: Priya Raman", "author: Priya\ncolour: red"),
            "colour: is not a known",
        ),
    ],
)
def test_bad_files_are_explained(
    engine: Engine, settings: Settings, tmp_path: Path, text: str, words: str
) -> None:
    path = tmp_path / "note.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(svc.ImportFailedError) as info:
        notes_import.import_files(engine, [path], settings)
    assert words in info.value.problems[path]
    assert _count(engine) == 0


def test_duplicate_slugs_and_missing_paths(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "a.md").write_text(OTHER, encoding="utf-8")
    (tmp_path / "b.md").write_text(OTHER, encoding="utf-8")
    with pytest.raises(svc.ImportFailedError) as info:
        notes_import.import_files(engine, [tmp_path], settings)
    assert "also used by" in info.value.problems[tmp_path / "b.md"]
    with pytest.raises(svc.ImportFailedError) as info:
        notes_import.import_files(engine, [tmp_path / "nope.md"], settings)
    assert "no such file" in str(info.value)
    assert _count(engine) == 0


def test_cli_import_list_rescore(
    engine: Engine, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["notes", "import", str(folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("created") and "2025-01-small-caps.md" in out[0]

    assert main(["notes", "import", str(folder / "msft.md")]) == 0
    assert capsys.readouterr().out.startswith("unchanged")

    assert main(["notes", "list", "--ticker", "MSFT"]) == 0
    listed = capsys.readouterr().out
    assert "Microsoft keeps compounding" in listed and "Small caps" not in listed

    assert main(["notes", "rescore"]) == 0
    assert "rescored 0 notes" in capsys.readouterr().out
    assert main(["notes", "rescore", "--all"]) == 0
    assert "rescored 2 notes" in capsys.readouterr().out


def test_cli_bad_file_one_line_exit_2(
    engine: Engine, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = folder / "zz-bad.md"
    bad.write_text(GOOD.replace("2025-01-06", "2025-13-01"), encoding="utf-8")
    assert main(["notes", "import", str(folder)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert lines[0] == f"error: {bad}: published_at: invalid date '2025-13-01': " + (
        "expected YYYY-MM-DD or an ISO 8601 date-time"
    )
    assert lines[-1].startswith("error: nothing imported")
    assert _count(engine) == 0
