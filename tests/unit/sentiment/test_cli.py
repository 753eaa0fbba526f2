"""`sentiment score` and `sentiment eval` through a parser built here."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from app.cli import sentiment as cli


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="app")
    subparsers = parser.add_subparsers(dest="command", required=True)
    cli.register(subparsers)
    args = parser.parse_args(argv)
    return args.func(args)


def test_score_json_from_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    note = tmp_path / "note.md"
    note.write_text("## View\n\nWe are long SPY/QQQ, short VTWO. Nvidia beat estimates.\n")
    assert run(["sentiment", "score", str(note), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"score", "label", "sentences", "tickers"}
    assert data["tickers"]["VTWO"]["score"] < 0 < data["tickers"]["SPY"]["score"]
    assert {"text", "score", "label", "tickers"} <= set(data["sentences"][0])


def test_score_from_stdin_readable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Microsoft cut its outlook."))
    assert run(["sentiment", "score"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("score: ")
    assert "MSFT" in out


def test_score_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["sentiment", "score", str(tmp_path / "nope.md")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "not found" in err
    assert "Traceback" not in err


def test_eval_last_line_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tsv = tmp_path / "set.tsv"
    tsv.write_text(
        "label\tsentence\n"
        "positive\tNet sales rose 10% to EUR 50 mn.\n"
        "negative\tThe operating loss widened.\n"
        "neutral\tThe company is based in Turku.\n"
    )
    assert run(["sentiment", "eval", str(tsv)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    data = json.loads(lines[-1])
    assert set(data) == {"n", "accuracy", "macro_f1", "per_class", "confusion"}
    assert data["n"] == 3
    assert data["accuracy"] == 1.0
    assert any(line.startswith("accuracy") for line in lines)


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("sentence\tlabel\nx\tpositive\n", "line 1"),
        ("label\tsentence\npositive\tok\nmaybe\tx\n", "line 3"),
        ("label\tsentence\npositive no tab\n", "line 2"),
    ],
)
def test_eval_malformed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, needle: str
) -> None:
    tsv = tmp_path / "bad.tsv"
    tsv.write_text(content)
    assert run(["sentiment", "eval", str(tsv)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert needle in captured.err
    assert "Traceback" not in captured.err


def test_eval_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["sentiment", "eval", str(tmp_path / "none.tsv")]) == 2
    assert capsys.readouterr().err.count("\n") == 1
